import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// What `pingan demo` loads of cameras (`DemoCameras`, flagged illustrative), after the patrol
/// force; running it again adds nothing twice. No notices: those are the video-patrol officer's.
enum VideoPatrolDemoSeed {
    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {
        let grids = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).filter(\.$geometry != nil).all()
        let parents = Dictionary(uniqueKeysWithValues: try await OrgUnitModel.query(on: db).filter(\.$id ~~ grids.compactMap(\.parentID)).all()
            .map { ($0.id!, $0) })
        let decoder = JSONDecoder()
        let planned = grids.compactMap { g -> DemoCameras.Grid? in
            guard let text = g.geometry, let geometry = try? decoder.decode(UnitGeometry.self, from: Data(text.utf8)) else { return nil }
            let urban = g.parentID.flatMap { parents[$0] }?.kind == OrgUnitKind.commandCenter.rawValue
            return DemoCameras.Grid(code: g.code, name: g.name, geometry: geometry, urban: urban)
        }
        let cameras = DemoCameras.plan(grids: planned, checkpoints: checkpoints(log: log))
        let byCode = Dictionary(uniqueKeysWithValues: grids.map { ($0.code, $0) })
        let county = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.county.rawValue).first()
        let existing = Set(try await CameraModel.query(on: db).all().map(\.code))
        let added = try await db.writeTransaction { tx -> Int in
            var added = 0
            for c in cameras where !existing.contains(c.code) {
                let grid = c.gridCode.flatMap { byCode[$0] }
                let m = CameraModel()
                m.code = c.code; m.name = c.name; m.kind = c.kind.rawValue; m.lat = c.position.lat; m.lon = c.position.lon
                m.gridOrgUnitID = grid?.id
                m.scopePath = grid?.path ?? county?.path ?? "/"
                m.illustrative = true
                m.createdAt = now; m.updatedAt = now
                try await m.create(on: tx)
                added += 1
            }
            return added
        }
        log("视频监控点位（示意）：新增 \(added)，已有 \(existing.count)")
    }

    /// The demo road network's county exits and gates, where the county puts its plate-reading
    /// cameras: the demo county's own network (`DemoCache`, generated once per process and shared
    /// with the app that serves it), found from the app's root as `Settings` finds it. If it cannot
    /// be made, those cameras are left out and the log says so.
    static func checkpoints(log: (String) -> Void) -> [CheckpointSite] {
        let root = ProcessInfo.processInfo.environment["PINGAN_ROOT"] ?? Settings.defaultRoot()
        let resources = DirectoryConfiguration(workingDirectory: root.hasSuffix("/") ? root : root + "/").resourcesDirectory
        do { return try DemoCache.shared.network(resources: resources).checkpoints } catch {
            log("视频监控点位：未能载入示意路网的卡口（\(error)），卡口点位从略")
            return []
        }
    }
}
