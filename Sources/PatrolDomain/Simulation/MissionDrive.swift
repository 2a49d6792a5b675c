import Foundation
import PinganDomain

/// A simulated unit's drive to a task (an incident's scene, a checkpoint): along the route at the
/// speed of a unit answering a call, then standing at the end. Drive time is in patrol time (the
/// simulator's clock, which may run faster than the wall's).
public struct MissionDrive: Sendable {
    public let route: [GeoPoint]
    public let speed: Double
    public let startedAt: TimeInterval
    private let cumulative: [Double]

    public var meters: Double { cumulative.last ?? 0 }

    public init(route: [GeoPoint], speed: Double, startedAt: TimeInterval) {
        self.route = route.isEmpty ? [GeoPoint(lat: 0, lon: 0)] : route
        self.speed = max(0.5, speed)
        self.startedAt = startedAt
        var sums: [Double] = [0]
        for i in self.route.indices.dropFirst() { sums.append(sums[i - 1] + self.route[i - 1].distance(to: self.route[i])) }
        cumulative = sums
    }

    /// A unit answering a call drives faster than it patrols: about 40 km/h through a county seat.
    public static func responseSpeed(_ kind: PatrolUnitKind) -> Double {
        switch kind {
        case .footPatrol, .plainClothes: 2.5
        case .motorcycle: 11
        case .checkpointPost, .fixedPost: 0.5
        case .patrolCar, .responseTeam, .mobilePoliceVehicle: 11
        }
    }

    public func arrived(at t: TimeInterval) -> Bool { (t - startedAt) * speed >= meters }

    /// Where the unit is at patrol time `t`, its speed and heading.
    public func position(at t: TimeInterval) -> (point: GeoPoint, speed: Double, heading: Double) {
        let along = max(0, t - startedAt) * speed
        guard route.count > 1, along < meters else {
            return (route.last!, 0, route.count > 1 ? PatrolLoop.heading(route[route.count - 2], route.last!) : 0)
        }
        var i = cumulative.lastIndex { $0 <= along } ?? 0
        i = min(i, route.count - 2)
        let a = route[i], b = route[i + 1]
        let leg = cumulative[i + 1] - cumulative[i]
        let f = leg > 0 ? (along - cumulative[i]) / leg : 1
        return (GeoPoint(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f), speed, PatrolLoop.heading(a, b))
    }
}
