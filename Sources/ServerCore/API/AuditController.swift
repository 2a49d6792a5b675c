import Fluent
import Vapor

/// `/api/v1/audit`: administrators read and export the audit trail (X3).
package struct AuditController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.audit, use: list)
        routes.on(CoreRoutes.auditCSV, use: exportCSV)
    }

    package struct AuditDTO: Content {
        package var id: UUID
        package var at: Date
        package var actorId: UUID?
        package var actorUsername: String
        package var action: String
        package var entityType: String
        package var entityId: String?
        package var before: String?
        package var after: String?

        package init(_ m: AuditRecordModel) {
            id = m.id!
            at = m.at
            actorId = m.actorID
            actorUsername = m.actorUsername
            action = m.action
            entityType = m.entityType
            entityId = m.entityID
            before = m.before
            after = m.after
        }
    }

    package func list(req: Request) async throws -> ListPage<AuditDTO> {
        _ = try req.caller(.admin)
        return try await Self.filtered(req).paged(try PageRequest(req), map: AuditDTO.init)
    }

    package func exportCSV(req: Request) async throws -> Response {
        _ = try req.caller(.admin)
        let rows = try await Self.filtered(req).limit(100_000).all()
        let iso = ISO8601DateFormatter()
        var csv = "\u{FEFF}id,at,actor,action,entity_type,entity_id,before,after\r\n"
        for r in rows {
            let fields = [r.id?.uuidString ?? "", iso.string(from: r.at), r.actorUsername, r.action, r.entityType,
                          r.entityID ?? "", r.before ?? "", r.after ?? ""]
            csv += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "pingan-audit.csv")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }

    /// Quotes a CSV field (one rule for every export: `ExportTable.csvField`).
    package static func csvField(_ s: String) -> String { ExportTable.csvField(s) }

    /// Filters: `entityType`, `entityId`, `actor` (username), `action`, `from`, `to` (ISO 8601).
    package static func filtered(_ req: Request) throws -> QueryBuilder<AuditRecordModel> {
        let q = AuditRecordModel.query(on: req.db)
        if let v = req.query[String.self, at: "entityType"] { q.filter(\.$entityType == v) }
        if let v = req.query[String.self, at: "entityId"] { q.filter(\.$entityID == v) }
        if let v = req.query[String.self, at: "actor"] { q.filter(\.$actorUsername == v) }
        if let v = req.query[String.self, at: "action"] { q.filter(\.$action == v) }
        if let from = try date(req, "from") { q.filter(\.$at >= from) }
        if let to = try date(req, "to") { q.filter(\.$at <= to) }
        return q.sort(\.$at, .descending).sort(\.$id)
    }

    package static func date(_ req: Request, _ name: String) throws -> Date? {
        try Check.date(req, name)
    }

    package init() {
    }
}
