import Fluent
import PinganDomain
import Vapor

/// Home: shortcuts for the role, each wing's lists for the caller, and counts of what lies in scope.
package struct HomePageModel: Encodable {
    package struct Count: Encodable { var label: String; var count: Int }
    package var scopeName: String
    package var cards: [HomeCard]
    package var panels: [HomePanel]
    package var counts: [Count]

    package static func build(for actor: Caller, wings: [any Wing], on db: Database) async throws -> HomePageModel {
        let units = try await OrgUnitModel.query(on: db).filter(\.$path =~ actor.scopePath).field(\.$kind).field(\.$id).all()
        var byKind: [String: Int] = [:]
        for u in units { byKind[u.kind, default: 0] += 1 }
        let counts = OrgUnitKind.allCases.compactMap { k in byKind[k.rawValue].map { Count(label: k.label, count: $0) } }
        let scope = try await OrgUnitModel.find(actor.scopeUnitID, on: db)
        var panels: [HomePanel] = []
        for wing in wings { panels += try await wing.homePanels(for: actor, on: db) }
        return HomePageModel(scopeName: scope?.name ?? "", cards: cards(for: actor.role, wings: wings), panels: panels, counts: counts)
    }

    package static func cards(for role: Role, wings: [any Wing]) -> [HomeCard] {
        var c = [HomeCard(href: CoreRoutes.orgPage.link(), title: "组织架构", text: "查看本辖区单位与调解组织"),
                 HomeCard(href: CoreRoutes.mapPage.link(), title: "辖区地图", text: "县界、乡镇与巡控网格（示意范围）")]
        if role == .admin {
            c += [HomeCard(href: CoreRoutes.usersPage.link(), title: "账号管理", text: "新建账号、分配角色与单位"),
                  HomeCard(href: CoreRoutes.auditPage.link(), title: "审计日志", text: "谁在何时改了什么，可导出 CSV")]
        }
        for wing in wings { c += wing.homeCards(for: role) }
        switch role {
        case .dispatcher, .stationCommander, .patrolOfficer:
            c.append(HomeCard(href: CoreRoutes.mapPage.link(), title: "网格化巡控", text: "警力分布与处警"))
        case .governanceStaff:
            c.append(HomeCard(href: CoreRoutes.mapPage.link(), title: "综治一张图", text: "网格与单位分布"))
        default: break
        }
        return c
    }

    package init(scopeName: String, cards: [HomeCard], panels: [HomePanel], counts: [Count]) {
        self.scopeName = scopeName
        self.cards = cards
        self.panels = panels
        self.counts = counts
    }
}

/// The org tree as indented rows, the scope's whole subtree or the rows matching a search
/// (each with the trail of its ancestors, so a hit is never out of context).
package struct OrgTreePageModel: Encodable {
    package struct Row: Encodable, Equatable {
        package var id: UUID
        package var name, code, kind, kindLabel: String
        package var depth: Int
        package var illustrative, filler: Bool
        package var trail: String?

        package init(id: UUID, name: String, code: String, kind: String, kindLabel: String, depth: Int, illustrative: Bool, filler: Bool, trail: String? = nil) {
            self.id = id
            self.name = name
            self.code = code
            self.kind = kind
            self.kindLabel = kindLabel
            self.depth = depth
            self.illustrative = illustrative
            self.filler = filler
            self.trail = trail
        }
    }
    package var query: String
    package var total: Int
    package var rows: [Row]

    package static func build(for actor: Caller, query: String?, on db: Database) async throws -> OrgTreePageModel {
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

    package init(query: String, total: Int, rows: [Row]) {
        self.query = query
        self.total = total
        self.rows = rows
    }
}

extension OrgUnitModel {
    /// Siblings list working bodies before places, so a township's committee and office come
    /// before its long list of villages.
    package var kindOrder: Int {
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
package struct UsersPageModel: Encodable {
    package struct Row: Encodable { var username, displayName, roleLabel, unitName: String; var active: Bool }
    package struct RoleOption: Encodable { var code, label: String }
    package var users: [Row]
    package var roles: [RoleOption]
    package var message: String?
    package var error: String?

    package static func build(for actor: Caller, on db: Database, message: String?) async throws -> UsersPageModel {
        let users = try await UserStore(db: db).visible(scopePath: actor.scopePath).sort(\.$username).limit(500).all()
        let names = try await UnitNames.load(users.map(\.orgUnitID), on: db)
        return UsersPageModel(
            users: users.map { Row(username: $0.username, displayName: $0.displayName, roleLabel: Role(rawValue: $0.role)?.label ?? $0.role,
                                   unitName: names[$0.orgUnitID] ?? "", active: $0.active) },
            roles: Role.allCases.map { RoleOption(code: $0.rawValue, label: $0.label) },
            message: message, error: nil)
    }

    package init(users: [Row], roles: [RoleOption], message: String? = nil, error: String? = nil) {
        self.users = users
        self.roles = roles
        self.message = message
        self.error = error
    }
}

/// The latest audit records matching the filters of the audit page.
package struct AuditPageModel: Encodable {
    package struct Row: Encodable { var at, actor, action, entityType, entityId, before, after: String }
    package struct Filter: Encodable { var actor, entityType, from, to: String }
    package var filter: Filter
    package var exportQuery: String
    package var total: Int
    package var records: [Row]

    package static func build(_ req: Request) async throws -> AuditPageModel {
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

    package init(filter: Filter, exportQuery: String, total: Int, records: [Row]) {
        self.filter = filter
        self.exportQuery = exportQuery
        self.total = total
        self.records = records
    }
}
