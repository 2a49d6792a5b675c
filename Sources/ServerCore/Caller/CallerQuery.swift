import Fluent
import PinganDomain
import SQLKit
import Vapor

/// Loads the caller of a request in one query: the token, its user, the user's unit and that
/// unit's jurisdiction joined, instead of four round trips on every API call (most of a short
/// list's time at 100,000 disputes was spent here, BENCHMARKS.md).
package enum CallerQuery {
    /// The caller for an unexpired token of an active user, or nil.
    package static func byToken(hash: String, now: Date, on db: any Database) async throws -> Caller? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let row = try await select(sql)
            .from(UserTokenModel.schema)
            .join(UserModel.schema, method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: UserModel.schema), .equal, SQLColumn("user_id", table: UserTokenModel.schema))
            .joinUnits()
            .where(SQLColumn("token_hash", table: UserTokenModel.schema), .equal, SQLBind(hash))
            .where(SQLColumn("expires_at", table: UserTokenModel.schema), .greaterThan, SQLBind(now))
            .first()
        return try row.flatMap(caller)
    }

    /// The caller for a user id kept in a browser session, or nil.
    package static func byUser(id: UUID, on db: any Database) async throws -> Caller? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let row = try await select(sql).from(UserModel.schema).joinUnits()
            .where(SQLColumn("id", table: UserModel.schema), .equal, SQLBind(id))
            .first()
        return try row.flatMap(caller)
    }

    private static func select(_ sql: any SQLDatabase) -> SQLSelectBuilder {
        let u = UserModel.schema
        return sql.select()
            .column(SQLColumn("id", table: u), as: "uid").column(SQLColumn("username", table: u), as: "username")
            .column(SQLColumn("display_name", table: u), as: "display_name").column(SQLColumn("role", table: u), as: "role")
            .column(SQLColumn("org_unit_id", table: u), as: "org_unit_id").column(SQLColumn("active", table: u), as: "active")
            .column(SQLColumn("name", table: "unit"), as: "unit_name")
            .column(SQLColumn("id", table: "unit"), as: "unit_id").column(SQLColumn("path", table: "unit"), as: "unit_path")
            .column(SQLColumn("id", table: "scope"), as: "scope_id").column(SQLColumn("path", table: "scope"), as: "scope_path")
    }

    private static func caller(_ row: any SQLRow) throws -> Caller? {
        guard try row.decode(column: "active", as: Bool.self),
              let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
        // Without a jurisdiction the unit's own subtree is the scope.
        let scopeID = try row.decode(column: "scope_id", as: UUID?.self) ?? row.decode(column: "unit_id", as: UUID.self)
        let scopePath = try row.decode(column: "scope_path", as: String?.self) ?? row.decode(column: "unit_path", as: String.self)
        return Caller(userID: try row.decode(column: "uid", as: UUID.self), username: try row.decode(column: "username", as: String.self),
                      displayName: try row.decode(column: "display_name", as: String.self), role: role,
                      orgUnitID: try row.decode(column: "org_unit_id", as: UUID.self),
                      orgUnitName: try row.decode(column: "unit_name", as: String.self), scopeUnitID: scopeID, scopePath: scopePath)
    }
}

private extension SQLSelectBuilder {
    /// The user's unit (`unit`) and, when it has one, the unit of its jurisdiction (`scope`).
    func joinUnits() -> Self {
        join(SQLAlias(SQLIdentifier(OrgUnitModel.schema), as: SQLIdentifier("unit")), method: SQLJoinMethod.inner,
             on: SQLColumn("id", table: "unit"), .equal, SQLColumn("org_unit_id", table: UserModel.schema))
            .join(SQLAlias(SQLIdentifier(OrgUnitModel.schema), as: SQLIdentifier("scope")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "scope"), .equal, SQLColumn("jurisdiction_id", table: "unit"))
    }
}
