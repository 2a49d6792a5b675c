import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// A code with its Chinese label, for selects and checkboxes.
package struct Choice: Encodable { var code, label: String; var selected = false }

/// The intake form (M3): choices from the domain's enums and the villages the user may pick.
package struct IntakePageModel: Encodable {
    package struct Sub: Encodable { var code, name, category: String }
    package struct Village: Encodable { var id: UUID; var name: String }
    package var categories: [Choice]
    package var subcategories: [Sub]
    package var sources: [Choice]
    package var sexes: [Choice]
    package var roles: [Choice]
    package var riskSigns: [Choice]
    /// Set when the user belongs to one village: the dispute is registered there.
    package var fixedVillage: Village?
    package var villages: [Village]

    package static func build(for actor: Caller, on db: Database) async throws -> IntakePageModel {
        let scope = try await OrgUnitModel.find(actor.scopeUnitID, on: db)
        var fixed: Village?
        var villages: [Village] = []
        if let s = scope, [.village, .community].contains(s.unitKind) {
            fixed = Village(id: try s.requireID(), name: s.name)
        } else {
            let kinds = [OrgUnitKind.village, .community].map(\.rawValue)
            villages = try await OrgUnitModel.query(on: db).filter(\.$path =~ actor.scopePath).filter(\.$kind ~~ kinds)
                .sort(\.$code).limit(2000).all().compactMap { u in u.id.map { Village(id: $0, name: u.name) } }
        }
        return IntakePageModel(
            categories: DisputeCategory.allCases.map { Choice(code: $0.code, label: $0.label) },
            subcategories: DisputeCategory.allCases.flatMap { c in c.subcategories.map { Sub(code: $0.code, name: $0.name, category: c.code) } },
            sources: DisputeSource.allCases.map { Choice(code: $0.rawValue, label: $0.label) },
            sexes: Sex.allCases.map { Choice(code: $0.rawValue, label: $0.label) },
            roles: PartyRole.allCases.map { Choice(code: $0.rawValue, label: $0.label) },
            riskSigns: [Choice(code: "threatOfViolence", label: "有暴力威胁"), Choice(code: "threatOfSelfHarm", label: "有自伤自残倾向"),
                        Choice(code: "plannedCollectivePetition", label: "酝酿集体上访"), Choice(code: "crossesVillages", label: "跨村（社区）")],
            fixedVillage: fixed, villages: villages)
    }
}

/// A dispute as a row of the list or the board: labels and dates as people read them, no ID
/// numbers or phones.
package struct DisputeRow: Content, Equatable {
    package var id: UUID
    package var summary, partyNames, categoryLabel, stage, stageLabel, risk, riskLabel, levelLabel: String
    package var deadlineAt: Date?
    package var deadlineText, deadlineStatus, deadlineStatusLabel: String
    package var registeredAt: Date
    package var registeredText: String
    package var lastEventAt: Date
    package var version: Int
    package var caseNumber: String?

    package init(_ m: some DisputeListColumns, now: Date) {
        let l = DisputeListItem(m, now: now)
        id = l.id
        summary = l.summary
        partyNames = l.partyNames
        categoryLabel = l.categoryLabel
        stage = l.stage
        stageLabel = l.stageLabel
        risk = l.risk
        riskLabel = l.riskLabel
        levelLabel = l.levelLabel
        deadlineAt = l.deadlineAt
        deadlineText = PageFormat.lastDay(l.deadlineAt)
        deadlineStatus = l.deadlineStatus
        deadlineStatusLabel = PageFormat.deadlineLabel(l.deadlineStatus)
        registeredAt = l.registeredAt
        registeredText = PageFormat.dateTime(l.registeredAt)
        lastEventAt = l.lastEventAt
        version = l.version
        caseNumber = l.caseNumber
    }
}

/// A party as pages show it: ID number and phone masked.
package struct PartyRow: Encodable {
    package var name, sexLabel, roleLabel, idNumber, phone, address: String

    package init(_ party: Party) {
        let p = party.masked
        name = p.name
        sexLabel = p.sex?.label ?? ""
        roleLabel = p.role.label
        idNumber = p.idNumber ?? ""
        phone = p.phone ?? ""
        address = p.address ?? ""
    }
}

/// One page of the dispute list with its filters. No ID numbers or phones appear.
package struct DisputeListPageModel: Encodable {
    /// A filter the form's selects don't show (set by a link from the board), kept as a hidden
    /// input so that narrowing by stage or risk stays inside it.
    package struct KeptFilter: Encodable { var name, value, label: String }

    package var stages: [Choice]
    package var risks: [Choice]
    package var categories: [Choice]
    package var q: String
    package var kept: [KeptFilter]?
    package var rows: [DisputeRow]
    package var total: Int
    package var from: Int
    package var to: Int
    package var prevHref: String?
    package var nextHref: String?

    package static let pageSize = 20
    /// Every query parameter `DisputeQuery` reads, in the order links carry them.
    package static let filterKeys = ["orgUnit", "stage", "risk", "category", "level", "from", "to", "q", "open", "overdue", "dueSoon", "changedSince"]

    package static func build(_ req: Request, actor: Caller) async throws -> DisputeListPageModel {
        let query = try await DisputeQuery(req, actor: actor).build()
        let offset = max(0, min(req.query[Int.self, at: "offset"] ?? 0, 1_000_000))
        let total = try await query.copy().count()
        let now = req.now
        let models = try await DisputeModel.listRows(query.sort(\.$registeredAt, .descending).sort(\.$id).range(offset..<(offset + pageSize)))
        let rows = models.map { DisputeRow($0, now: now) }
        let get = { (k: String) in req.query[String.self, at: k] ?? "" }
        func href(_ off: Int) -> String {
            var c = URLComponents()
            c.queryItems = filterKeys.compactMap { k in get(k).isEmpty ? nil : URLQueryItem(name: k, value: get(k)) }
                + [URLQueryItem(name: "offset", value: String(off))]
            return MediationRoutes.disputeListPage.link(query: c.percentEncodedQuery)
        }
        var kept: [KeptFilter] = []
        if let id = UUID(uuidString: get("orgUnit")), let unit = try await OrgUnitModel.find(id, on: req.db) {
            kept.append(KeptFilter(name: "orgUnit", value: get("orgUnit"), label: unit.name))
        }
        let flags = [("open", "在办"), ("overdue", "已超期"), ("dueSoon", "临近期限")]
        for (name, label) in flags where get(name) == "true" { kept.append(KeptFilter(name: name, value: "true", label: label)) }
        if let since = try AuditController.date(req, "changedSince") {
            kept.append(KeptFilter(name: "changedSince", value: get("changedSince"), label: PageFormat.dateTime(since) + " 以来有变化"))
        }
        return DisputeListPageModel(
            stages: DisputeStage.allCases.map { Choice(code: $0.rawValue, label: $0.label, selected: $0.rawValue == get("stage")) },
            risks: RiskLevel.allCases.reversed().map { Choice(code: $0.rawValue, label: $0.label, selected: $0.rawValue == get("risk")) },
            categories: DisputeCategory.allCases.map { Choice(code: $0.code, label: $0.label, selected: $0.code == get("category")) },
            q: get("q"), kept: kept.isEmpty ? nil : kept, rows: rows, total: total, from: rows.isEmpty ? 0 : offset + 1, to: offset + rows.count,
            prevHref: offset > 0 ? href(max(0, offset - pageSize)) : nil,
            nextHref: offset + pageSize < total ? href(offset + pageSize) : nil)
    }
}

/// The people and units a dispute's history names, looked up once per page.
package struct NameBook {
    package var users: [UUID: String] = [:]
    package var units: [UUID: String] = [:]

    package static func load(users: Set<UUID>, units: Set<UUID>, on db: Database) async throws -> NameBook {
        var b = NameBook()
        if !users.isEmpty {
            for u in try await UserModel.query(on: db).filter(\.$id ~~ users).all() { b.users[u.id!] = u.displayName }
        }
        b.units = try await UnitNames.load(units, on: db)
        b.users[EventActor.systemUserID] = "系统"
        return b
    }

    package func user(_ id: UUID) -> String { users[id] ?? "" }
    package func unit(_ id: UUID?) -> String { id.flatMap { units[$0] } ?? "" }
}

/// Dispute detail (M3–M6): facts, masked parties, timeline, deadlines and the next steps the
/// user's role may record.
package struct DisputeDetailPageModel: Encodable {
    package struct TimelineRow: Encodable { var at, label, who, text, type: String }
    package struct DeadlineRow: Encodable { var label, lastDay, status, statusLabel: String }
    /// Which action forms to show.
    package struct Can: Encodable {
        package var accept = false, reject = false, session = false, agree = false, terminate = false, fulfil = false
        package var followUp = false, escalate = false, archive = false, comment = false, guide = false, reveal = false
        package var overrideRisk = false, notifyPolice = false, requestConfirmation = false, decideConfirmation = false
        package var supervise = false, consult = false
    }
    package var id: UUID
    package var version: Int
    package var caseNumber: String?
    package var summary, stage, stageLabel, risk, riskLabel, levelLabel, categoryLabel, sourceLabel, channelLabel: String
    package var place, villageName, handlingName, registeredText, peopleInvolved, amountText: String
    package var riskSignLabels: [String]
    package var riskReasons: [String]
    package var parties: [PartyRow]
    package var partyNames: String
    package var timeline: [TimelineRow]
    package var deadlines: [DeadlineRow]
    package var routes: [Choice]
    package var can: Can
    package var hasRiskSigns = false
    package var hasRiskReasons = false
    package var hasDeadlines = false
    /// "已通报 2026-03-02 10:00", or empty.
    package var policeText = ""
    /// Where the judicial confirmation stands, or empty when none was asked for.
    package var confirmationText = ""
    /// The manual risk override and its reason, or empty.
    package var overrideText = ""
    package var riskChoices: [Choice] = []
    /// Units a supervision order on this dispute may name: the handling unit and its township.
    package var superviseUnits: [Choice] = []
    /// The county's lawyers with the departments each serves, for "ask a lawyer".
    package var lawyers: [Choice] = []
    /// X1: the incidents behind this dispute (number, time, place — not the police record) and the
    /// committee's follow-up tasks they raised.
    package struct PoliceRow: Encodable { var number, when, place, note: String; var violence: Bool }
    package struct FollowUpRow: Encodable { var id: UUID; var reason, created, status, closeNote: String; var open: Bool }
    package var policeRows: [PoliceRow] = []
    package var followUpRows: [FollowUpRow] = []
    package var hasPoliceLinks = false

    package static func build(_ req: Request, actor: Caller, dispute m: DisputeModel) async throws -> DisputeDetailPageModel {
        let store = DisputeStore(db: req.db)
        let state = try store.state(of: m)
        let events = try await store.events(of: m.id!)
        let intake = state.intake
        let names = try await NameBook.load(users: Set(events.map(\.actorUserId)),
                                            units: Set(events.map(\.actorOrgUnitId) + [intake.villageId, intake.townshipId, state.handlingOrgUnitId].compactMap { $0 }),
                                            on: req.db)
        let clock = LegalClock(limits: .default)
        let signs = intake.riskSigns
        let signLabels = [(signs.threatOfViolence, "有暴力威胁"), (signs.threatOfSelfHarm, "有自伤自残倾向"),
                          (signs.plannedCollectivePetition, "酝酿集体上访"), (signs.crossesVillages, "跨村（社区）")].filter(\.0).map(\.1)
        let assessment = state.riskAssessment
        var model = DisputeDetailPageModel(
            id: m.id!, version: m.version, caseNumber: m.caseNumber, summary: intake.summary, stage: state.stage.rawValue,
            stageLabel: state.stage.label, risk: state.riskLevel.rawValue, riskLabel: state.riskLevel.label, levelLabel: state.level.label,
            categoryLabel: intake.category.label + (intake.subcategory.map { " · \($0.name)" } ?? ""), sourceLabel: intake.source.label,
            channelLabel: state.channel.label, place: intake.place, villageName: names.unit(intake.villageId),
            handlingName: names.unit(state.handlingOrgUnitId), registeredText: PageFormat.dateTime(state.registeredAt),
            peopleInvolved: String(intake.peopleInvolved), amountText: PageFormat.amount(intake.amount), riskSignLabels: signLabels,
            riskReasons: assessment?.reasons ?? [],
            parties: intake.parties.map(PartyRow.init),
            partyNames: intake.parties.map(\.name).joined(separator: "、"),
            timeline: events.map { e in
                TimelineRow(at: PageFormat.dateTime(e.at), label: e.type.label,
                            who: [names.user(e.actorUserId), names.unit(e.actorOrgUnitId)].filter { !$0.isEmpty }.joined(separator: " · "),
                            text: EventWords.describe(e.kind, names: names), type: e.type.rawValue)
            },
            deadlines: state.deadlines(clock: clock).map { d in
                let s = clock.status(of: d, at: req.now)
                return DeadlineRow(label: d.kind.label, lastDay: PageFormat.dayOf(d.lastDay), status: s.code, statusLabel: s.label)
            },
            routes: DisputeRoute.allCases.map { Choice(code: $0.rawValue, label: $0.label) },
            can: can(state, role: actor.role))
        model.hasRiskSigns = !model.riskSignLabels.isEmpty
        model.hasRiskReasons = !model.riskReasons.isEmpty
        model.hasDeadlines = !model.deadlines.isEmpty
        model.policeText = state.policeNotifiedAt.map { "已通报 " + PageFormat.dateTime($0) } ?? ""
        if let jc = state.judicialConfirmation {
            let decided = jc.confirmed.map { $0 ? "，已确认有效" : "，裁定不予确认" } ?? "，待法院裁定"
            model.confirmationText = "\(PageFormat.dateTime(jc.requestedAt)) 向\(jc.court)申请\(decided)"
        }
        model.overrideText = state.riskOverride.map { "调整为\($0.level.label)：\($0.reason)" } ?? ""
        model.riskChoices = RiskLevel.allCases.reversed().map { Choice(code: $0.rawValue, label: $0.label, selected: $0 == state.riskLevel) }
        model.can.supervise = state.allows(.supervisionOrdered) && DirectivesAccess.issuers.contains(actor.role)
        var seen = Set<UUID>()
        model.superviseUnits = [state.handlingOrgUnitId, intake.townshipId].compactMap { $0 }.filter { seen.insert($0).inserted }
            .map { Choice(code: $0.uuidString, label: names.unit($0)) }
        model.can.consult = state.allows(.assigned) && actor.role != .lawyer
        let links = try await PoliceLinkController.links(of: m.requireID(), req: req)
        model.policeRows = (links.fromIncident.map { h in
            [PoliceRow(number: h.incidentNumber, when: PageFormat.dateTime(h.incident?.reportedAt ?? h.createdAt), place: h.incident?.placeLabel ?? "",
                       note: "公安移交" + (h.acknowledgedAt.map { "，\(PageFormat.dateTime($0)) 已接收" } ?? "，待乡镇接收"), violence: false)]
        } ?? []) + links.calls.map { c in
            PoliceRow(number: c.incidentNumber, when: PageFormat.dateTime(c.calledAt), place: c.placeLabel, note: "同一当事人报警", violence: c.reportsViolence)
        }
        model.followUpRows = links.followUpTasks.map { t in
            FollowUpRow(id: t.id, reason: t.reason, created: PageFormat.dateTime(t.createdAt),
                        status: t.closedAt != nil ? "已办结" : (t.acknowledgedAt != nil ? "已签收" : "待签收"), closeNote: t.closeNote ?? "", open: t.closedAt == nil)
        }
        model.hasPoliceLinks = !model.policeRows.isEmpty || !model.followUpRows.isEmpty
        if model.can.consult {
            let lawyers = LawyerController()
            model.lawyers = try await lawyers.items(try await lawyers.lawyers(req.db).sort(\.$username).all(), db: req.db).map { l in
                let deps = l.departments.map(\.name)
                return Choice(code: l.id.uuidString, label: l.displayName + (deps.isEmpty ? "" : "（" + deps.prefix(3).joined(separator: "、")
                    + (deps.count > 3 ? " 等 \(deps.count) 个部门" : "") + "）"))
            }
            model.can.consult = !model.lawyers.isEmpty
        }
        return model
    }

    /// The forms for the next steps the state allows (`DisputeState.allows`, the rule `applying`
    /// enforces) and the role may record.
    package static func can(_ s: DisputeState, role: Role) -> Can {
        func ok(_ t: DisputeEventType) -> Bool { s.allows(t) && (try? EventPermissions.check(t, role: role)) != nil }
        var c = Can()
        c.accept = ok(.accepted)
        c.reject = ok(.rejected)
        c.session = ok(.sessionHeld)
        c.agree = ok(.agreementSigned)
        c.terminate = ok(.terminated)
        c.fulfil = ok(.fulfilled)
        c.followUp = ok(.followUpVisited)
        c.escalate = ok(.escalated)
        c.archive = ok(.archived)
        c.comment = ok(.commentAdded)
        c.guide = ok(.guidanceGiven)
        c.reveal = role != .lawyer
        c.overrideRisk = ok(.riskOverridden)
        // Police are told once; the workflow would take a second notice, the page does not offer it.
        c.notifyPolice = s.policeNotifiedAt == nil && ok(.policeNotified)
        c.requestConfirmation = ok(.judicialConfirmationRequested)
        c.decideConfirmation = ok(.judicialConfirmationDecided)
        return c
    }
}

/// One line of words for each event on a timeline.
package enum EventWords {
    package static func describe(_ kind: DisputeEventKind, names: NameBook) -> String {
        switch kind {
        case .registered(let i): "\(i.category.label)纠纷，\(i.source.label)，地点：\(i.place)"
        case .accepted(let a): a.note ?? ""
        case .rejected(let r): "理由：\(r.reason)；告知途径：\(r.properChannel)"
        case .sessionHeld(let s): "\(PageFormat.dateTime(s.time)) 于\(s.place)，\(s.outcome.label)：\(s.record)"
        case .agreementSigned(let a): "\(a.form.label)：\(a.terms)"
        case .terminated(let t): "理由：\(t.reason)；其他途径：\(t.otherRoutes.map(\.label).joined(separator: "、"))"
        case .fulfilled(let f): f.evidence
        case .followUpVisited(let v): "\(v.satisfied ? "当事人满意" : "当事人不满意")：\(v.record)"
        case .archived(let a): "案号 \(a.caseNumber.description)"
        case .escalated(let x): "\(x.fromLevel.label) → \(x.toLevel.label)（\(names.unit(x.toOrgUnitId))）\(x.automatic ? "超期自动上报" : "")：\(x.reason)"
        case .riskAssessed(let a): "\(a.level.label)" + (a.reasons.isEmpty ? "" : "：" + a.reasons.joined(separator: "；"))
        case .riskOverridden(let o): "调整为\(o.level.label)：\(o.reason)"
        case .majorReportFiled(let r): "\(r.riskLevel.label)：\(r.summary)"
        case .policeNotified(let p): p.note
        case .judicialConfirmationRequested(let r): "向\(r.court)申请" + (r.note.map { "：\($0)" } ?? "")
        case .judicialConfirmationDecided(let d): (d.confirmed ? "确认有效" : "不予确认") + (d.note.map { "：\($0)" } ?? "")
        case .supervisionOrdered(let o): "督办，期限 \(PageFormat.dateTime(o.deadline))"
        case .supervisionAnswered(let r): r.reply
        case .assigned(let a): "\(a.role.label)：\(a.name)" + (a.note.map { "，" + $0 } ?? "")
        case .commentAdded(let n), .guidanceGiven(let n): n.text
        }
    }
}
