import Fluent
import PinganDomain
import Vapor

/// Server-rendered pages (Chinese UI). Each page's model comes from a query function the tests
/// call directly; the templates only render.
package struct PageController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.loginPage, use: loginPage)
        routes.on(CoreRoutes.loginForm, use: login)
        routes.on(CoreRoutes.logoutForm, use: logout)
        routes.on(CoreRoutes.homePage, use: home)
        routes.on(CoreRoutes.orgPage, use: org)
        routes.on(CoreRoutes.mapPage, use: mapPage)
        routes.on(CoreRoutes.usersPage, use: usersPage)
        routes.on(CoreRoutes.createUserForm, use: createUser)
        routes.on(CoreRoutes.auditPage, use: auditPage)
    }

    package struct LoginModel: Encodable {
        package var error: String?
        package var username: String

        package init(error: String? = nil, username: String) {
            self.error = error
            self.username = username
        }
    }

    package func loginPage(req: Request) async throws -> Response {
        if req.auth.get(Caller.self) != nil { return req.redirect(to: CoreRoutes.homePage.path) }
        return try await render(req, "login", title: "登录", actor: nil, current: CoreRoutes.loginPage.path, LoginModel(error: nil, username: ""))
    }

    package struct LoginForm: Content {
        package var username: String?
        package var password: String?
        package var _csrf: String?

        package init(username: String? = nil, password: String? = nil, _csrf: String? = nil) {
            self.username = username
            self.password = password
            self._csrf = _csrf
        }
    }

    package func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        try CSRF.check(req, supplied: form._csrf)
        let username = form.username ?? ""
        do {
            let user = try await AuthController.verify(req, username: username, password: form.password ?? "")
            req.session.data["uid"] = try user.requireID().uuidString
            SessionIdle.markUsed(req)
            // A new form token for the signed-in session.
            req.session.data["csrf"] = nil
            return req.redirect(to: CoreRoutes.homePage.path)
        } catch let e as APIError {
            let res = try await render(req, "login", title: "登录", actor: nil, current: CoreRoutes.loginPage.path,
                                       LoginModel(error: e.message, username: String(username.prefix(64))))
            res.status = e.status
            return res
        }
    }

    package func logout(req: Request) async throws -> Response {
        struct Form: Content { var _csrf: String? }
        // An empty or unreadable body is a post without the token: the same 403, not a 422.
        try CSRF.check(req, supplied: (try? req.content.decode(Form.self))?._csrf)
        req.session.destroy()
        return req.redirect(to: CoreRoutes.loginPage.path)
    }

    package func home(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let model = try await HomePageModel.build(for: actor, wings: req.application.wings, on: req.db)
        return try await render(req, "home", title: "首页", actor: actor, current: "/", model)
    }

    package func org(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let q = try Check.optionalText(req.query[String.self, at: "q"], "q", max: 100)
        let model = try await OrgTreePageModel.build(for: actor, query: q, on: req.db)
        return try await render(req, "org", title: "组织架构", actor: actor, current: "/org", model)
    }

    package func mapPage(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        struct M: Encodable { var tileURL: String }
        return try await render(req, "map", title: "地图", actor: actor, current: "/map",
                                M(tileURL: req.application.settings.tileURL ?? ""))
    }

    package func usersPage(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard actor.role == .admin else { throw APIError.forbidden }
        let model = try await UsersPageModel.build(for: actor, on: req.db, message: req.query[String.self, at: "created"].map { "已创建账号 \($0)" })
        return try await render(req, "users", title: "账号管理", actor: actor, current: "/admin/users", model)
    }

    package struct UserForm: Content {
        package var username: String
        package var displayName: String
        package var password: String
        package var role: String
        package var orgUnitCode: String
        package var _csrf: String?

        package init(username: String, displayName: String, password: String, role: String, orgUnitCode: String, _csrf: String? = nil) {
            self.username = username
            self.displayName = displayName
            self.password = password
            self.role = role
            self.orgUnitCode = orgUnitCode
            self._csrf = _csrf
        }
    }

    package func createUser(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard actor.role == .admin else { throw APIError.forbidden }
        let form = try req.content.decode(UserForm.self)
        try CSRF.check(req, supplied: form._csrf)
        do {
            guard let unit = try await OrgUnitStore(db: req.db).byCode(form.orgUnitCode.trimmingCharacters(in: .whitespaces)),
                  actor.canSee(unit) else { throw APIError.notFound("单位") }
            let user = try await UserStore(db: req.db).create(
                CreateUserRequest(username: form.username, password: form.password, displayName: form.displayName,
                                  role: form.role, orgUnitId: try unit.requireID()),
                by: actor, at: req.now, hasher: req.password.async)
            return req.redirect(to: CoreRoutes.usersPage.link(query: "created=\(user.username)"))
        } catch let e as APIError {
            var model = try await UsersPageModel.build(for: actor, on: req.db, message: nil)
            model.error = e.message
            let res = try await render(req, "users", title: "账号管理", actor: actor, current: "/admin/users", model)
            res.status = e.status
            return res
        }
    }

    package func auditPage(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard actor.role == .admin else { throw APIError.forbidden }
        let model = try await AuditPageModel.build(req)
        return try await render(req, "audit", title: "审计日志", actor: actor, current: "/admin/audit", model)
    }

    package func render<M: Encodable>(_ req: Request, _ template: String, title: String, actor: Caller?, current: String, _ model: M) async throws -> Response {
        let ctx = PageContext(chrome: PageChrome(req, title: title, actor: actor, current: current), model: model)
        let view = try await req.view.render(template, ctx)
        let res = try await view.encodeResponse(for: req)
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return res
    }

    package init() {
    }
}
