import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// Enterprise-related disputes (涉企, M14): the flag on a dispute naming its enterprise, and the
/// 法律进企业 follow-up visits recorded against the enterprise.
enum EnterpriseAPI {
    static let nameMax = 100

    // MARK: Flag

    static func flag(req: Request) async throws -> EnterpriseFlagDTO {
        let actor = try req.caller()
        let dispute = try await visibleDispute(req, actor: actor)
        let input = try req.content.decode(EnterpriseFlagInput.self)
        let name = try Check.text(input.enterpriseName, "enterpriseName", max: nameMax)
        let now = req.now
        return try await req.db.writeTransaction { db in
            try await EnterpriseFlags(db: db).flag(dispute, enterprise: name, actor: actor, at: now)
        }
    }

    static func unflag(req: Request) async throws -> EnterpriseFlagDTO {
        let actor = try req.caller()
        let dispute = try await visibleDispute(req, actor: actor)
        let now = req.now
        return try await req.db.writeTransaction { db in
            try await EnterpriseFlags(db: db).unflag(dispute, actor: actor, at: now)
        }
    }

    static func visibleDispute(_ req: Request, actor: Caller) async throws -> DisputeModel {
        let id = try req.uuidParameter(what: "纠纷")
        guard let m = try await DisputeStore(db: req.db).visible(scopePath: actor.scopePath).filter(\.$id == id).first() else {
            throw APIError.notFound("纠纷")
        }
        return m
    }

    // MARK: Enterprises and visits

    static func list(req: Request) async throws -> ListPage<EnterpriseDTO> {
        let actor = try req.caller()
        let page = try PageRequest(req)
        let q = EnterpriseModel.query(on: req.db).filter(\.$scopePath =~ actor.scopePath)
        let total = try await q.count()
        let items = try await q.sort(\.$name).range(page.offset..<(page.offset + page.limit)).all()
        var out: [EnterpriseDTO] = []
        for e in items { out.append(try await summary(e, on: req.db)) }
        return ListPage(items: out, total: total, limit: page.limit, offset: page.offset)
    }

    static func detail(req: Request) async throws -> EnterpriseDetailDTO {
        let e = try await visibleEnterprise(req)
        let id = try e.requireID()
        let links = try await EnterpriseDisputeModel.query(on: req.db).filter(\.$enterpriseID == id).all()
        let disputes = links.isEmpty ? [] : try await DisputeModel.query(on: req.db).filter(\.$id ~~ links.compactMap(\.id))
            .sort(\.$registeredAt).all()
        let visits = try await EnterpriseVisitModel.query(on: req.db).filter(\.$enterpriseID == id).sort(\.$visitedAt).all()
        return EnterpriseDetailDTO(
            enterprise: try await summary(e, on: req.db),
            disputes: disputes.map { EnterpriseDisputeDTO(id: $0.id!, summary: $0.summary, stage: $0.stage,
                                                          stageLabel: DisputeStage(rawValue: $0.stage)?.label ?? $0.stage,
                                                          registeredAt: $0.registeredAt, caseNumber: $0.caseNumber) },
            visits: visits.map(EnterpriseVisitDTO.init))
    }

    static func recordVisit(req: Request) async throws -> Response {
        let actor = try req.caller()
        let e = try await visibleEnterprise(req)
        let input = try req.content.decode(EnterpriseVisitInput.self)
        let visitors = try Check.text(input.visitors, "visitors", max: 200)
        let content = try Check.text(input.content, "content", max: 2000)
        let result = try Check.text(input.result, "result", max: 1000)
        let enterpriseID = try e.requireID()
        let now = req.now
        guard input.visitedAt <= now.addingTimeInterval(86_400) else {
            throw APIError.validation("走访时间不能晚于今天 / visitedAt cannot be in the future")
        }
        let (visit, created) = try await req.db.writeTransaction { db -> (EnterpriseVisitDTO, Bool) in
            // The client made the id: a resend finds its first copy and stores nothing more.
            if let old = try await EnterpriseVisitModel.find(input.id, on: db) {
                guard old.enterpriseID == enterpriseID else { throw APIError.conflict("该走访记录 id 已用于其他企业 / id already used", code: "id_in_use") }
                return (EnterpriseVisitDTO(old), false)
            }
            let v = EnterpriseVisitModel()
            v.id = input.id; v.enterpriseID = enterpriseID; v.visitedAt = input.visitedAt; v.visitors = visitors
            v.content = content; v.result = result; v.recordedBy = actor.userID; v.recordedAt = now
            try await v.create(on: db)
            let dto = EnterpriseVisitDTO(v)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "create", entityType: "enterprise_visit", entityID: input.id,
                                      before: Nothing?.none, after: dto)
            return (dto, true)
        }
        return try await visit.encodeResponse(status: created ? .created : .ok, for: req)
    }

    static func visibleEnterprise(_ req: Request) async throws -> EnterpriseModel {
        let actor = try req.caller()
        let id = try req.uuidParameter(what: "企业")
        guard let e = try await EnterpriseModel.find(id, on: req.db), e.scopePath.hasPrefix(actor.scopePath) else { throw APIError.notFound("企业") }
        return e
    }

    static func summary(_ e: EnterpriseModel, on db: Database) async throws -> EnterpriseDTO {
        let id = try e.requireID()
        let disputes = try await EnterpriseDisputeModel.query(on: db).filter(\.$enterpriseID == id).count()
        let visits = EnterpriseVisitModel.query(on: db).filter(\.$enterpriseID == id)
        return EnterpriseDTO(id: id, name: e.name, disputes: disputes, visits: try await visits.count(),
                             lastVisitAt: try await visits.sort(\.$visitedAt, .descending).first()?.visitedAt)
    }
}

/// Sets and clears the 涉企 flag, each change audited. Used by the flag endpoint and by the
/// intake (a dispute registered with an enterprise named).
struct EnterpriseFlags {
    let db: Database

    func flag(_ dispute: DisputeModel, enterprise name: String, actor: Caller?, actorName: String = "system", at now: Date) async throws -> EnterpriseFlagDTO {
        let disputeID = try dispute.requireID()
        let enterprise = try await enterpriseNamed(name, seenFrom: dispute.originPath, at: now)
        let enterpriseID = try enterprise.requireID()
        let before = try await EnterpriseDisputeModel.find(disputeID, on: db)
        let beforeDTO = try await before.asyncMap { try await dto(disputeID, $0) }
        if before?.enterpriseID == enterpriseID { return try await dto(disputeID, before) }
        let row = before ?? EnterpriseDisputeModel()
        row.id = disputeID; row.enterpriseID = enterpriseID; row.flaggedAt = now; row.flaggedBy = actor?.userID ?? dispute.handlingOrgUnitID
        try await row.save(on: db)
        let after = try await dto(disputeID, row)
        try await AuditLog.record(on: db, at: now, actor: actor, actorName: actorName, action: "flag_enterprise", entityType: "dispute",
                                  entityID: disputeID, before: beforeDTO, after: after)
        return after
    }

    func unflag(_ dispute: DisputeModel, actor: Caller, at now: Date) async throws -> EnterpriseFlagDTO {
        let disputeID = try dispute.requireID()
        guard let row = try await EnterpriseDisputeModel.find(disputeID, on: db) else { return try await dto(disputeID, nil) }
        let before = try await dto(disputeID, row)
        try await row.delete(on: db)
        let after = try await dto(disputeID, nil)
        try await AuditLog.record(on: db, at: now, actor: actor, action: "unflag_enterprise", entityType: "dispute", entityID: disputeID,
                                  before: before, after: after)
        return after
    }

    /// The enterprise of that name, made on first mention. It is seen from the narrowest subtree
    /// holding every dispute that names it, so each of those disputes' units finds it.
    func enterpriseNamed(_ name: String, seenFrom path: String, at now: Date) async throws -> EnterpriseModel {
        if let e = try await EnterpriseModel.query(on: db).filter(\.$name == name).first() {
            let common = Self.commonAncestor(e.scopePath, path)
            if common != e.scopePath { e.scopePath = common; try await e.save(on: db) }
            return e
        }
        let e = EnterpriseModel()
        e.id = UUID(); e.name = name; e.scopePath = path; e.createdAt = now
        try await e.create(on: db)
        return e
    }

    /// The longest path both start with, cut at a whole segment (`/a/b/` and `/a/c/` give `/a/`).
    static func commonAncestor(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "/", omittingEmptySubsequences: false), y = b.split(separator: "/", omittingEmptySubsequences: false)
        var common: [Substring] = []
        for (p, q) in zip(x, y) { if p == q { common.append(p) } else { break } }
        let joined = common.joined(separator: "/")
        return joined.hasSuffix("/") ? joined : joined + "/"
    }

    func dto(_ disputeID: UUID, _ row: EnterpriseDisputeModel?) async throws -> EnterpriseFlagDTO {
        guard let row, let e = try await EnterpriseModel.find(row.enterpriseID, on: db) else {
            return EnterpriseFlagDTO(disputeId: disputeID, enterpriseRelated: false, enterpriseId: nil, enterpriseName: nil)
        }
        return EnterpriseFlagDTO(disputeId: disputeID, enterpriseRelated: true, enterpriseId: e.id, enterpriseName: e.name)
    }
}

package struct EnterpriseFlagInput: Content { package var enterpriseName: String }

package struct EnterpriseFlagDTO: Content {
    package var disputeId: UUID
    package var enterpriseRelated: Bool
    package var enterpriseId: UUID?
    package var enterpriseName: String?
}

package struct EnterpriseVisitInput: Content {
    package var id: UUID
    package var visitedAt: Date
    package var visitors: String
    package var content: String
    package var result: String
}

package struct EnterpriseVisitDTO: Content {
    package var id: UUID
    package var enterpriseId: UUID
    package var visitedAt: Date
    package var visitors: String
    package var content: String
    package var result: String
    package var recordedAt: Date

    init(_ v: EnterpriseVisitModel) {
        id = v.id!; enterpriseId = v.enterpriseID; visitedAt = v.visitedAt; visitors = v.visitors
        content = v.content; result = v.result; recordedAt = v.recordedAt
    }
}

package struct EnterpriseDTO: Content {
    package var id: UUID
    package var name: String
    package var disputes: Int
    package var visits: Int
    package var lastVisitAt: Date?
}

package struct EnterpriseDisputeDTO: Content {
    package var id: UUID
    package var summary: String
    package var stage: String
    package var stageLabel: String
    package var registeredAt: Date
    package var caseNumber: String?
}

package struct EnterpriseDetailDTO: Content {
    package var enterprise: EnterpriseDTO
    package var disputes: [EnterpriseDisputeDTO]
    package var visits: [EnterpriseVisitDTO]
}
