import Foundation
import PatrolDomain
import PinganDomain
import Testing

/// The simulator's patrol loops: the same seed gives the same loop, stops lie in the grid, the
/// unit pauses at a stop and moves at its kind's speed between stops.
@Suite("Patrol loops for the simulator")
struct PatrolLoopTests {
    static let grid = GeoPolygon(outer: [GeoPoint(lat: 36.30, lon: 114.30), GeoPoint(lat: 36.30, lon: 114.36),
                                         GeoPoint(lat: 36.34, lon: 114.36), GeoPoint(lat: 36.34, lon: 114.30)])

    @Test("Deterministic, inside its grid, pausing at stops and moving at its speed between them")
    func loop() {
        let a = PatrolLoop(grid: Self.grid, kind: .patrolCar, seed: 42), b = PatrolLoop(grid: Self.grid, kind: .patrolCar, seed: 42)
        #expect(a.path == b.path)
        #expect(a.path != PatrolLoop(grid: Self.grid, kind: .patrolCar, seed: 43).path)
        #expect(a.path.allSatisfy(Self.grid.contains) && a.stops.count == 5)
        // At the start of the loop the car stands at its first stop for the pause, then drives.
        #expect(a.position(at: 0).speed == 0 && a.position(at: a.pause - 1).point == a.path[0])
        let moving = a.position(at: a.pause + 10)
        #expect(moving.speed == 9 && abs(moving.point.distance(to: a.path[0]) - 90) < 1)
        #expect((0...360).contains(moving.heading))
        // A loop: one period later it is where it was.
        #expect(a.position(at: 123).point.distance(to: a.position(at: 123 + a.period).point) < 0.01)
        // A route for the legs replaces the straight lines.
        let routed = PatrolLoop(grid: Self.grid, kind: .footPatrol, seed: 42) { p, q in
            [p, GeoPoint(lat: p.lat, lon: q.lon), q]
        }
        #expect(routed.path.count == 10 && routed.speed == 1.3)
    }
}
