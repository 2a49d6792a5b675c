import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore

/// The demo county's force (`DemoForce`): one squadron per patrol grid, the seed's GPS cars and
/// mobile police vehicles, and some motorcycle, foot and plain-clothes patrols, all off duty until
/// an officer signs on. Running it again adds nothing.
package enum PatrolDemoSeed {
    package static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {
        let grids = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).all()
        let parents = try await OrgUnitModel.query(on: db).filter(\.$id ~~ grids.compactMap(\.parentID)).all()
        let byID = Dictionary(uniqueKeysWithValues: parents.compactMap { p in p.id.map { ($0, p) } })
        let byCode = Dictionary(uniqueKeysWithValues: (parents + grids).map { ($0.code, $0) })
        let plan = DemoForce.plan(grids: grids.compactMap { g in
            g.parentID.flatMap { byID[$0] }.map { parent in
                DemoForce.Grid(code: g.code, urban: parent.kind == OrgUnitKind.commandCenter.rawValue, commandingUnitCode: parent.code)
            }
        })
        let existing = Set(try await PatrolUnitModel.query(on: db).all().map(\.callSign))
        let added = try await db.writeTransaction { tx -> Int in
            var added = 0
            for planned in plan where !existing.contains(planned.callSign) {
                guard let station = byCode[planned.stationCode], let grid = byCode[planned.homeGridCode] else { continue }
                let unit = PatrolUnitModel()
                unit.callSign = planned.callSign
                unit.kind = planned.kind.rawValue
                unit.stationOrgUnitID = try station.requireID()
                unit.stationPath = station.path
                unit.homeGridOrgUnitID = grid.id
                unit.status = PatrolUnitStatus.offDuty.rawValue
                unit.capabilities = planned.capabilities.map(\.rawValue).joined(separator: ",")
                unit.createdAt = now
                try await unit.create(on: tx)
                added += 1
            }
            return added
        }
        log("巡逻单元：新增 \(added)，已有 \(existing.count)")
    }
}
