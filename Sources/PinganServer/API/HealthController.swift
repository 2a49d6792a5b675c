import Fluent
import SQLKit
import Vapor

/// `/healthz`: the process answers and the database is reachable. `/readyz`: also migrated.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
    }

    struct Status: Content {
        var status: String
        var database: String
    }

    func health(req: Request) async throws -> Status {
        guard let sql = req.db as? SQLDatabase else { throw APIError(status: .serviceUnavailable, code: "no_database", message: "database unavailable") }
        do {
            _ = try await sql.raw("SELECT 1").all()
        } catch {
            throw APIError(status: .serviceUnavailable, code: "database_unreachable", message: "数据库不可用 / database unreachable")
        }
        return Status(status: "ok", database: req.application.settings.database.kindName)
    }

    func ready(req: Request) async throws -> Status {
        let s = try await health(req: req)
        let applied = (try? await MigrationLog.query(on: req.db).count()) ?? 0
        guard applied >= PinganMigrations.all.count else {
            throw APIError(status: .serviceUnavailable, code: "not_migrated",
                           message: "数据库尚未迁移，请运行 pingan migrate / run `pingan migrate` first")
        }
        return Status(status: "ready", database: s.database)
    }
}

extension Settings.Database {
    var kindName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
