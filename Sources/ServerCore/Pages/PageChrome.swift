import PinganDomain
import Vapor

/// What every page's frame needs: the signed-in person, the menu for their role, the CSRF token.
package struct PageChrome: Encodable {
    package struct Who: Encodable {
        package var displayName: String
        package var roleLabel: String
        package var orgUnitName: String

        package init(displayName: String, roleLabel: String, orgUnitName: String) {
            self.displayName = displayName
            self.roleLabel = roleLabel
            self.orgUnitName = orgUnitName
        }
    }
    package struct Link: Encodable {
        package var href: String
        package var label: String
        package var active: Bool

        package init(href: String, label: String, active: Bool) {
            self.href = href
            self.label = label
            self.active = active
        }
    }
    package var title: String
    package var csrf: String
    package var actor: Who?
    /// The signed-in user's id, for the offline queue: entries wait for the account that made them.
    package var userId: String?
    package var nav: [Link]

    package init(_ req: Request, title: String, actor: Caller?, current: String) {
        self.title = title
        self.csrf = CSRF.token(req)
        self.actor = actor.map { Who(displayName: $0.displayName, roleLabel: $0.role.label, orgUnitName: $0.orgUnitName) }
        self.userId = actor?.userID.uuidString
        self.nav = actor.map { a in
            Self.menu(for: a.role, wings: req.application.wings).map { Link(href: $0.href, label: $0.label, active: $0.href == current) }
        } ?? []
    }

    /// The menu each role sees: the shared pages, each wing's, then administration.
    package static func menu(for role: Role, wings: [any Wing]) -> [MenuItem] {
        var items = [MenuItem(CoreRoutes.homePage.link(), "首页"), MenuItem(CoreRoutes.orgPage.link(), "组织架构"), MenuItem(CoreRoutes.mapPage.link(), "地图")]
        for wing in wings { items += wing.menu(for: role) }
        if role == .admin { items += [MenuItem(CoreRoutes.usersPage.link(), "账号"), MenuItem(CoreRoutes.auditPage.link(), "审计")] }
        return items
    }
}

/// A page context: the frame plus the page's own model, flattened for Leaf.
package struct PageContext<Model: Encodable>: Encodable {
    package var chrome: PageChrome
    package var model: Model

    package func encode(to encoder: Encoder) throws {
        try chrome.encode(to: encoder)
        try model.encode(to: encoder)
    }

    package init(chrome: PageChrome, model: Model) {
        self.chrome = chrome
        self.model = model
    }
}

/// Per-session CSRF token for forms (and the `X-CSRF-Token` header of script calls).
package enum CSRF {
    package static func token(_ req: Request) -> String {
        if let t = req.session.data["csrf"] { return t }
        let t = [UInt8].random(count: 24).base64
        req.session.data["csrf"] = t
        return t
    }

    package static func check(_ req: Request, supplied: String?) throws {
        guard let expected = req.session.data["csrf"], let supplied, !supplied.isEmpty,
              expected.utf8.count == supplied.utf8.count,
              zip(expected.utf8, supplied.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw APIError(status: .forbidden, code: "csrf_failed", message: "页面已过期，请刷新后重试 / form expired, reload and retry")
        }
    }
}
