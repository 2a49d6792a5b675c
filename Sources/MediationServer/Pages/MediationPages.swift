import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// 民调通 pages: intake, list, detail, the township board, the printable case file, monthly
/// screening and 指令督办. They are read-only on the server; writes go from small page scripts to
/// the JSON API.
package struct MediationPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.disputeListPage, use: list)
        routes.on(MediationRoutes.intakePage, use: intake)
        routes.on(MediationRoutes.disputePage, use: detail)
        routes.on(MediationRoutes.caseFilePage, use: caseFile)
        routes.on(MediationRoutes.caseFileDocPage, use: caseFileDoc)
        routes.on(MediationRoutes.boardPage, use: board)
        routes.on(MediationRoutes.screeningPage) { req in
            try await dutyPage(req, "screening", "月度排查", MediationRoutes.screeningPage.path) { try await ScreeningPageModel.build(req, actor: $0) }
        }
        routes.on(MediationRoutes.directivesPage) { req in
            try await dutyPage(req, "directives", "指令督办", MediationRoutes.directivesPage.path) { _ in try await DirectivesPageModel.build(req) }
        }
        // The page's old address; bookmarks keep working. "command" now means only the police command centre.
        routes.on(MediationRoutes.commandPage) { req in req.redirect(to: MediationRoutes.directivesPage.path, redirectType: .permanent) }
    }

    /// The signed-in justice-branch user, or a redirect to the login page.
    package func actor(_ req: Request) throws -> Caller? {
        guard let a = req.auth.get(Caller.self) else { return nil }
        guard a.role.works(in: .justice) else { throw APIError.forbidden }
        return a
    }

    package func render<M: Encodable>(_ req: Request, _ template: String, _ title: String, _ actor: Caller, _ current: String, _ model: M) async throws -> Response {
        try await PageController().render(req, template, title: title, actor: actor, current: current, model)
    }

    /// A page of the mediation staff's own duties; lawyers, who only consult on disputes, get 403.
    package func dutyPage<M: Encodable>(_ req: Request, _ template: String, _ title: String, _ path: String,
                                _ build: (Caller) async throws -> M) async throws -> Response {
        guard let actor = try actor(req) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard actor.role != .lawyer else { throw APIError.forbidden }
        return try await render(req, template, title, actor, path, try await build(actor))
    }

    package func intake(req: Request) async throws -> Response {
        try await dutyPage(req, "disputes/new", "纠纷登记", "/disputes/new") { try await IntakePageModel.build(for: $0, on: req.db) }
    }

    package func list(req: Request) async throws -> Response {
        guard let actor = try actor(req) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        return try await render(req, "disputes/list", "纠纷列表", actor, "/disputes", try await DisputeListPageModel.build(req, actor: actor))
    }

    package func find(_ req: Request, _ actor: Caller) async throws -> DisputeModel {
        guard let m = try await DisputeStore(db: req.db).find(try req.uuidParameter(what: "纠纷"), scopePath: actor.scopePath) else {
            throw APIError.notFound("纠纷")
        }
        return m
    }

    package func detail(req: Request) async throws -> Response {
        guard let actor = try actor(req) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let model = try await DisputeDetailPageModel.build(req, actor: actor, dispute: try await find(req, actor))
        return try await render(req, "disputes/detail", "纠纷详情", actor, "/disputes", model)
    }

    package func caseFile(req: Request) async throws -> Response {
        guard let actor = try actor(req) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let model = try await CaseFileModel.build(dispute: try await find(req, actor), doc: nil, on: req.db)
        return try await render(req, "disputes/file", "卷宗", actor, "/disputes", model)
    }

    package func caseFileDoc(req: Request) async throws -> Response {
        guard let actor = try actor(req) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard let doc = req.parameters.get("doc").flatMap(CaseFileModel.Doc.init(rawValue:)) else { throw APIError.notFound("文书") }
        let model = try await CaseFileModel.build(dispute: try await find(req, actor), doc: doc, on: req.db)
        return try await render(req, "disputes/doc", model.docTitle, actor, "/disputes", model)
    }

    package func board(req: Request) async throws -> Response {
        guard let actor = try actor(req) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let unit = req.query[String.self, at: "orgUnit"].flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        let model = try await BoardModel.build(for: actor, orgUnit: unit, on: req.db, now: req.now, patrol: req.application.patrolBridge)
        return try await render(req, "disputes/board", "每日看板", actor, "/board", model)
    }

    package init() {
    }
}
