import Fluent
import PinganDomain
import Vapor

/// Home: shortcuts for the role and counts of what lies in the user's scope.
struct HomePageModel: Encodable {
    struct Card: Encodable { var href, title, text: String }
    struct Count: Encodable { var label: String; var count: Int }
    /// A question a lawyer was asked about a dispute (请律师咨询).
    struct Consultation: Encodable { var disputeId: UUID; var summary, question, askedText: String }
    var scopeName: String
    var cards: [Card]
    var counts: [Count]
    /// For a lawyer: the disputes they were asked to consult on, newest first.
    var showsConsultations: Bool
    var consultations: [Consultation]

    static func build(for actor: Actor, on db: Database) async throws -> HomePageModel {
        let units = try await OrgUnitModel.query(on: db).filter(\.$path =~ actor.scopePath).field(\.$kind).field(\.$id).all()
        var byKind: [String: Int] = [:]
        for u in units { byKind[u.kind, default: 0] += 1 }
        let counts = OrgUnitKind.allCases.compactMap { k in byKind[k.rawValue].map { Count(label: k.label, count: $0) } }
        let scope = try await OrgUnitModel.find(actor.scopeUnitID, on: db)
        return HomePageModel(scopeName: scope?.name ?? "", cards: cards(for: actor.role), counts: counts,
                             showsConsultations: actor.role == .lawyer,
                             consultations: actor.role == .lawyer ? try await consultations(for: actor, on: db) : [])
    }

    /// The `assigned` events naming this lawyer, in the lawyer's scope.
    static func consultations(for actor: Actor, on db: Database) async throws -> [Consultation] {
        let rows = try await DisputeEventModel.query(on: db).filter(\.$type == DisputeEventType.assigned.rawValue)
            .filter(\.$body ~~ actor.userID.uuidString).sort(\.$at, .descending).limit(50).all()
        let asked: [(UUID, String, Date)] = try rows.compactMap { row in
            let event = try DisputeStore.decoder.decode(DisputeEvent.self, from: Data(row.body.utf8))
            guard case .assigned(let a) = event.kind, a.role == .lawyer, a.userId == actor.userID else { return nil }
            return (row.disputeID, a.note ?? "", row.at)
        }
        let disputes = try await DisputeStore(db: db).visible(scopePath: actor.scopePath).filter(\.$id ~~ Set(asked.map(\.0)))
            .field(\.$id).field(\.$summary).all()
        let summaries = Dictionary(uniqueKeysWithValues: disputes.map { ($0.id!, $0.summary) })
        return asked.compactMap { a in
            summaries[a.0].map { Consultation(disputeId: a.0, summary: $0, question: a.1, askedText: PageFormat.dateTime(a.2)) }
        }
    }

    static func cards(for role: Role) -> [Card] {
        var c = [Card(href: "/org", title: "组织架构", text: "查看本辖区单位与调解组织"),
                 Card(href: "/map", title: "辖区地图", text: "县界、乡镇与巡控网格（示意范围）")]
        switch role {
        case .admin:
            c += [Card(href: "/admin/users", title: "账号管理", text: "新建账号、分配角色与单位"),
                  Card(href: "/admin/audit", title: "审计日志", text: "谁在何时改了什么，可导出 CSV")]
        case .mediator, .judicialOfficeStaff, .justiceBureauStaff, .mediationRoomStaff, .lawyer:
            c.append(Card(href: "/disputes", title: "民调通", text: "纠纷登记与调处"))
        case .dispatcher, .stationCommander, .patrolOfficer:
            c.append(Card(href: "/map", title: "网格化巡控", text: "警力分布与处警"))
        case .governanceStaff:
            c.append(Card(href: "/map", title: "综治一张图", text: "网格与单位分布"))
        }
        return c
    }
}

/// The org tree as indented rows, the scope's whole subtree or the rows matching a search
/// (each with the trail of its ancestors, so a hit is never out of context).
struct OrgTreePageModel: Encodable {
    struct Row: Encodable, Equatable {
        var id: UUID
        var name, code, kind, kindLabel: String
        var depth: Int
        var illustrative, filler: Bool
        var trail: String?
    }
    var query: String
    var total: Int
    var rows: [Row]

    static func build(for actor: Actor, query: String?, on db: Database) async throws -> OrgTreePageModel {
        let all = try await OrgUnitModel.query(on: db).filter(\.$path =~ actor.scopePath).all()
        let byID = Dictionary(uniqueKeysWithValues: all.compactMap { u in u.id.map { ($0, u) } })
        var children: [UUID?: [OrgUnitModel]] = [:]
        for u in all { children[u.parentID.flatMap { byID[$0] != nil ? $0 : nil }, default: []].append(u) }
        for k in children.keys { children[k]?.sort { ($0.kindOrder, $0.code) < ($1.kindOrder, $1.code) } }
        let baseDepth = all.map(\.depth).min() ?? 0
        func row(_ u: OrgUnitModel, trail: String?) -> Row {
            Row(id: u.id!, name: u.name, code: u.code, kind: u.kind, kindLabel: u.unitKind?.label ?? u.kind,
                depth: trail == nil ? u.depth - baseDepth : 0, illustrative: u.geometryIllustrative, filler: u.plausibleFiller, trail: trail)
        }
        var rows: [Row] = []
        if let q = query, !q.isEmpty {
            for u in all.sorted(by: { ($0.depth, $0.code) < ($1.depth, $1.code) }) where u.name.contains(q) || u.code.contains(q) {
                var names: [String] = []
                var p = u.parentID.flatMap { byID[$0] }
                while let cur = p { names.insert(cur.name, at: 0); p = cur.parentID.flatMap { byID[$0] } }
                rows.append(row(u, trail: names.joined(separator: " › ")))
            }
        } else {
            func walk(_ parent: UUID?) {
                for u in children[parent] ?? [] {
                    rows.append(row(u, trail: nil))
                    walk(u.id)
                }
            }
            walk(nil)
        }
        return OrgTreePageModel(query: query ?? "", total: all.count, rows: rows)
    }
}

extension OrgUnitModel {
    /// Siblings list working bodies before places, so a township's committee and office come
    /// before its long list of villages.
    var kindOrder: Int {
        switch unitKind {
        case .justiceBureau, .judicialOffice, .mediationCommittee, .professionalCommittee: 0
        case .massWorkCommittee, .massWorkCenter, .disputeCenter, .governanceCenter: 1
        case .commandCenter, .policeStation: 2
        case .township: 3
        case .village, .community, .area: 4
        case .department, .mediationRoom: 5
        case .publicSecurityBureau: 6
        default: 7
        }
    }
}

/// Accounts in the administrator's scope with their unit names.
struct UsersPageModel: Encodable {
    struct Row: Encodable { var username, displayName, roleLabel, unitName: String; var active: Bool }
    struct RoleOption: Encodable { var code, label: String }
    var users: [Row]
    var roles: [RoleOption]
    var message: String?
    var error: String?

    static func build(for actor: Actor, on db: Database, message: String?) async throws -> UsersPageModel {
        let users = try await UserStore(db: db).visible(scopePath: actor.scopePath).sort(\.$username).limit(500).all()
        let names = try await UnitNames.load(users.map(\.orgUnitID), on: db)
        return UsersPageModel(
            users: users.map { Row(username: $0.username, displayName: $0.displayName, roleLabel: Role(rawValue: $0.role)?.label ?? $0.role,
                                   unitName: names[$0.orgUnitID] ?? "", active: $0.active) },
            roles: Role.allCases.map { RoleOption(code: $0.rawValue, label: $0.label) },
            message: message, error: nil)
    }
}

/// The latest audit records matching the filters of the audit page.
struct AuditPageModel: Encodable {
    struct Row: Encodable { var at, actor, action, entityType, entityId, before, after: String }
    struct Filter: Encodable { var actor, entityType, from, to: String }
    var filter: Filter
    var exportQuery: String
    var total: Int
    var records: [Row]

    static func build(_ req: Request) async throws -> AuditPageModel {
        let q = try AuditController.filtered(req)
        let total = try await q.copy().count()
        let rows = try await q.limit(200).all()
        let fmt = DateFormatter()
        fmt.locale = Locale(identifier: "zh_CN")
        fmt.timeZone = TimeZone(identifier: "Asia/Shanghai")
        fmt.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let f = Filter(actor: req.query[String.self, at: "actor"] ?? "", entityType: req.query[String.self, at: "entityType"] ?? "",
                       from: req.query[String.self, at: "from"] ?? "", to: req.query[String.self, at: "to"] ?? "")
        var comps = URLComponents()
        comps.queryItems = [("actor", f.actor), ("entityType", f.entityType), ("from", f.from), ("to", f.to)]
            .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
        return AuditPageModel(
            filter: f, exportQuery: comps.percentEncodedQuery ?? "", total: total,
            records: rows.map { Row(at: fmt.string(from: $0.at), actor: $0.actorUsername, action: $0.action, entityType: $0.entityType,
                                    entityId: $0.entityID ?? "", before: $0.before ?? "", after: $0.after ?? "") })
    }
}
