import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain
import SQLKit

/// The board's groups as query filters. The board's lists and the dispute list its links open
/// both use these, so "查看全部" shows exactly the disputes the board counted.
extension QueryBuilder where Model == DisputeModel {
    /// Still being worked on (registered, accepted, mediating).
    @discardableResult
    package func open() -> Self { filter(\.$stage ~~ DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)) }

    /// Not archived and past its nearest deadline at `now`.
    @discardableResult
    package func overdue(at now: Date) -> Self {
        filter(\.$stage != DisputeStage.archived.rawValue).filter(\.$deadlineAt <= now)
    }

    /// Not archived, deadline after `now` but within the warning days.
    @discardableResult
    package func dueSoon(at now: Date, limits: TimeLimits = .default) -> Self {
        filter(\.$stage != DisputeStage.archived.rawValue).filter(\.$deadlineAt > now)
            .filter(\.$deadlineAt <= now.addingTimeInterval(Double(limits.warningDaysBefore) * 86_400))
    }
}

/// The scope test of the dispute list, written so an index can answer it.
package enum DisputeScope {
    /// Disputes registered or handled inside `scopePath`. When the scope holds every org unit (the
    /// county's own scope), every dispute is in it and there is nothing to test: the list's count
    /// and first page then read `disputes_list` alone instead of testing two `LIKE` prefixes on
    /// all of its rows (at 100,000 disputes most of the county list's time). On SQLite a narrower
    /// scope is a range of the path (`p <= path < p'`, where p' follows every path under p), which
    /// `disputes_origin` and `disputes_handling` answer and which is a plain comparison where
    /// scanned; PostgreSQL keeps the prefix test, since its text order follows the collation.
    package static func query(scopePath: String, on db: Database) async throws -> QueryBuilder<DisputeModel> {
        let q = DisputeModel.query(on: db)
        if try await OrgUnitModel.query(on: db).filter(\.$path !=~ scopePath).count() == 0 { return q }
        guard (db as? any SQLDatabase)?.dialect.name == "sqlite", let end = pathsEnd(scopePath) else {
            return DisputeStore(db: db).visible(scopePath: scopePath)
        }
        return q.group(.or) { g in
            g.group(.and) { $0.filter(\.$originPath >= scopePath).filter(\.$originPath < end) }
            g.group(.and) { $0.filter(\.$handlingPath >= scopePath).filter(\.$handlingPath < end) }
        }
    }

    /// The least string above every string starting with `prefix` in byte order: the prefix with
    /// its last character moved on by one ("/a/b/" → "/a/b0"). Paths are ASCII ("/id/id/").
    package static func pathsEnd(_ prefix: String) -> String? {
        guard let last = prefix.unicodeScalars.last, last.isASCII, last.value < 0x7f,
              let next = Unicode.Scalar(last.value + 1) else { return nil }
        return String(prefix.unicodeScalars.dropLast()) + String(Character(next))
    }
}
