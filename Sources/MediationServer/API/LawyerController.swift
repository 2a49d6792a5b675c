import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/api/v1/lawyers` (M11): the county's lawyers, each the contact for a share of the county
/// departments, and consultation requests on a dispute. A lawyer is a user with role `lawyer`;
/// a consultation is an `assigned` event (role lawyer) on the dispute, and the lawyer answers
/// with a `comment_added` event through `POST /api/v1/disputes/{id}/events`.
package struct LawyerController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.lawyers, use: list)
        routes.on(MediationRoutes.lawyer, use: show)
        routes.on(MediationRoutes.assignLawyerDepartment, use: assignDepartment)
        routes.on(MediationRoutes.consultLawyer, use: consult)
    }

    package struct Department: Content {
        package var id: UUID
        package var code: String
        package var name: String
    }

    package struct Item: Content {
        package var id: UUID
        package var username: String
        package var displayName: String
        package var departments: [Department]
    }

    package struct AssignRequest: Content {
        package var departmentOrgUnitId: UUID
    }

    package struct ConsultRequest: Content {
        /// The event id (client-made, so a resend stores one request).
        package var id: UUID?
        package var disputeId: UUID
        package var question: String
    }

    package struct Consultation: Content {
        package var id: UUID
        package var lawyerId: UUID
        package var disputeId: UUID
        package var question: String
        package var disputeVersion: Int
    }

    package func lawyers(_ db: Database) -> QueryBuilder<UserModel> {
        UserModel.query(on: db).filter(\.$role == Role.lawyer.rawValue).filter(\.$active == true)
    }

    package func items(_ users: [UserModel], db: Database) async throws -> [Item] {
        let ids = users.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let assignments = try await LawyerAssignmentModel.query(on: db).filter(\.$lawyerUserID ~~ ids).all()
        let units = try await OrgUnitModel.query(on: db).filter(\.$id ~~ assignments.map(\.departmentOrgUnitID)).all()
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        let grouped = Dictionary(grouping: assignments, by: \.lawyerUserID)
        return users.map { u in
            let deps = (grouped[u.id!] ?? []).compactMap { byID[$0.departmentOrgUnitID] }.sorted { $0.code < $1.code }
            return Item(id: u.id!, username: u.username, displayName: u.displayName,
                        departments: deps.map { Department(id: $0.id!, code: $0.code, name: $0.name) })
        }
    }

    /// All lawyers (a county-wide service); `orgUnit` = a department gives its lawyer.
    package func list(req: Request) async throws -> ListPage<Item> {
        let actor = try DisputeController.caller(req)
        let page = try PageRequest(req)
        let q = lawyers(req.db)
        if let raw = req.query[String.self, at: "orgUnit"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), try await OrgUnitStore(db: req.db).find(id, scopePath: actor.scopePath) != nil else {
                throw APIError.notFound("单位")
            }
            q.filter(\.$id ~~ (try await LawyerAssignmentModel.query(on: req.db).filter(\.$departmentOrgUnitID == id).all(\.$lawyerUserID)))
        }
        return try await q.sort(\.$username).pagedRows(page) { try await items($0, db: req.db) }
    }

    package func show(req: Request) async throws -> Item {
        _ = try DisputeController.caller(req)
        return try await items([try await lawyer(req)], db: req.db)[0]
    }

    package func lawyer(_ req: Request) async throws -> UserModel {
        let id = try req.uuidParameter(what: "律师")
        guard let u = try await lawyers(req.db).filter(\.$id == id).first() else { throw APIError.notFound("律师") }
        return u
    }

    /// Makes this lawyer the contact for a department (taking it from its previous lawyer).
    package func assignDepartment(req: Request) async throws -> Item {
        let actor = try req.caller(.admin, .justiceBureauStaff)
        let u = try await lawyer(req)
        let body = try req.content.decode(AssignRequest.self)
        guard let dep = try await OrgUnitStore(db: req.db).find(body.departmentOrgUnitId, scopePath: actor.scopePath) else {
            throw APIError.notFound("单位")
        }
        guard dep.unitKind == .department else { throw APIError.validation("只能分包县直部门 / only a county department can be assigned") }
        let now = req.now
        try await req.db.writeTransaction { db in
            let current = try await LawyerAssignmentModel.query(on: db).filter(\.$departmentOrgUnitID == dep.id!).first()
            if current?.lawyerUserID == u.id { return }
            let assignment = current ?? LawyerAssignmentModel()
            let before = current.map { ["lawyerUserId": $0.lawyerUserID.uuidString] }
            assignment.lawyerUserID = u.id!
            assignment.departmentOrgUnitID = dep.id!
            assignment.assignedAt = now
            try await assignment.save(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "assign", entityType: "lawyer_assignment", entityID: assignment.id,
                                      before: before, after: ["lawyerUserId": u.id!.uuidString, "department": dep.name])
        }
        return try await items([u], db: req.db)[0]
    }

    /// Asks the lawyer to consult on a dispute in the caller's scope.
    package func consult(req: Request) async throws -> Response {
        let actor = try DisputeController.caller(req)
        guard actor.role != .lawyer else { throw APIError.forbidden }
        let u = try await lawyer(req)
        let body = try req.content.decode(ConsultRequest.self)
        guard try await DisputeStore(db: req.db).find(body.disputeId, scopePath: actor.scopePath) != nil else { throw APIError.notFound("纠纷") }
        let question = try Check.text(body.question, "question", max: 2000)
        let eventID = body.id ?? UUID()
        let (model, outcome) = try await DisputeStore(db: req.db).append(
            disputeID: body.disputeId, eventID: eventID,
            kind: .assigned(DisputeAssignment(role: .lawyer, userId: u.id, name: u.displayName, note: question)),
            baseVersion: nil, by: EventActor(actor), at: req.now)
        return try await Consultation(id: eventID, lawyerId: u.id!, disputeId: body.disputeId, question: question, disputeVersion: model.version)
            .encodeResponse(status: outcome == .created ? .created : .ok, for: req)
    }

    package init() {
    }
}
