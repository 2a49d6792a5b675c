import Fluent
import SQLKit
import Vapor

/// `/healthz`: the process answers and the database is reachable. `/readyz`: also migrated.
package struct HealthController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.healthz, use: health)
        routes.on(CoreRoutes.readyz, use: ready)
    }

    package struct Status: Content {
        package var status: String
        package var database: String

        package init(status: String, database: String) {
            self.status = status
            self.database = database
        }
    }

    package func health(req: Request) async throws -> Status {
        guard let sql = req.db as? SQLDatabase else { throw APIError(status: .serviceUnavailable, code: "no_database", message: "database unavailable") }
        do {
            _ = try await sql.raw("SELECT 1").all()
        } catch {
            throw APIError(status: .serviceUnavailable, code: "database_unreachable", message: "数据库不可用 / database unreachable")
        }
        return Status(status: "ok", database: req.application.settings.database.kindName)
    }

    package func ready(req: Request) async throws -> Status {
        let s = try await health(req: req)
        let applied = (try? await MigrationLog.query(on: req.db).count()) ?? 0
        guard applied >= CoreMigrations.all.count + req.application.wings.reduce(0, { $0 + $1.migrations.count }) else {
            throw APIError(status: .serviceUnavailable, code: "not_migrated",
                           message: "数据库尚未迁移，请运行 pingan migrate / run `pingan migrate` first")
        }
        return Status(status: "ready", database: s.database)
    }

    package init() {
    }
}

extension Settings.Database {
    package var kindName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
