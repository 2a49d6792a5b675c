import Foundation
import GeoSupport

/// What a plan puts on the map: its key sites (重点部位), patrol routes (巡逻路线) and posts (岗位
/// and 卡点, the checkpoint deployment map). A post names the unit it takes, or the kind of unit
/// to take (the nearest available of that kind by drive time when the plan is activated), and the
/// minutes after activation by which it is to be staffed.
public struct PlanLayout: Codable, Sendable, Hashable {
    public struct KeySite: Codable, Sendable, Hashable {
        public var name: String
        public var lat: Double
        public var lon: Double
        public init(name: String, lat: Double, lon: Double) { self.name = name; self.lat = lat; self.lon = lon }
    }

    public struct PatrolRoute: Codable, Sendable, Hashable {
        public var name: String
        /// [lon, lat] pairs, GeoJSON order, as the map draws them.
        public var points: [[Double]]
        public init(name: String, points: [[Double]]) { self.name = name; self.points = points }
    }

    public struct Post: Codable, Sendable, Hashable {
        public var name: String
        public var lat: Double
        public var lon: Double
        /// A checkpoint (卡点) rather than a standing post (岗位): drawn as such on the deployment map.
        public var checkpoint: Bool
        /// The unit named for the post, if any (its id).
        public var unitId: String?
        /// The kind of unit the post needs: the nearest available one of it is taken when no unit
        /// is named, or when the named one cannot go.
        public var unitKind: PatrolUnitKind
        /// Minutes after activation by which the post is to be staffed.
        public var targetMinutes: Int

        public init(name: String, lat: Double, lon: Double, checkpoint: Bool = false, unitId: String? = nil,
                    unitKind: PatrolUnitKind, targetMinutes: Int) {
            self.name = name; self.lat = lat; self.lon = lon; self.checkpoint = checkpoint
            self.unitId = unitId; self.unitKind = unitKind; self.targetMinutes = targetMinutes
        }

        public var position: GeoPoint { GeoPoint(lat: lat, lon: lon) }
    }

    public var sites: [KeySite]
    public var routes: [PatrolRoute]
    public var posts: [Post]

    public init(sites: [KeySite] = [], routes: [PatrolRoute] = [], posts: [Post]) {
        self.sites = sites; self.routes = routes; self.posts = posts
    }

    /// The limits the API document declares and the handler enforces (one place for both).
    public enum Limits {
        public static let name = 100
        public static let description = 2000
        public static let sites = 50
        public static let routes = 20
        public static let routePoints = 500
        public static let posts = 50
        public static let targetMinutes = 1...240
    }

    /// What is wrong with the layout beyond what a schema can say, in Chinese; empty when nothing is.
    /// Two posts may not name the same unit: a unit has one task in an activation.
    public func problems() -> [String] {
        var out: [String] = []
        func bad(_ lat: Double, _ lon: Double) -> Bool { !(-90...90).contains(lat) || !(-180...180).contains(lon) || !lat.isFinite || !lon.isFinite }
        if posts.isEmpty { out.append("预案至少要有一个岗位") }
        for (i, p) in posts.enumerated() {
            if bad(p.lat, p.lon) { out.append("岗位 \(i + 1) 的坐标无效") }
            if !Limits.targetMinutes.contains(p.targetMinutes) { out.append("岗位 \(i + 1) 的到位时限须为 1–240 分钟") }
        }
        for (i, s) in sites.enumerated() where bad(s.lat, s.lon) { out.append("重点部位 \(i + 1) 的坐标无效") }
        for (i, r) in routes.enumerated() {
            if r.points.count < 2 { out.append("巡逻路线 \(i + 1) 至少要有两个点") }
            if r.points.contains(where: { $0.count != 2 || bad($0[1], $0[0]) }) { out.append("巡逻路线 \(i + 1) 有无效的坐标") }
        }
        let named = posts.compactMap(\.unitId)
        if Set(named).count != named.count { out.append("同一单元不能指派到两个岗位") }
        return out
    }
}
