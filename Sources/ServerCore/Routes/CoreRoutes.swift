import PinganDomain
import Vapor

/// The core's routes, written once: the API (accounts, org units, audit, map, health, the
/// document) and the shared pages. Registration, the OpenAPI document, links and the jurisdiction
/// tests all read this table.
package enum CoreRoutes {
    // MARK: API
    package static let login = Endpoint(.POST, "/api/v1/auth/login", summary: "登录，换取令牌 / Log in and get a bearer token", tag: "auth",
                                        body: "LoginRequest", response: "LoginResponse", policy: .anyone)
    package static let logout = Endpoint(.POST, "/api/v1/auth/logout", summary: "注销当前令牌 / Revoke the current token", tag: "auth",
                                         status: 204, policy: .signedIn)
    package static let me = Endpoint(.GET, "/api/v1/me", summary: "当前用户 / The signed-in user", tag: "auth", response: "User",
                                     policy: .signedIn)

    package static let orgUnits = Endpoint(.GET, "/api/v1/org-units", summary: "可见的组织单位 / Org units in the caller's scope", tag: "org",
                                           query: QueryParameter.paging + [.oneOf("kind", OrgUnitKind.allCases.map(\.rawValue)), .uuid("parent"),
                                                           .text("q", maxLength: 100), .flag("geometry")],
                                           response: "OrgUnit", list: true, policy: .signedIn(scope: .listInSubtree("orgUnit")))
    package static let createOrgUnit = Endpoint(.POST, "/api/v1/org-units", summary: "新建单位（管理员）/ Create an org unit (admin)", tag: "org",
                                                body: "CreateOrgUnit", response: "OrgUnit", status: 201, policy: .only([.admin]))
    package static let orgUnit = Endpoint(.GET, "/api/v1/org-units/{id}", summary: "单位详情 / One org unit", tag: "org", response: "OrgUnit",
                                          policy: .signedIn(scope: .recordInSubtree("orgUnit")))
    package static let updateOrgUnit = Endpoint(.PATCH, "/api/v1/org-units/{id}", summary: "修改单位（管理员）/ Update an org unit (admin)",
                                                tag: "org", body: "UpdateOrgUnit", response: "OrgUnit",
                                                policy: .only([.admin], scope: .recordInSubtree("orgUnit")))

    package static let users = Endpoint(.GET, "/api/v1/users", summary: "账号列表（管理员）/ Users in scope (admin)", tag: "users",
                                        query: QueryParameter.paging + [.text("q", maxLength: 64), .oneOf("role", Role.allCases.map(\.rawValue))],
                                        response: "User", list: true, policy: .only([.admin], scope: .listInSubtree("user")))
    package static let createUser = Endpoint(.POST, "/api/v1/users", summary: "新建账号（管理员）/ Create a user (admin)", tag: "users",
                                             body: "CreateUser", response: "User", status: 201, policy: .only([.admin]))
    package static let user = Endpoint(.GET, "/api/v1/users/{id}", summary: "账号详情（管理员）/ One user (admin)", tag: "users",
                                       response: "User", policy: .only([.admin], scope: .recordInSubtree("user")))
    package static let updateUser = Endpoint(.PATCH, "/api/v1/users/{id}", summary: "修改账号（管理员）/ Update a user (admin)", tag: "users",
                                             body: "UpdateUser", response: "User", policy: .only([.admin], scope: .recordInSubtree("user")))

    package static let auditQuery: [QueryParameter] = [.text("entityType"), .text("entityId"), .text("actor"), .text("action"),
                                                       .dateTime("from"), .dateTime("to")]
    package static let audit = Endpoint(.GET, "/api/v1/audit", summary: "审计记录（管理员）/ Audit trail (admin)", tag: "audit",
                                        query: QueryParameter.paging + auditQuery, response: "AuditRecord", list: true, policy: .only([.admin]))
    package static let auditCSV = Endpoint(.GET, "/api/v1/audit/export.csv", summary: "导出审计 CSV（管理员）/ Audit trail as CSV (admin)",
                                           tag: "audit", query: auditQuery, response: "CSV", policy: .only([.admin]))

    package static let mapFeatures = Endpoint(.GET, "/api/v1/map/features", summary: "地图要素 GeoJSON / Org units with geometry as GeoJSON",
                                              tag: "map", query: [.anyOf("kind", OrgUnitKind.allCases.map(\.rawValue), repeated: true)],
                                              response: "FeatureCollection", policy: .signedIn(scope: .listInSubtree("orgUnit")))
    package static let openAPI = Endpoint(.GET, "/api/v1/openapi.json", summary: "本文档 / This document", tag: "meta", response: "Object",
                                          policy: .anyone)
    package static let healthz = Endpoint(.GET, "/healthz", summary: "存活检查 / Liveness", tag: "meta", response: "Object", policy: .anyone)
    package static let readyz = Endpoint(.GET, "/readyz", summary: "就绪检查（数据库已迁移）/ Readiness (database migrated)", tag: "meta",
                                         response: "Object", policy: .anyone)

    // MARK: Pages
    package static let loginPage = Endpoint.page("/login", policy: .anyone)
    package static let loginForm = Endpoint.page("/login", method: .POST, policy: .anyone)
    /// Anyone may post it: it only ends the browser's session.
    package static let logoutForm = Endpoint.page("/logout", method: .POST, policy: .anyone)
    package static let homePage = Endpoint.page("/", policy: .signedIn)
    package static let orgPage = Endpoint.page("/org", query: [.text("q", maxLength: 100)], policy: .signedIn(scope: .listInSubtree("orgUnit")))
    package static let mapPage = Endpoint.page("/map", policy: .signedIn)
    package static let usersPage = Endpoint.page("/admin/users", policy: .only([.admin], scope: .listInSubtree("user")))
    package static let createUserForm = Endpoint.page("/admin/users", method: .POST, policy: .only([.admin]))
    package static let auditPage = Endpoint.page("/admin/audit", query: QueryParameter.paging + auditQuery, policy: .only([.admin]))

    package static let all: [Endpoint] = [
        login, logout, me, orgUnits, createOrgUnit, orgUnit, updateOrgUnit, users, createUser, user, updateUser,
        audit, auditCSV, mapFeatures, openAPI, healthz, readyz, MetricsRoute.endpoint,
        loginPage, loginForm, logoutForm, homePage, orgPage, mapPage, usersPage, createUserForm, auditPage,
    ]
}
