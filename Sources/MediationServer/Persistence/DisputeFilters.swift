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

    /// Not archived, deadline after `now` and in its warning period: `LegalClock.status` would
    /// say "warning", counted in calendar days like the detail page (`warningCutoff`).
    @discardableResult
    package func dueSoon(at now: Date, limits: TimeLimits = .default) -> Self {
        filter(\.$stage != DisputeStage.archived.rawValue).filter(\.$deadlineAt > now)
            .filter(\.$deadlineAt < LegalClock(limits: limits).warningCutoff(at: now))
    }
}

/// The scope test of the dispute list, and its count.
package enum DisputeScope {
    /// Disputes registered or handled inside `scopePath`. When the scope holds every org unit (the
    /// county's own scope), every dispute is in it and there is nothing to test: the list's count
    /// and first page then read an index alone instead of testing two `LIKE` prefixes on every
    /// row (at 100,000 disputes most of the county list's time, BENCHMARKS.md). A narrower scope
    /// keeps the prefix test: as a path range on SQLite it counts by `disputes_origin` /
    /// `disputes_handling` (130 → 3 ms for a township) but the page then sorts the township's rows
    /// instead of walking `disputes_list` newest first (1 → 30 ms), measured with `sqlite3`.
    /// The tree has one root (the county: `OrgTreeRules` allows one), so a scope whose path is a
    /// root's (`/id/`) holds every unit, and this is known without a query.
    package static func query(scopePath: String, on db: Database) async throws -> QueryBuilder<DisputeModel> {
        if isWholeTree(scopePath) { return DisputeModel.query(on: db) }
        return DisputeStore(db: db).visible(scopePath: scopePath)
    }

    package static func isWholeTree(_ scopePath: String) -> Bool {
        scopePath.split(separator: "/").count == 1
    }
}

extension QueryBuilder {
    /// `COUNT(*)`: Fluent's `count()` is `COUNT(id)`, which makes SQLite read the id of every
    /// matching row (the table, or the id index: 20 ms for 100,000 disputes) where `COUNT(*)` is
    /// answered by any index covering the filters (0.2 ms unfiltered).
    package func countRows() async throws -> Int {
        guard database is any SQLDatabase else { return try await count() }
        return try await aggregate(.custom(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier(FieldKey.aggregate.description))),
                                   as: Int.self)
    }
}
