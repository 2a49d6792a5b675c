import Fluent
import Foundation
import PatrolServer
import ServerCore
import Vapor

/// `pingan bench patrol [--units 100] [--out bench-units.json]` (for BENCHMARKS.md): prepares the
/// database the settings name (SQLite file by default, PostgreSQL with `DATABASE_URL`) for the
/// position-ingest load of `Benchmarks/ingest/ingest_load.py`: migrations, the demo org (with the
/// 39 demo patrol units), extra units up to N copied from the demo ones, each with an open shift
/// of the demo patrol officer (signed on 6.5 days ago, so back-dated fixes are on duty) and one
/// device token. Writes `{units: [{unitId, token}]}` for the load process; then `pingan serve`
/// on the same database takes the load.
enum BenchPatrolSetup {
    struct Unit: Codable { var unitId: UUID; var callSign: String; var token: String }
    struct Output: Codable { var units: [Unit]; var signedOnAt: Date; var preparedAt: Date }

    static func run(_ app: Application, units wanted: Int, out: String, say: (String) -> Void) async throws {
        try await app.autoMigrate()
        try await DemoOrgSeed.run(on: app) { _ in }
        var units = try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all()
        guard !units.isEmpty else { throw APIError.badRequest("no demo patrol units", code: "bench") }
        let now = Date()
        let templates = units
        var k = 0
        while units.count < wanted {
            let t = templates[k % templates.count]
            let u = PatrolUnitModel()
            u.callSign = String(format: "压测%03d", units.count + 1)
            u.kind = t.kind
            u.stationOrgUnitID = t.stationOrgUnitID
            u.stationPath = t.stationPath
            u.homeGridOrgUnitID = t.homeGridOrgUnitID
            u.status = t.status
            u.capabilities = t.capabilities
            u.createdAt = now
            if try await PatrolUnitModel.query(on: app.db).filter(\.$callSign == u.callSign).first() == nil {
                try await u.create(on: app.db)
                units.append(u)
            }
            k += 1
        }
        units = Array(units.prefix(wanted))
        guard let officer = try await UserModel.query(on: app.db).filter(\.$username == "patrol").first() else {
            throw APIError.badRequest("no demo patrol officer", code: "bench")
        }
        let signedOnAt = now.addingTimeInterval(-6.5 * 86_400)
        var written: [Unit] = []
        for u in units {
            let unitID = try u.requireID()
            let shift = PatrolShiftModel()
            shift.id = UUID()
            shift.unitID = unitID
            shift.officerID = try officer.requireID()
            shift.signedOnAt = signedOnAt
            shift.signedOffAt = nil
            try await shift.create(on: app.db)
            let issued = try await PositionIngest.issueToken(for: u, kind: "phone", now: now, on: app.db)
            written.append(Unit(unitId: unitID, callSign: u.callSign, token: issued.token))
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Output(units: written, signedOnAt: signedOnAt, preparedAt: now)).write(to: URL(fileURLWithPath: out))
        say("\(written.count) units signed on with device tokens → \(out)")
    }
}
