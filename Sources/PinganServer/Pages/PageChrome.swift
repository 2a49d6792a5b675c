import PinganDomain
import Vapor

/// What every page's frame needs: the signed-in person, the menu for their role, the CSRF token.
struct PageChrome: Encodable {
    struct Who: Encodable {
        var displayName: String
        var roleLabel: String
        var orgUnitName: String
    }
    struct Link: Encodable {
        var href: String
        var label: String
        var active: Bool
    }
    var title: String
    var csrf: String
    var actor: Who?
    /// The signed-in user's id, for the offline queue: entries wait for the account that made them.
    var userId: String?
    var nav: [Link]

    init(_ req: Request, title: String, actor: Actor?, current: String) {
        self.title = title
        self.csrf = CSRF.token(req)
        self.actor = actor.map { Who(displayName: $0.displayName, roleLabel: $0.role.label, orgUnitName: $0.orgUnitName) }
        self.userId = actor?.userID.uuidString
        self.nav = actor.map { a in Self.menu(for: a.role).map { Link(href: $0.0, label: $0.1, active: $0.0 == current) } } ?? []
    }

    /// The menu each role sees; later features add their pages here.
    static func menu(for role: Role) -> [(String, String)] {
        var items = [("/", "首页"), ("/org", "组织架构"), ("/map", "地图")]
        if DisputeController.justiceRoles.contains(role) {
            if role != .lawyer { items.append(("/disputes/new", "纠纷登记")) }
            items.append(("/disputes", "纠纷列表"))
            if [.judicialOfficeStaff, .justiceBureauStaff, .admin].contains(role) { items.append(("/board", "每日看板")) }
            if ![.lawyer, .mediationRoomStaff].contains(role) { items.append(("/screening", "月度排查")) }
            if role != .lawyer { items.append(("/command", "指令督办")) }
            items.append(("/statistics", "统计"))
        }
        if role == .admin { items += [("/admin/users", "账号"), ("/admin/audit", "审计")] }
        return items
    }
}

/// A page context: the frame plus the page's own model, flattened for Leaf.
struct PageContext<Model: Encodable>: Encodable {
    var chrome: PageChrome
    var model: Model

    func encode(to encoder: Encoder) throws {
        try chrome.encode(to: encoder)
        try model.encode(to: encoder)
    }
}

/// Per-session CSRF token for forms (and the `X-CSRF-Token` header of script calls).
enum CSRF {
    static func token(_ req: Request) -> String {
        if let t = req.session.data["csrf"] { return t }
        let t = [UInt8].random(count: 24).base64
        req.session.data["csrf"] = t
        return t
    }

    static func check(_ req: Request, supplied: String?) throws {
        guard let expected = req.session.data["csrf"], let supplied, !supplied.isEmpty,
              expected.utf8.count == supplied.utf8.count,
              zip(expected.utf8, supplied.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw APIError(status: .forbidden, code: "csrf_failed", message: "页面已过期，请刷新后重试 / form expired, reload and retry")
        }
    }
}
