import Fluent
import Foundation
import ServerCore
import SQLKit

/// An incident's number: JQ, the day it was reported (China time) and its place in that day,
/// `JQyyyyMMdd-NNNN`. Each number comes from a counter row per day that one statement increments
/// and returns (an upsert, atomic on SQLite and PostgreSQL), taken before the intake's transaction
/// and committed at once, so intakes at the same moment never wait on one another's transactions
/// and never draw the same number. (Counting the day's incidents and retrying on a clash, as
/// before, refused 32 of about 1,200 intakes at 16 connections: BENCHMARKS.md, "Mixed load".)
/// The first number of a day follows the incidents already stored for it (the demo's and a
/// restore's rows were numbered without the counter). A number is never given twice; an intake
/// that fails after drawing one leaves a gap.
struct IncidentNumbers {
    let db: any Database
    static let table = "incident_day_numbers"

    func next(for at: Date) async throws -> String {
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("incident numbers need an SQL database", code: "unsupported_database") }
        let day = DayKey.string(at), prefix = "JQ" + day + "-"
        // The SELECT has a WHERE clause, which SQLite needs to read ON CONFLICT as the upsert's.
        let row = try await sql.raw("""
            INSERT INTO \(ident: Self.table) (day, n)
            SELECT \(bind: day), COUNT(*) + 1 FROM \(ident: IncidentModel.schema)
            WHERE number >= \(bind: prefix + "0000") AND number <= \(bind: prefix + "9999")
            ON CONFLICT (day) DO UPDATE SET n = \(ident: Self.table).n + 1
            RETURNING n
            """).first()
        guard let n = try row?.decode(column: "n", as: Int.self) else { throw APIError.badRequest("no incident number", code: "numbering") }
        return prefix + String(format: "%04d", n)
    }
}
