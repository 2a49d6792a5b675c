import Foundation
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// 指令督办 lives at /directives; the old /command address sends bookmarks there.
@Suite("Directives page address")
struct DirectivesPageTests {
    @Test("/command redirects permanently to /directives, which opens for the bureau")
    func oldAddressRedirects() async throws {
        try await withApp(.sqlite) { app in
            let old = try await app.testing().sendRequest(.GET, "/command")
            #expect(old.status == .movedPermanently)
            #expect(old.headers.first(name: .location) == "/directives")
            let session = try await PageTests.sessionCookie(app, "bureau")
            let page = try await app.testing().sendRequest(.GET, "/directives", headers: ["Cookie": "pingan_session=\(session)"])
            #expect(page.status == .ok)
            #expect(page.body.string.contains("指令督办"))
            #expect(page.body.string.contains("/js/directives.js"))
            #expect(page.body.string.contains(#"href="/directives" class="active""#))
        }
    }
}
