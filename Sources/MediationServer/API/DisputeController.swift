import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/api/v1/disputes`: intake, lists, detail and the event history (M3, M4). Only the justice
/// branch (and administrators) work with disputes; within it, scope decides what is visible.
package struct DisputeController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.disputes, use: list)
        routes.on(MediationRoutes.registerDispute, use: register)
        routes.on(MediationRoutes.duplicates, use: duplicates)
        routes.on(MediationRoutes.dispute, use: show)
        routes.on(MediationRoutes.disputeEvents, use: events)
        routes.on(MediationRoutes.appendEvent, use: append)
        routes.on(MediationRoutes.reveal, use: reveal)
    }

    /// The caller, if their role works with disputes (`Role.works(in: .justice)`).
    package static func caller(_ req: Request) throws -> Caller {
        let a = try req.caller()
        guard a.role.works(in: .justice) else { throw APIError.forbidden }
        return a
    }

    package func store(_ req: Request) -> DisputeStore { DisputeStore(db: req.db) }

    // MARK: Intake

    package func register(req: Request) async throws -> Response {
        let actor = try Self.caller(req)
        guard actor.role != .lawyer else { throw APIError.forbidden }
        let body = try req.content.decode(RegisterDisputeRequest.self)
        let intake = try await IntakeBuilder(db: req.db, actor: actor).intake(from: body)
        let enterprise = try Check.optionalText(body.enterpriseName, "enterpriseName", max: EnterpriseAPI.nameMax)
        let r = try await store(req).history.register(id: body.id, intake: intake, by: EventActor(actor), at: req.now)
        // 涉企 named at intake: flagged (audited) on the first send and, harmlessly, on a resend.
        if let enterprise { _ = try await EnterpriseFlags(db: req.db).flag(r.model, enterprise: enterprise, actor: actor, at: req.now) }
        return try await DisputeDetail(r.model, state: r.state, now: req.now, status: r.outcome == .created ? .created : .ok)
            .encodeResponse(for: req)
    }

    package struct DuplicateAnswer: Content {
        package struct Item: Content {
            package var disputeId: UUID
            package var reasons: [String]
            package var summary: String
            package var registeredAt: Date
            package var stageLabel: String
        }
        package var items: [Item]
    }

    /// Possible duplicates of an intake not yet saved: same party ID number, or same village/grid
    /// and category within 30 days. Only disputes the caller may see are named.
    package func duplicates(req: Request) async throws -> DuplicateAnswer {
        let actor = try Self.caller(req)
        let body = try req.content.decode(RegisterDisputeRequest.self)
        let intake = try await IntakeBuilder(db: req.db, actor: actor).intake(from: body)
        let since = req.now.addingTimeInterval(-30 * 86_400)
        let ids = intake.parties.compactMap { $0.idNumber?.uppercased() }
        var candidateIDs = Set(try await DisputePartyModel.query(on: req.db).filter(\.$idNumber ~~ ids).all().map(\.disputeID))
        if let v = intake.villageId {
            let near = try await DisputeModel.query(on: req.db).filter(\.$villageID == v).filter(\.$category == intake.category.rawValue)
                .filter(\.$registeredAt >= since).all()
            candidateIDs.formUnion(near.compactMap(\.id))
        }
        candidateIDs.remove(body.id)
        guard !candidateIDs.isEmpty else { return DuplicateAnswer(items: []) }
        let models = try await store(req).visible(scopePath: actor.scopePath).filter(\.$id ~~ candidateIDs).all()
        let summaries = try models.map { DisputeSummary(try store(req).state(of: $0)) }
        let found = DuplicateDetector().possibleDuplicates(of: intake, at: req.now, among: summaries)
        let byID = Dictionary(uniqueKeysWithValues: models.map { ($0.id!, $0) })
        return DuplicateAnswer(items: found.compactMap { dup in
            byID[dup.disputeId].map { m in
                .init(disputeId: dup.disputeId, reasons: dup.reasons.map(\.label), summary: m.summary, registeredAt: m.registeredAt,
                      stageLabel: DisputeStage(rawValue: m.stage)?.label ?? m.stage)
            }
        })
    }

    // MARK: Reading

    package func list(req: Request) async throws -> ListPage<DisputeListItem> {
        let actor = try Self.caller(req)
        let q = try await DisputeQuery(req, actor: actor).build()
        let now = req.now, page = try PageRequest(req)
        // Counted with COUNT(*), which an index covering the filters answers (DisputeFilters.swift).
        let total = try await q.copy().countRows()
        let rows = try await DisputeModel.listRows(q.sort(\.$registeredAt, .descending).sort(\.$id)
            .range(page.offset..<(page.offset + page.limit)))
        return ListPage(items: rows.map { DisputeListItem($0, now: now) }, total: total, limit: page.limit, offset: page.offset)
    }

    package func show(req: Request) async throws -> DisputeDetail {
        let actor = try Self.caller(req)
        guard let m = try await store(req).find(try req.uuidParameter(what: "纠纷"), scopePath: actor.scopePath) else {
            throw APIError.notFound("纠纷")
        }
        return DisputeDetail(m, state: try DisputeStore.state(of: m), now: req.now)
    }

    package func events(req: Request) async throws -> RawJSON {
        let actor = try Self.caller(req)
        guard let m = try await store(req).find(try req.uuidParameter(what: "纠纷"), scopePath: actor.scopePath) else {
            throw APIError.notFound("纠纷")
        }
        let events = try await store(req).events(of: m.id!)
        let items = try events.map { e -> Any in
            var o = try MaskJSON.masked(e) as? [String: Any] ?? [:]
            o["typeLabel"] = e.type.label
            return o
        }
        return RawJSON(object: ["items": items, "total": items.count, "version": m.version])
    }

    /// Full ID numbers and phones of a dispute's parties, for the mediator who must call them.
    /// Each reveal is an audited action.
    package func reveal(req: Request) async throws -> RawJSON {
        let actor = try Self.caller(req)
        guard actor.role != .lawyer else { throw APIError.forbidden }
        guard let m = try await store(req).find(try req.uuidParameter(what: "纠纷"), scopePath: actor.scopePath) else {
            throw APIError.notFound("纠纷")
        }
        let state = try store(req).state(of: m)
        try await AuditLog.record(on: req.db, at: req.now, actor: actor, action: "reveal", entityType: "dispute", entityID: m.id,
                                  before: Nothing?.none, after: ["parties": state.intake.parties.map(\.name).joined(separator: "、"),
                                                                  "fields": "idNumber,phone"])
        let parties = try JSONSerialization.jsonObject(with: DisputeStore.encoder.encode(state.intake.parties))
        return RawJSON(object: ["parties": parties])
    }

    // MARK: Writing

    package func append(req: Request) async throws -> Response {
        let actor = try Self.caller(req)
        let disputeID = try req.uuidParameter(what: "纠纷")
        guard let m = try await store(req).find(disputeID, scopePath: actor.scopePath) else { throw APIError.notFound("纠纷") }
        let envelope = try req.content.decode(AppendEventEnvelope.self)
        // Checked before a resend is answered: a version is counted from 0.
        guard envelope.baseVersion >= 0 else {
            throw DomainError.invalid("invalid_version", "baseVersion is never negative", "baseVersion 不能为负数")
        }
        try EventPermissions.check(envelope.type, role: actor.role)
        let kind = try await EventKindBuilder(db: req.db, req: req).kind(for: envelope.type, dispute: m)
        // The row read for the scope check is the one the append writes: one read per request.
        let r = try await store(req).history.append(to: m, eventID: envelope.id, kind: kind, baseVersion: envelope.baseVersion,
                                                    by: EventActor(actor), at: req.now)
        return try await DisputeDetail(r.model, state: r.state, now: req.now, status: r.outcome == .created ? .created : .ok)
            .encodeResponse(for: req)
    }

    package init() {
    }
}
