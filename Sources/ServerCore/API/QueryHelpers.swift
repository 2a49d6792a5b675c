import Fluent
import Foundation
import Vapor

/// Names of units for list answers, loaded in one query.
package enum UnitNames {
    package static func load(_ ids: some Sequence<UUID>, on db: Database) async throws -> [UUID: String] {
        let set = Array(Set(ids))
        guard !set.isEmpty else { return [:] }
        let units = try await OrgUnitModel.query(on: db).filter(\.$id ~~ set).all()
        return Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.name) } })
    }
}

/// A resent create whose id is already used for something else.
extension APIError {
    package static func idTaken(_ id: UUID) -> APIError {
        .conflict("编号 \(id) 已用于另一条记录 / this id was used for a different record", code: "duplicate_id")
    }
}

extension QueryBuilder {
    /// `paged` for lists whose items are built with further queries (unit names, recipients):
    /// one page of the (already sorted) rows, mapped together, and the whole count.
    package func pagedRows<T: Content>(_ p: PageRequest, map: ([Model]) async throws -> [T]) async throws -> ListPage<T> {
        let total = try await copy().count()
        let rows = try await copy().range(p.offset..<(p.offset + p.limit)).all()
        return ListPage(items: try await map(rows), total: total, limit: p.limit, offset: p.offset)
    }
}

/// Creates with a client-made id, safe against a phone sending the same request twice at once:
/// when the copy holds the database (SQLite "busy") or wins the insert, the answer is what it
/// stored; otherwise the write is tried again a little later. `write` must build its rows afresh.
package enum IdempotentCreate {
    package static func run<T>(write: () async throws -> T, stored: () async throws -> T?) async throws -> (T, created: Bool) {
        for attempt in 1...3 {
            do {
                return (try await write(), true)
            } catch where (error as? any DatabaseError) != nil {
                if let s = try await stored() { return (s, false) }
                guard attempt < 3 else { throw error }
                try await Task.sleep(nanoseconds: UInt64(attempt) * 100_000_000)
            }
        }
        throw APIError.conflict("系统繁忙，请重试 / busy, retry", code: "busy")
    }
}
