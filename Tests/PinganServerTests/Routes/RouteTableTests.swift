import Foundation
@testable import MediationServer
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The route tables are the only source of routes and links.
@Suite("Route tables")
struct RouteTableTests {
    static func key(_ method: HTTPMethod, _ components: [PathComponent]) -> String {
        "\(method.rawValue) /" + components.map { c -> String in
            if case .parameter(let name) = c { return "{\(name)}" }
            return c.description
        }.joined(separator: "/")
    }

    @Test("Every registered route is a declared endpoint, registered from it, and every endpoint is registered once")
    func registeredIsDeclared() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let declared = CoreRoutes.all + app.wings.flatMap(\.endpoints)
            let declaredKeys = declared.map { Self.key($0.method, $0.pathComponents) }
            #expect(Set(declaredKeys).count == declaredKeys.count, "an endpoint is declared twice")
            var registered: [String] = []
            for route in app.routes.all {
                let key = Self.key(route.method, route.path)
                registered.append(key)
                let endpoint = route.userInfo[Endpoint.routeKey] as? Endpoint
                #expect(endpoint != nil, "\(key) was registered without its endpoint (raw routes.get?)")
                if let endpoint { #expect(Self.key(endpoint.method, endpoint.pathComponents) == key) }
            }
            #expect(Set(registered).count == registered.count, "a route is registered twice")
            let missing = Set(declaredKeys).subtracting(registered).sorted()
            let undeclared = Set(registered).subtracting(declaredKeys).sorted()
            #expect(missing.isEmpty, "declared but not registered: \(missing)")
            #expect(undeclared.isEmpty, "registered but not declared: \(undeclared)")
            #expect(declared.contains { $0.isPage } && declared.contains { !$0.isPage })
        }
    }

    @Test("Links are made from the tables, with their parameters")
    func links() {
        #expect(MediationRoutes.disputePage.link(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
                == "/disputes/00000000-0000-0000-0000-000000000001")
        #expect(MediationRoutes.disputeListPage.link(query: "risk=red") == "/disputes?risk=red")
        #expect(MediationRoutes.caseFileDocPage.link("x", "agreement") == "/disputes/x/file/agreement")
        #expect(MediationRoutes.caseFileDocPage.matches(path: "/disputes/x/file/agreement"))
        #expect(!MediationRoutes.caseFileDocPage.matches(path: "/disputes/x/file"))
        // Every menu entry and home card of every role goes to a declared page.
        let pages = (CoreRoutes.all + PinganWings.all.flatMap(\.endpoints)).filter { $0.isPage && $0.method == .GET }
        for role in Role.allCases {
            let hrefs = PageChrome.menu(for: role, wings: PinganWings.all).map(\.href) + HomePageModel.cards(for: role, wings: PinganWings.all).map(\.href)
            for href in hrefs {
                #expect(pages.contains { $0.matches(path: String(href.split(separator: "?")[0])) }, "\(role): \(href) is no declared page")
            }
        }
    }

    @Test("指令督办 lives at /directives; the old /command redirects there")
    func directivesRedirect() async throws {
        try await withApp(.sqlite) { app in
            let token = try await app.token("bureau")
            let old = try await app.api(.GET, MediationRoutes.commandPage.path, token: token)
            #expect(old.status == .movedPermanently)
            #expect(old.headers.first(name: .location) == MediationRoutes.directivesPage.path)
            let page = try await app.api(.GET, MediationRoutes.directivesPage.path, token: token)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("指令督办"))
            // The redirect is the same for everyone; the gate is at /directives.
            #expect(try await app.api(.GET, MediationRoutes.commandPage.path, token: nil).status == .movedPermanently)
            #expect(try await app.api(.GET, MediationRoutes.directivesPage.path, token: app.token("dispatcher")).status == .forbidden)
        }
    }

    @Test("A method a path does not have is 405 with Allow; a path nobody has stays 404")
    func methodNotAllowed() async throws {
        try await withApp(.sqlite) { app in
            let token = try await app.token("bureau")
            let del = try await app.api(.DELETE, "/api/v1/disputes", token: token)
            #expect(del.status == .methodNotAllowed)
            #expect(del.errorCode == "method_not_allowed")
            #expect(del.headers.first(name: .allow) == "GET, HEAD, POST")
            #expect(del.headers.contentType == .json)
            // A parameter segment matches too, and it does not matter who asks.
            let put = try await app.api(.PUT, "/api/v1/disputes/\(UUID())/events", token: nil)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers.first(name: .allow) == "GET, HEAD, POST")
            let me = try await app.api(.POST, "/api/v1/me", token: token)
            #expect(me.status == .methodNotAllowed && me.headers.first(name: .allow) == "GET, HEAD")
            // A page: the plain error page, not JSON.
            let page = try await app.testing().sendRequest(.DELETE, "/org")
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers.first(name: .allow) == "GET, HEAD")
            #expect(page.headers.contentType == .html)
            let login = try await app.testing().sendRequest(.PUT, "/login")
            #expect(login.headers.first(name: .allow) == "GET, HEAD, POST")
            // Nobody has these: 404 whatever the method.
            for (m, p) in [(HTTPMethod.GET, "/api/v1/nothing"), (.DELETE, "/api/v1/nothing"), (.POST, "/nowhere"), (.GET, "/api/v1/disputes/x/y/z")] {
                let r = try await app.api(m, p, token: token)
                #expect(r.status == .notFound, "\(m) \(p): \(r.status)")
                #expect(r.headers.first(name: .allow) == nil)
            }
            // A route that exists still answers its own 404 for an unknown record.
            let ghost = try await app.api(.GET, "/api/v1/disputes/\(UUID())", token: token)
            #expect(ghost.status == .notFound && ghost.errorCode == "not_found")
        }
    }
}
