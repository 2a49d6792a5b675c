import Fluent
import Foundation
import MediationDomain
@testable import MediationServer
import PatrolDomain
@testable import PatrolServer
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

/// #12 point 3: "the same report on PostgreSQL is tested for equal results". The benchmark's
/// county year (`BenchCountyLoad`, same seed, small scale: 2,000 disputes, 10,000 incidents with
/// field records) is loaded into each database; on each, both tables of the county report (as the
/// API answers them, JSON-decoded) equal the hand-written SQL aggregates over the same tables; and
/// the two databases' reports are equal field for field (the org ids and the links that carry
/// them aside: the demo org gets new ids on each database).
@Suite("County report: same figures on SQLite and PostgreSQL")
struct CountyReportEqualityTests {
    /// A report with what may differ between two loads of the same records left out.
    struct Comparable: Equatable, CustomStringConvertible {
        struct MediationRow: Equatable { var key, label: String; var value: Int }
        struct PoliceRow: Equatable { var key, label, unit, definition: String; var count, level: Int }
        var mediation: [MediationRow]
        var successRate: Double
        var tiers: SettledTiers
        var police: [PoliceRow]
        var from: Date?, to: Date?

        init(_ m: CountyTableDTO, _ p: PublicSecurityTableDTO) {
            mediation = m.rows.map { MediationRow(key: $0.key, label: $0.label, value: $0.value) }
            successRate = m.successRate
            tiers = m.tiers
            police = p.rows.map { PoliceRow(key: $0.key, label: $0.label, unit: $0.unit, definition: $0.definition, count: $0.count, level: $0.level) }
            from = m.from
            to = m.to
            #expect(m.from == p.from && m.to == p.to)
        }

        var description: String {
            mediation.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + " | " + police.map { "\($0.key)=\($0.count)" }.joined(separator: " ")
                + " | tiers " + tiers.rows.map { "\($0.tier.rawValue)=\($0.count)" }.joined(separator: " ")
        }
    }

    static let disputes = 2_000, incidents = 10_000

    /// Loads the county year into `db`, checks both tables against plain SQL there, and returns the report.
    static func report(on db: TestDatabase) async throws -> Comparable {
        try await withApp(db) { app in
            let year = LocalDate(Date(), in: PinganCalendar.shanghai).year - 1
            let loaded = try await BenchCountyLoad.load(disputes: disputes, incidents: incidents, year: year, on: app) { _ in }
            #expect(loaded.disputes == disputes)
            #expect(loaded.incidents == incidents)
            let county = try await app.unit(code: "130427000000")
            let requests = try await BenchCountyReport.requests(app, county: try county.requireID(), year: year)
            let (mediation, police) = try await BenchCountyReport.report(app, requests)

            // On this database the report says what plain SQL over the same tables says, figure by figure.
            let plain = try await CountyReportSQL(sql: app.db as! any SQLDatabase, county: county.path,
                                                  period: BenchCountyLoad.period(year: year)).figures()
            #expect(plain.mismatches(mediation, police) == [], "\(db)")
            // Real figures, not zeros that would agree anywhere: the year's disputes (all 2,000 are
            // registered in it), most of them settled, every loaded incident and field record.
            #expect(mediation.value(.received) == disputes)
            #expect(mediation.value(.settled) > disputes / 2)
            #expect(mediation.value(.receivedVillage) > 0 && mediation.value(.receivedTownship) > 0)
            let incidentsRow = try #require(police.rows.first { $0.key == PublicSecurityFigure.incidents.rawValue })
            #expect(incidentsRow.count > incidents * 9 / 10 && incidentsRow.count <= incidents)
            #expect(plain.fieldRecords >= loaded.fieldRecords && plain.shifts > 20_000)
            #expect(police.rows.first { $0.key == PublicSecurityFigure.trafficViolations.rawValue }?.count ?? 0 > loaded.fieldRecords / 2)
            #expect(mediation.tiers.rows.contains { $0.count > 0 })
            return Comparable(mediation, police)
        }
    }

    @Test("both tables equal plain SQL on each database, and the databases agree field for field",
          .timeLimit(.minutes(20)))  // two databases' loads; a loaded fresh-clone run took 610 s
    func sameReport() async throws {
        var reports: [TestDatabase: Comparable] = [:]
        for db in TestDatabase.available { reports[db] = try await Self.report(on: db) }
        if let sqlite = reports[.sqlite], let postgres = reports[.postgres] {
            #expect(sqlite == postgres, "SQLite: \(sqlite)\nPostgreSQL: \(postgres)")
        }
    }
}
