import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// `/api/v1/plans` and `/api/v1/plan-activations` (P9): write plans, activate one (启动预案: each
/// post's unit chosen and its drive planned with the routing core, in one step), watch the posts
/// fill from the units' GPS, and deactivate (解除预案).
enum PlanAPI {
    // MARK: Plans

    @Sendable static func list(req: Request) async throws -> ListPage<PlanDTO> {
        let caller = try req.caller()
        let q = PlanStore(db: req.db).visible(to: caller)
        if let kind = try Check.choice(req, "kind", PlanKind.self) { q.filter(\.$kind == kind.rawValue) }
        if let active = try Check.bool(req, "active") { if active { q.filter(\.$activeActivationID != nil) } else { q.filter(\.$activeActivationID == nil) } }
        q.sort(\.$name).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await dtos($0, caller: caller, on: req.db) }
    }

    @Sendable static func show(req: Request) async throws -> PlanDTO {
        let caller = try req.caller()
        let m = try await PlanStore(db: req.db).plan(try req.uuidParameter(what: "预案"), for: caller)
        return try await dtos([m], caller: caller, on: req.db)[0]
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(PlanInput.self)
        guard let id = body.id else { throw APIError.validation("id 不能为空 / id is required") }
        let m = PlanModel()
        m.id = id
        let org = try await orgUnit(body.orgUnitId ?? caller.scopeUnitID, for: caller, on: req.db)
        m.orgUnitID = try org.requireID()
        m.scopePath = org.path
        let now = req.now
        let content = try await checked(body, caller: caller, on: req.db)
        content(m)
        m.version = 1
        m.createdAt = now
        m.updatedAt = now
        let (saved, created) = try await PlanStore(db: req.db).create(m, by: caller, now: now)
        return try await dtos([saved], caller: caller, on: req.db)[0].encodeResponse(status: created ? .created : .ok, for: req)
    }

    @Sendable static func update(req: Request) async throws -> PlanDTO {
        let caller = try req.caller()
        let store = PlanStore(db: req.db)
        let m = try await store.plan(try req.uuidParameter(what: "预案"), for: caller)
        let body = try req.content.decode(PlanInput.self)
        guard let base = body.baseVersion else { throw APIError.validation("baseVersion 不能为空 / baseVersion is required") }
        var org: OrgUnitModel?
        if let unit = body.orgUnitId, unit != m.orgUnitID { org = try await orgUnit(unit, for: caller, on: req.db) }
        let content = try await checked(body, caller: caller, on: req.db)
        let orgID = try org?.requireID(), orgPath = org?.path
        let saved = try await store.update(m, baseVersion: base, apply: { m in
            content(m)
            if let orgID, let orgPath { m.orgUnitID = orgID; m.scopePath = orgPath }
        }, by: caller, now: req.now)
        return try await dtos([saved], caller: caller, on: req.db)[0]
    }

    @Sendable static func retire(req: Request) async throws -> PlanDTO {
        let caller = try req.caller()
        let store = PlanStore(db: req.db)
        let m = try await store.plan(try req.uuidParameter(what: "预案"), for: caller)
        return try await dtos([try await store.retire(m, by: caller, now: req.now)], caller: caller, on: req.db)[0]
    }

    /// The org unit a plan belongs to: in the caller's subtree (404 as if unknown otherwise).
    static func orgUnit(_ id: UUID, for caller: Caller, on db: any Database) async throws -> OrgUnitModel {
        guard let org = try await OrgUnitModel.find(id, on: db), caller.canSee(org) else { throw DomainError.notFound("单位") }
        return org
    }

    /// The body's content checked as the API document declares it and by the layout's own rules;
    /// returned as the change to make on the model.
    static func checked(_ body: PlanInput, caller: Caller, on db: any Database) async throws -> @Sendable (PlanModel) -> Void {
        typealias L = PlanLayout.Limits
        let name = try Check.text(body.name, "name", max: L.name)
        let details = try Check.optionalText(body.description, "description", max: L.description)
        if let s = body.windowStart, let e = body.windowEnd, e <= s {
            throw DomainError.invalid("invalid_window", "windowEnd must be after windowStart", "时间窗口的结束须晚于开始")
        }
        let sites = body.sites ?? [], routes = body.routes ?? []
        guard sites.count <= L.sites, routes.count <= L.routes, (1...L.posts).contains(body.posts.count),
              routes.allSatisfy({ (2...L.routePoints).contains($0.points.count) }) else {
            throw APIError.validation("重点部位、巡逻路线或岗位数量超出范围 / too many (or too few) sites, routes, points or posts")
        }
        let layout = PlanLayout(
            sites: try sites.map { .init(name: try Check.text($0.name, "sites.name", max: L.name), lat: $0.lat, lon: $0.lon) },
            routes: try routes.map { .init(name: try Check.text($0.name, "routes.name", max: L.name), points: $0.points) },
            posts: try body.posts.map {
                .init(name: try Check.text($0.name, "posts.name", max: L.name), lat: $0.lat, lon: $0.lon, checkpoint: $0.checkpoint ?? false,
                      unitId: $0.unitId?.uuidString, unitKind: $0.unitKind, targetMinutes: $0.targetMinutes)
            })
        let problems = layout.problems()
        guard problems.isEmpty else { throw DomainError.invalid("invalid_plan", problems.joined(separator: "; "), problems.joined(separator: "；")) }
        // A named unit must be one the author may send.
        let named = Set(body.posts.compactMap(\.unitId))
        if !named.isEmpty {
            let known = Set(try await UnitStore(db: db).visible(to: caller).filter(\.$id ~~ Array(named)).all().compactMap(\.id))
            if let unknown = named.subtracting(known).first {
                throw DomainError.invalid("unknown_unit", "unit \(unknown) is not in your scope", "指定的单元不存在或不在本辖区：\(unknown)")
            }
        }
        let json = try PlanStore.json(layout)
        let kind = body.kind.rawValue, start = body.windowStart, end = body.windowEnd
        return { m in
            m.name = name; m.kind = kind; m.details = details; m.windowStart = start; m.windowEnd = end; m.layout = json
        }
    }

    static func dtos(_ rows: [PlanModel], caller: Caller, on db: any Database) async throws -> [PlanDTO] {
        let layouts = try rows.map { try PlanStore.layout(of: $0.layout) }
        let signs = try await IncidentController.callSigns(Set(layouts.flatMap { $0.posts.compactMap { $0.unitId.flatMap(UUID.init(uuidString:)) } }), on: db)
        let orgs = try await UnitNames.load(rows.map(\.orgUnitID), on: db)
        let manage = PlanRoutes.planners.contains(caller.role)
        return try zip(rows, layouts).map { m, l in
            PlanDTO(id: try m.requireID(), orgUnitId: m.orgUnitID, orgUnitName: orgs[m.orgUnitID] ?? "", name: m.name, kind: m.kind,
                    kindLabel: PlanKind(rawValue: m.kind)?.label ?? m.kind, description: m.details, windowStart: m.windowStart, windowEnd: m.windowEnd,
                    sites: l.sites, routes: l.routes,
                    posts: l.posts.map { p in
                        let unit = p.unitId.flatMap(UUID.init(uuidString:))
                        return PlanDTO.Post(name: p.name, lat: p.lat, lon: p.lon, checkpoint: p.checkpoint, unitId: unit, callSign: unit.flatMap { signs[$0] },
                                            unitKind: p.unitKind.rawValue, unitKindLabel: p.unitKind.label, targetMinutes: p.targetMinutes)
                    },
                    version: m.version, updatedAt: m.updatedAt, activeActivationId: m.activeActivationID, mayManage: manage)
        }
    }

    // MARK: Activation

    @Sendable static func activate(req: Request) async throws -> Response {
        let caller = try req.caller()
        let store = PlanStore(db: req.db)
        let plan = try await store.plan(try req.uuidParameter(what: "预案"), for: caller)
        let body = try req.content.decode(PlanActivateRequest.self)
        let planID = try plan.requireID()
        if let existing = try await PlanActivationModel.find(body.id, on: req.db) {
            guard existing.planID == planID else { throw DomainError.duplicateID(body.id) }
            return try await activationDTOs([existing], req: req, caller: caller)[0].encodeResponse(status: .ok, for: req)
        }
        guard plan.activeActivationID == nil else { throw PlanStore.active() }
        guard req.application.roadNetwork.graph != nil else {
            throw DomainError(code: "no_road_network", message: "no road network is loaded", messageZh: "未载入路网，无法计算各岗位的行车时间", kind: .conflict)
        }
        let layout = try PlanStore.layout(of: plan.layout)
        let (outcomes, staffed) = try await assign(layout, req: req, caller: caller)
        let (a, created, changed) = try await store.activate(id: body.id, plan: plan, layout: layout, outcomes: outcomes, staffed: staffed,
                                                             by: caller, now: req.now)
        await IncidentController.publish(changed, req: req)
        return try await activationDTOs([a], req: req, caller: caller, readTracks: !created)[0].encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// Who takes each post (`PlanAssignment`), with drive times from the units' live positions by
    /// the routing core (one search per post, as a recommendation makes one per incident) and the
    /// route of each unit taken.
    static func assign(_ layout: PlanLayout, req: Request, caller: Caller) async throws -> ([PlanAssignment.Outcome], [PlanStore.Staffed]) {
        let units = try await UnitStore(db: req.db).visible(to: caller).all()
        let byID = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } })
        let candidates = units.compactMap { u in
            u.unitKind.map { PlanAssignment.Candidate(id: u.id!.uuidString, kind: $0, status: PatrolUnitStatus(rawValue: u.status) ?? .offDuty) }
        }
        // Only units that could go are searched for.
        let movable = units.filter { $0.unitKind?.moves == true && PatrolUnitStatus(rawValue: $0.status)?.isDispatchable == true }
        let recommender = Recommender(req: req, caller: caller)
        var times: [Int: [UUID: Double]] = [:]
        for (i, post) in layout.posts.enumerated() {
            times[i] = try await recommender.drives(of: movable, to: IncidentPlace(lat: post.lat, lon: post.lon), routes: false).mapValues(\.seconds)
        }
        let outcomes = PlanAssignment.assign(layout.posts, candidates: candidates) { id, i in UUID(uuidString: id).flatMap { times[i]?[$0] } }
        var staffed: [PlanStore.Staffed] = []
        for o in outcomes {
            guard let id = o.unitID.flatMap(UUID.init(uuidString:)), let unit = byID[id], let seconds = o.seconds else { continue }
            let post = layout.posts[o.post]
            let drive = try await recommender.drive(of: unit, to: IncidentPlace(lat: post.lat, lon: post.lon), routes: true)
            staffed.append(PlanStore.Staffed(post: o.post, unit: unit, seconds: (seconds * 10).rounded() / 10,
                                             route: (drive?.route ?? []).map { [($0.lon * 1e6).rounded() / 1e6, ($0.lat * 1e6).rounded() / 1e6] }))
        }
        return (outcomes, staffed)
    }

    @Sendable static func activations(req: Request) async throws -> ListPage<PlanActivationDTO> {
        let caller = try req.caller()
        let q = try await PlanStore(db: req.db).activations(to: caller)
        if let open = try Check.bool(req, "open") { if open { q.filter(\.$endedAt == nil) } else { q.filter(\.$endedAt != nil) } }
        if let plan = try Check.uuid(req, "plan") { q.filter(\.$planID == plan) }
        // The county report's filters: the plan's kind, started in [from, to), kept in an org unit's subtree.
        if let kinds = try Check.choices(req, "kind", PlanKind.self) {
            let plans = try await PlanModel.query(on: req.db).filter(\.$kind ~~ kinds.map(\.rawValue)).all(\.$id)
            q.filter(\.$planID ~~ plans)
        }
        if let from = try Check.date(req, "from") { q.filter(\.$startedAt >= from) }
        if let to = try Check.date(req, "to") { q.filter(\.$startedAt < to) }
        if let org = try Check.uuid(req, "orgUnit") {
            if let unit = try await OrgUnitModel.find(org, on: req.db) { q.filter(\.$scopePath =~ unit.path) } else { q.filter(\.$id ~~ [UUID]()) }
        }
        q.sort(\.$startedAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await activationDTOs($0, req: req, caller: caller) }
    }

    @Sendable static func activation(req: Request) async throws -> PlanActivationDTO {
        let caller = try req.caller()
        let a = try await PlanStore(db: req.db).activation(try req.uuidParameter(what: "预案启动记录"), for: caller)
        return try await activationDTOs([a], req: req, caller: caller)[0]
    }

    @Sendable static func deactivate(req: Request) async throws -> PlanActivationDTO {
        let caller = try req.caller()
        let store = PlanStore(db: req.db)
        let a = try await store.activation(try req.uuidParameter(what: "预案启动记录"), for: caller)
        let (ended, changed) = try await store.deactivate(a, by: caller, now: req.now)
        await IncidentController.publish(changed, req: req)
        return try await activationDTOs([ended], req: req, caller: caller)[0]
    }

    /// Each activation with its posts: the task's unit, planned and actual arrival (read from the
    /// unit's track from activation until deactivation, as a containment order reads it). An officer
    /// sees only the posts of their own unit.
    static func activationDTOs(_ rows: [PlanActivationModel], req: Request, caller: Caller, readTracks: Bool = true) async throws -> [PlanActivationDTO] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let tasks = try await PlanTaskModel.query(on: req.db).filter(\.$activationID ~~ ids).all()
        let plans = Dictionary(uniqueKeysWithValues: try await PlanModel.query(on: req.db).filter(\.$id ~~ rows.map(\.planID)).all().map { ($0.id!, $0) })
        let crew: Set<UUID>? = caller.role == .patrolOfficer ? try await UnitStore(db: req.db).crewUnits(of: caller.userID) : nil
        let decoded = try rows.map { (try PlanStore.layout(of: $0.layout),
                                      try StoredJSON.decoder.decode([PlanAssignment.Outcome].self, from: Data($0.outcomes.utf8))) }
        var unitIDs = Set(tasks.map(\.unitID))
        for (l, _) in decoded { for p in l.posts { if let u = p.unitId.flatMap(UUID.init(uuidString:)) { unitIDs.insert(u) } } }
        let signs = try await IncidentController.callSigns(unitIDs, on: req.db)
        let fixes = FixStore(db: req.db)
        let now = req.now
        let manage = PlanRoutes.planners.contains(caller.role)
        var out: [PlanActivationDTO] = []
        for (a, (layout, outcomes)) in zip(rows, decoded) {
            let id = try a.requireID()
            let mine = tasks.filter { $0.activationID == id }
            var posts: [PlanActivationDTO.Post] = []
            for o in outcomes {
                let post = layout.posts[o.post]
                let task = mine.first { $0.postIndex == o.post }
                if let crew, !(task.map { crew.contains($0.unitID) } ?? false) { continue }
                let target = Double(post.targetMinutes * 60)
                var track: [Fix]?
                if let task { track = readTracks ? try await fixes.track(unit: task.unitID, from: a.startedAt, to: a.endedAt ?? now).map(\.fix) : [] }
                let arrival = PostArrival(post: post.position, fixes: track, startedAt: a.startedAt, endedAt: a.endedAt, targetSeconds: target)
                let named = post.unitId.flatMap(UUID.init(uuidString:))
                posts.append(PlanActivationDTO.Post(
                    index: o.post, name: post.name, lat: post.lat, lon: post.lon, checkpoint: post.checkpoint, unitId: task?.unitID,
                    callSign: task.flatMap { signs[$0.unitID] }, nearest: o.nearest,
                    skippedCallSign: o.namedSkipped == nil ? nil : named.flatMap { signs[$0] }, skipped: o.namedSkipped?.rawValue,
                    skippedLabel: o.namedSkipped?.label, plannedSeconds: task?.plannedSeconds, targetSeconds: target,
                    arrivedAt: arrival.arrivedAt, actualSeconds: arrival.actualSeconds, withinTarget: arrival.withinTarget,
                    outcome: arrival.outcome.rawValue,
                    route: task.flatMap { try? StoredJSON.decoder.decode([[Double]].self, from: Data($0.route.utf8)) } ?? []))
            }
            let plan = plans[a.planID]
            let kind = plan.flatMap { PlanKind(rawValue: $0.kind) }
            out.append(PlanActivationDTO(
                id: id, planId: a.planID, planName: plan?.name ?? "", kind: kind?.rawValue ?? "", kindLabel: kind?.label ?? "",
                startedAt: a.startedAt, endedAt: a.endedAt, sites: crew == nil ? layout.sites : [], routes: layout.routes, posts: posts,
                summary: .init(posts: posts.count, staffed: posts.filter { $0.unitId != nil }.count, arrived: posts.filter { $0.actualSeconds != nil }.count,
                               withinTarget: posts.filter(\.withinTarget).count),
                mayManage: manage))
        }
        return out
    }
}
