import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// Turns a phone's intake into a `DisputeIntake`: the handling unit and level follow from who
/// registers it and where, checked against the registrar's scope.
package struct IntakeBuilder {
    package let db: Database
    package let actor: Caller

    package func intake(from body: RegisterDisputeRequest) async throws -> DisputeIntake {
        let store = OrgUnitStore(db: db)
        guard !body.parties.isEmpty, body.parties.count <= 50 else {
            throw APIError.validation("当事人须为 1–50 人 / between 1 and 50 parties")
        }
        var parties: [Party] = []
        for (i, p) in body.parties.enumerated() {
            var q = p
            q.name = try Check.text(p.name, "parties[\(i)].name", max: 50)
            q.idNumber = try Check.optionalText(p.idNumber, "parties[\(i)].idNumber", max: 18)?.uppercased()
            q.phone = try Check.optionalText(p.phone, "parties[\(i)].phone", max: 20)
            q.address = try Check.optionalText(p.address, "parties[\(i)].address", max: 200)
            parties.append(q)
        }
        let handling: OrgUnitModel
        if let h = body.handlingOrgUnitId {
            guard let u = try await store.find(h, scopePath: actor.scopePath) else { throw APIError.notFound("承办单位") }
            handling = u
        } else {
            guard let u = try await OrgUnitModel.find(actor.scopeUnitID, on: db) else { throw APIError.notFound("承办单位") }
            handling = u
        }
        var village: OrgUnitModel?
        if let v = body.villageId {
            var found = try await store.find(v, scopePath: actor.scopePath)
            if found == nil { found = try await crossScopeVillage(v, handling: handling) }
            guard let u = found, [.village, .community, .area].contains(u.unitKind) else { throw APIError.notFound("村（社区）") }
            village = u
        } else if [.village, .community].contains(handling.unitKind) {
            village = handling
        }
        var township: OrgUnitModel?
        if let v = village, let p = v.parentID { township = try await OrgUnitModel.find(p, on: db) }
        if township == nil, handling.unitKind == .township { township = handling }
        if let g = body.gridId {
            guard try await OrgUnitModel.find(g, on: db)?.unitKind == .patrolGrid else { throw APIError.notFound("网格") }
        }
        guard let level = Self.level(of: handling) else {
            throw APIError.validation("\(handling.name) 不是可以受理纠纷的单位 / \(handling.kind) cannot handle disputes")
        }
        let channel = body.channel ?? Self.defaultChannel(level: level, category: body.category)
        let intake = DisputeIntake(
            parties: parties, category: body.category, subcategoryCode: body.subcategoryCode, source: body.source, channel: channel,
            level: level, handlingOrgUnitId: try handling.requireID(), villageId: village?.id, townshipId: township?.id,
            gridId: body.gridId, place: try Check.text(body.place, "place", max: 200), location: body.location,
            occurredAt: body.occurredAt, peopleInvolved: body.peopleInvolved ?? max(2, parties.count), amount: try Money.checked(body.amount, "amount"),
            summary: try Check.text(body.summary, "summary", max: 2000), riskSigns: body.riskSigns ?? .none)
        try intake.validate()  // a DomainError: the error middleware answers 422
        return intake
    }

    /// A county-level unit (professional committee, department room) may register a dispute that
    /// arose in any village of the county.
    package func crossScopeVillage(_ id: UUID, handling: OrgUnitModel) async throws -> OrgUnitModel? {
        guard [.professionalCommittee, .mediationRoom, .department].contains(handling.unitKind) else { return nil }
        return try await OrgUnitModel.find(id, on: db)
    }

    /// The mediation level of a handling unit (小事不出村、大事不出乡、难事不出县).
    package static func level(of unit: OrgUnitModel) -> MediationLevel? {
        switch unit.unitKind {
        case .village, .community, .area: .village
        case .township, .judicialOffice: .township
        case .county, .justiceBureau, .disputeCenter: .county
        case .mediationRoom, .department: .department
        case .professionalCommittee: .professional
        default: nil
        }
    }

    package static func defaultChannel(level: MediationLevel, category: DisputeCategory) -> MediationChannel {
        switch (level, category) {
        case (.department, _): .departmentMediationRoom
        case (.professional, .roadTrafficAccident): .roadTrafficCommittee
        case (.professional, .medical): .medicalCommittee
        case (.professional, .labour): .labourCommittee
        default: .peoplesMediation
        }
    }
}

/// Filters of `GET /api/v1/disputes`: `orgUnit`, `stage`, `risk`, `category`, `level`,
/// `from`/`to` (registered, ISO 8601), `q` (summary or party names), `overdue`.
package struct DisputeQuery {
    package let req: Request
    package let actor: Caller

    package init(_ req: Request, actor: Caller) {
        self.req = req
        self.actor = actor
    }

    package func build() async throws -> QueryBuilder<DisputeModel> {
        var scope = actor.scopePath
        if let raw = req.query[String.self, at: "orgUnit"] {
            guard let id = UUID(uuidString: raw), let unit = try await OrgUnitStore(db: req.db).find(id, scopePath: actor.scopePath) else {
                throw APIError.notFound("单位")
            }
            scope = unit.path
        }
        let q = try await DisputeScope.query(scopePath: scope, on: req.db)
        try filter(q, "stage", DisputeStage.self, \.$stage)
        try filter(q, "risk", RiskLevel.self, \.$risk)
        try filter(q, "category", DisputeCategory.self, \.$category)
        try filter(q, "level", MediationLevel.self, \.$level)
        if let from = try AuditController.date(req, "from") { q.filter(\.$registeredAt >= from) }
        if let to = try AuditController.date(req, "to") { q.filter(\.$registeredAt <= to) }
        if let text = try Check.optionalText(req.query[String.self, at: "q"], "q", max: 50) {
            q.group(.or) { $0.filter(\.$summary ~~ text).filter(\.$partyNames ~~ text) }
        }
        // The board's lists, each with a link here showing the whole of it: open disputes,
        // running ones past or near their deadline, and those changed since a moment.
        if try flag("open") { q.open() }
        if try flag("overdue") { q.overdue(at: req.now) }
        if try flag("dueSoon") { q.dueSoon(at: req.now) }
        if let since = try AuditController.date(req, "changedSince") { q.filter(\.$lastEventAt >= since) }
        return q
    }

    /// `?name=true|false`; anything else is a 400 rather than a silently ignored filter.
    package func flag(_ name: String) throws -> Bool {
        try Check.bool(req, name) ?? false
    }

    /// `?name=a,b` → the column is one of a, b; an unknown value is a 400 naming the choices.
    package func filter<E: RawRepresentable & CaseIterable>(_ q: QueryBuilder<DisputeModel>, _ name: String, _: E.Type,
                                                    _ key: KeyPath<DisputeModel, FieldProperty<DisputeModel, String>>) throws where E.RawValue == String {
        guard let values = try Check.choices(req, name, E.self) else { return }
        q.filter(key ~~ values.map(\.rawValue))
    }
}
