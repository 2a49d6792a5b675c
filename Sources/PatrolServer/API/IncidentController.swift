import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import Vapor

/// `/api/v1/incidents` (P4): intake, the timeline, the recommendation by drive time and dispatch.
/// Every write carries a client-made id and is stored once; a stale `baseVersion` is 409.
package struct IncidentController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.incidents, use: list)
        routes.on(PatrolRoutes.reportIncident, use: report)
        routes.on(PatrolRoutes.incident, use: show)
        routes.on(PatrolRoutes.incidentEvents, use: events)
        routes.on(PatrolRoutes.appendIncidentEvent, use: append)
        routes.on(PatrolRoutes.recommendation, use: recommend)
        routes.on(PatrolRoutes.dispatch, use: dispatch)
        routes.on(PatrolRoutes.incidentRoute, use: route)
    }

    /// The drive from a unit's live position to the scene, for the task card: an officer's own
    /// unit (the one on this incident), anyone else's by `unitId`.
    package func route(req: Request) async throws -> IncidentRouteDTO {
        let caller = try req.caller()
        let m = try await IncidentStore(db: req.db).incident(try req.uuidParameter(what: "警情"), for: caller)
        let state = try IncidentStore.state(of: m)
        var unitID = try Check.uuid(req, "unitId")
        if caller.role == .patrolOfficer {
            let crew = try await UnitStore(db: req.db).crewUnits(of: caller.userID)
            let mine = state.tasks.map(\.unitId).filter(crew.contains)
            guard let u = unitID.map({ mine.contains($0) ? $0 : nil }) ?? mine.last else {
                throw DomainError(code: "not_your_task", message: "your unit has no task on this incident", messageZh: "您所在单元在本警情没有任务", kind: .refused)
            }
            unitID = u
        }
        // Without a unit: the one sent last.
        guard let unitID = unitID ?? state.tasks.last?.unitId else {
            throw DomainError(code: "no_task", message: "no unit has a task on this incident", messageZh: "本警情尚未派出单元", kind: .conflict)
        }
        let unit = try await UnitStore(db: req.db).unit(unitID, for: caller)
        let drive = try await Recommender(req: req, caller: caller).drive(of: unit, to: state.place)
        return IncidentRouteDTO(incidentId: try m.requireID(), unitId: unitID, scene: state.place, seconds: drive?.seconds, meters: drive?.meters,
                                route: drive?.route.map { [$0.lon, $0.lat] } ?? [],
                                note: drive == nil ? "没有该单元的新近定位，或其附近没有道路" : nil)
    }

    package func list(req: Request) async throws -> ListPage<IncidentDTO> {
        let caller = try req.caller()
        let q = try await IncidentStore(db: req.db).visible(to: caller)
        if let statuses = try Check.choices(req, "status", IncidentStatus.self) { q.filter(\.$status ~~ statuses.map(\.rawValue)) }
        if let types = try Check.choices(req, "type", IncidentType.self) { q.filter(\.$type ~~ types.map(\.rawValue)) }
        if let open = try Check.bool(req, "open") {
            let openCodes = IncidentStatus.allCases.filter(\.isOpen).map(\.rawValue)
            if open { q.filter(\.$status ~~ openCodes) } else { q.filter(\.$status !~ openCodes) }
        }
        if let grid = try Check.uuid(req, "grid") { q.filter(\.$gridOrgUnitID == grid) }
        if let from = try Check.date(req, "from") { q.filter(\.$reportedAt >= from) }
        if let to = try Check.date(req, "to") { q.filter(\.$reportedAt < to) }
        // `orgUnit`: those placed in that org unit's subtree (the county report's figures), not those its units helped with.
        if let org = try Check.uuid(req, "orgUnit") {
            if let unit = try await OrgUnitModel.find(org, on: req.db) { q.filter(\.$scopePath =~ unit.path) } else { q.filter(\.$id ~~ [UUID]()) }
        }
        q.sort(\.$reportedAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, req: req, masked: true) }
    }

    package func report(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(IncidentIntakeRequest.self)
        var place = body.place
        // Checked before a resend is answered: a bad body is refused even with a known id.
        guard (-90...90).contains(place.lat), (-180...180).contains(place.lon) else {
            throw DomainError.invalid("invalid_place", "the place is not a WGS84 coordinate", "警情地点坐标无效")
        }
        place.label = try Check.optionalText(place.label, "place.label", max: 200) ?? ""
        let intake = IncidentIntake(type: body.type, priority: body.priority, place: place,
                                    description: try Check.optionalText(body.description, "description", max: 2000) ?? "",
                                    call: IncidentCall(callerName: try Check.optionalText(body.callerName, "callerName", max: 50) ?? "",
                                                       callerPhone: try Self.phone(body.callerPhone) ?? "",
                                                       at: QueuedWriteTime.clamped(body.calledAt, now: req.now)),
                                    parties: try body.parties.map(Self.checkedParties), reportsViolence: body.threatOfViolence)
        try intake.validate()   // before a resend is answered: a bad body is refused even with a known id
        let done = try await IncidentStore(db: req.db).register(id: body.id, intake: intake, by: caller, now: req.now)
        // X1: a dispute call reaches the mediation side — a resend too, which changes nothing there
        // but finishes what a first attempt cut off may have left.
        try await IncidentBridge.tellMediation(about: done.model, state: done.state, by: caller, req: req)
        return try await Self.dtos([done.model], req: req, masked: false)[0].encodeResponse(status: done.created ? .created : .ok, for: req)
    }

    /// A dispute call's people, trimmed; an empty phone or ID number is none.
    static func checkedParties(_ parties: [IncidentParty]) throws -> [IncidentParty] {
        try parties.enumerated().map { i, p in
            IncidentParty(name: try Check.text(p.name, "parties[\(i)].name", max: 50),
                          phone: try phone(p.phone, field: "parties[\(i)].phone"),
                          idNumber: try Check.optionalText(p.idNumber, "parties[\(i)].idNumber", max: 18)?.uppercased())
        }
    }

    package func show(req: Request) async throws -> IncidentDTO {
        let caller = try req.caller()
        let m = try await IncidentStore(db: req.db).incident(try req.uuidParameter(what: "警情"), for: caller)
        return try await Self.dtos([m], req: req, masked: false)[0]
    }

    package func events(req: Request) async throws -> ListPage<IncidentEventDTO> {
        let caller = try req.caller()
        let store = IncidentStore(db: req.db)
        let m = try await store.incident(try req.uuidParameter(what: "警情"), for: caller)
        let rows = try await store.events(of: try m.requireID())
        let signs = try await Self.callSigns(Set(rows.compactMap(\.event.kind.unitId)), on: req.db)
        let items = rows.map { r in
            IncidentEventDTO(id: r.event.id, seq: r.seq, type: r.event.type.rawValue, typeLabel: r.event.type.label, at: r.event.at,
                             recordedAt: r.recordedAt, actorUserId: r.event.actorUserId, unitId: r.event.kind.unitId,
                             callSign: r.event.kind.unitId.flatMap { signs[$0] }, detail: Self.masked(r.event.kind))
        }
        return ListPage(items: items, total: items.count, limit: items.count, offset: 0)
    }

    /// A step from the dispatcher or a unit's phone. An officer moves only the task of the unit
    /// they are on; the dispatcher may record any step.
    package func append(req: Request) async throws -> Response {
        let caller = try req.caller()
        let store = IncidentStore(db: req.db)
        let m = try await store.incident(try req.uuidParameter(what: "警情"), for: caller)
        let body = try req.content.decode(IncidentEventRequest.self)
        // Every field the document limits is checked whatever the step, so no step (nor a resend)
        // passes a value the document forbids.
        _ = try Check.optionalText(body.note, "note", max: 500)
        _ = try Check.optionalText(body.disposition, "disposition", max: 500)
        _ = try Check.optionalText(body.callerName, "callerName", max: 50)
        _ = try Self.phone(body.callerPhone)
        try Self.checkBaseVersion(body.baseVersion)
        let at = QueuedWriteTime.clamped(body.at, now: req.now)
        let state = try IncidentStore.state(of: m)
        func unit() async throws -> UUID {
            if caller.role == .patrolOfficer {
                let crew = try await UnitStore(db: req.db).crewUnits(of: caller.userID)
                let mine = state.tasks.map(\.unitId).filter(crew.contains)
                if let u = body.unitId {
                    guard mine.contains(u) else { throw DomainError(code: "not_your_task", message: "the unit is not yours on this incident",
                                                                    messageZh: "这不是您所在单元的任务", kind: .refused) }
                    return u
                }
                guard let u = mine.last else { throw DomainError(code: "not_your_task", message: "your unit has no task on this incident",
                                                                 messageZh: "您所在单元在本警情没有任务", kind: .refused) }
                return u
            }
            // Without a unit: the one sent last.
            guard let u = body.unitId ?? state.tasks.last?.unitId else {
                throw DomainError(code: "no_task", message: "no unit has a task on this incident", messageZh: "本警情尚未派出单元", kind: .conflict)
            }
            return u
        }
        let officerSteps: Set<IncidentEventType> = [.acknowledged, .enRoute, .onScene, .cleared]
        if caller.role == .patrolOfficer, !officerSteps.contains(body.type) {
            throw DomainError(code: "not_for_officer", message: "an officer records only their task's steps",
                              messageZh: "民警只能记录本单元任务的进展", kind: .refused)
        }
        let kind: IncidentEventKind
        switch body.type {
        case .acknowledged: kind = .acknowledged(unitId: try await unit())
        case .enRoute: kind = .enRoute(unitId: try await unit())
        case .onScene: kind = .onScene(unitId: try await unit())
        case .cleared:
            kind = .cleared(unitId: try await unit(), disposition: try Check.optionalText(body.disposition, "disposition", max: 500) ?? "处置完毕")
        case .callLinked:
            kind = .callLinked(IncidentCall(callerName: try Check.optionalText(body.callerName, "callerName", max: 50) ?? "",
                                            callerPhone: try Self.phone(body.callerPhone) ?? "",
                                            at: at, note: try Check.optionalText(body.note, "note", max: 500) ?? ""))
        case .reclassified:
            kind = .reclassified(type: body.incidentType ?? state.type, priority: body.priority ?? state.priority)
        case .closed: kind = .closed(disposition: try Check.optionalText(body.disposition, "disposition", max: 500) ?? "已办结")
        case .merged:
            // No target named is no target found: the same answer as an unknown one.
            guard let into = body.intoIncidentId else { throw DomainError.notFound("并入的警情") }
            let target = try await store.incident(into, for: caller)
            let done = try await store.merge(m, into: target, eventID: body.id, baseVersion: body.baseVersion, by: caller, now: req.now)
            return try await Self.answer(done, req: req)
        case .reported, .dispatched, .interrupted, .absorbed:
            throw DomainError.invalid("not_an_event_here", "\(body.type.rawValue) is recorded by intake or dispatch, not here",
                                      "「\(body.type.label)」不在这里记录")
        }
        let done = try await store.append(to: m, eventID: body.id, kind: kind, at: at, baseVersion: body.baseVersion, by: caller, now: req.now)
        return try await Self.answer(done, req: req)
    }

    package func recommend(req: Request) async throws -> RecommendationDTO {
        let caller = try req.caller()
        let m = try await IncidentStore(db: req.db).incident(try req.uuidParameter(what: "警情"), for: caller)
        // Any page size is accepted; more than 20 units are never worth listing.
        let limit = min(try Check.int(req, "limit", in: 1...PageRequest.maxLimit) ?? 5, 20)
        return try await Recommender(req: req, caller: caller).recommend(m, limit: limit)
    }

    package func dispatch(req: Request) async throws -> Response {
        let caller = try req.caller()
        let store = IncidentStore(db: req.db)
        var m = try await store.incident(try req.uuidParameter(what: "警情"), for: caller)
        let body = try req.content.decode(DispatchRequest.self)
        guard (1...20).contains(body.assignments.count) else {
            throw DomainError.invalid("invalid_assignments", "send 1 to 20 units at a time", "每次派 1 至 20 个单元")
        }
        guard Set(body.assignments.map(\.unitId)).count == body.assignments.count else {
            throw DomainError.invalid("invalid_assignments", "a unit is listed twice", "同一单元重复派出")
        }
        try Self.checkBaseVersion(body.baseVersion)
        var created = false
        var base = body.baseVersion
        var changed: [PatrolUnitModel] = []
        // Every unit and reason checked before the first is sent; their drive times in one search.
        var units: [PatrolUnitModel] = []
        var reasons: [String?] = []
        for a in body.assignments {
            units.append(try await UnitStore(db: req.db).unit(a.unitId, for: caller))
            reasons.append(try Check.optionalText(a.reason, "reason", max: 500))
        }
        let etas = try await Recommender(req: req, caller: caller).etas(of: units, to: m)
        for (a, (unit, reason)) in zip(body.assignments, zip(units, reasons)) {
            let done = try await store.dispatch(unit, to: m, eventID: a.id, etaSeconds: etas[a.unitId], reason: reason, baseVersion: base, by: caller, now: req.now)
            created = created || done.created
            changed += done.unitsChanged
            m = done.model
            // The next unit of the same request builds on this one's version.
            base = base.map { _ in done.state.version }
        }
        await Self.publish(changed, req: req)
        return try await Self.dtos([m], req: req, masked: false)[0].encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// A version is counted from 0: a negative one is a malformed request, refused even when the
    /// step would change nothing (a reclassification to the same type answers without a write).
    static func checkBaseVersion(_ v: Int?) throws {
        if let v, v < 0 { throw DomainError.invalid("invalid_version", "baseVersion is never negative", "baseVersion 不能为负数") }
    }

    /// A phone as the document states it (`IncidentOpenAPI` declares these two): digits, `+`,
    /// spaces and dashes, at most 20.
    static let phonePattern = "^[0-9+ -]*$", phoneMax = 20

    /// A caller's or a party's number, checked against the document's `phonePattern`.
    static func phone(_ value: String?, field: String = "callerPhone") throws -> String? {
        guard let v = try Check.optionalText(value, field, max: phoneMax) else { return nil }
        guard v.range(of: phonePattern, options: .regularExpression) != nil else {
            throw DomainError.invalid("invalid_phone", "\(field) is not a phone number", "电话号码格式不正确（\(field)）")
        }
        return v
    }

    // MARK: Answers

    static func answer(_ done: IncidentStore.Appended, req: Request) async throws -> Response {
        await publish(done.unitsChanged, req: req)
        return try await dtos([done.model], req: req, masked: false)[0].encodeResponse(status: done.created ? .created : .ok, for: req)
    }

    static func publish(_ units: [PatrolUnitModel], req: Request) async {
        for u in units { await req.publishLive(.status(u, origin: req.application.liveFeed.origin, at: req.now)) }
    }

    static func dtos(_ models: [IncidentModel], req: Request, masked: Bool) async throws -> [IncidentDTO] {
        let states = try models.map(IncidentStore.state(of:))
        let signs = try await callSigns(Set(states.flatMap { $0.tasks.map(\.unitId) }), on: req.db)
        let grids = try await UnitNames.load(models.compactMap(\.gridOrgUnitID), on: req.db)
        return zip(models, states).map { m, s in IncidentDTO(m, state: s, callSigns: signs, gridName: m.gridOrgUnitID.flatMap { grids[$0] }, masked: masked) }
    }

    static func callSigns(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await PatrolUnitModel.query(on: db).filter(\.$id ~~ Array(ids)).all().map { ($0.id!, $0.callSign) })
    }

    /// Timelines show callers masked, like lists: the record itself has them in full.
    static func masked(_ kind: IncidentEventKind) -> IncidentEventKind {
        switch kind {
        case .reported(var intake): intake.call = intake.call.masked; return .reported(intake)
        case .callLinked(let call): return .callLinked(call.masked)
        case .absorbed(let from, let calls): return .absorbed(fromIncidentId: from, calls: calls.map(\.masked))
        default: return kind
        }
    }
}
