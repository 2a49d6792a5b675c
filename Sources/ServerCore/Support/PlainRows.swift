import Fluent
import FluentSQL
import PinganDomain
import SQLKit

extension QueryBuilder {
    /// The rows this query finds, each decoded straight from its SQL row into `Row`, a plain
    /// `Decodable` whose coding keys are column names. Fluent's `all()` builds a model per row:
    /// an object per property, found by reflection, allocated and released again. For a list page
    /// of 50 disputes that was the largest part of the request after the queries themselves
    /// (BENCHMARKS.md). Filters, sorts, fields and ranges are the builder's own, turned into SQL by
    /// FluentSQL's converter as the drivers do; only for models without soft delete, whose rows
    /// `all()` would not filter.
    package func plainRows<Row: Decodable & Sendable>(_: Row.Type) async throws -> [Row] {
        guard let sql = database as? any SQLDatabase else {
            throw DomainError.invalid("unsupported_database", "plain rows need an SQL database", "需要 SQL 数据库")
        }
        let expression = SQLQueryConverter(delegate: PlainReadConverter()).convert(query)
        let prefix = Model.schemaOrAlias + "_"  // FluentSQL selects each field as `schema_field`
        // The driver calls back once per row, one after another.
        nonisolated(unsafe) var rows: [Result<Row, any Error>] = []
        try await sql.execute(sql: expression) { row in
            rows.append(Result { try row.decode(model: Row.self, prefix: prefix) })
        }
        return try rows.map { try $0.get() }
    }
}

/// For reading queries, which name no column types: the drivers' own delegates differ only in
/// the types a schema declares.
private struct PlainReadConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}
