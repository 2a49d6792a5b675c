import Fluent
import PinganDomain
import Vapor

/// A wing of the server — 民调通 (MediationServer) or 网格化巡控 (PatrolServer) — as the shared frame
/// sees it. ServerCore knows the wings only through this protocol, so neither wing imports the
/// other and the frame (menu, home page, demo, migrations, API document) is composed in one place.
package protocol Wing: Sendable {
    /// Its numbered migrations, in order; they run after the core's.
    var migrations: [any Migration] { get }
    /// Its API and page routes, each registered from one of `endpoints` (on the root builder:
    /// endpoint paths are absolute).
    func register(_ routes: any RoutesBuilder) throws
    /// Its route table: every API operation (and so its part of the API document) and every page.
    var endpoints: [Endpoint] { get }
    /// Schemas its operations name.
    var schemas: [String: Any] { get }
    /// Menu entries for a role, after the shared ones.
    func menu(for role: Role) -> [MenuItem]
    /// Shortcut cards on the home page for a role.
    func homeCards(for role: Role) -> [HomeCard]
    /// Lists on the caller's home page (a lawyer's consultations, a committee's follow-up tasks).
    func homePanels(for caller: Caller, on db: any Database) async throws -> [HomePanel]
    /// What `pingan demo` loads for this wing once the org tree and accounts exist.
    func seedDemo(on app: Application, log: (String) -> Void) async throws
    /// Loads and starts what the wing needs beside the requests (the patrol side's road graph, a
    /// listener), once at start after the routes are registered; a failure stops start-up.
    func boot(_ app: Application) throws
}

package extension Wing {
    package func homePanels(for caller: Caller, on db: any Database) async throws -> [HomePanel] { [] }
    package func seedDemo(on app: Application, log: (String) -> Void) async throws {}
    package var schemas: [String: Any] { [:] }
    package func boot(_ app: Application) throws {}
}

/// One menu entry: where it goes and what it says.
package struct MenuItem: Sendable, Equatable {
    package var href: String
    package var label: String
    package init(_ href: String, _ label: String) { self.href = href; self.label = label }
}

/// A shortcut card on the home page.
package struct HomeCard: Encodable, Sendable {
    package var href, title, text: String
    package init(href: String, title: String, text: String) { self.href = href; self.title = title; self.text = text }
}

/// A titled list on the home page, drawn the same way whichever wing fills it.
package struct HomePanel: Encodable, Sendable {
    package struct Item: Encodable, Sendable {
        package var href, title, note, detail: String
        package init(href: String, title: String, note: String, detail: String) {
            self.href = href; self.title = title; self.note = note; self.detail = detail
        }
    }
    /// The element id, for tests and anchors.
    package var id: String
    package var title: String
    package var items: [Item]
    package var emptyText: String
    package init(id: String, title: String, items: [Item], emptyText: String) {
        self.id = id; self.title = title; self.items = items; self.emptyText = emptyText
    }
}

extension Application {
    private struct WingsKey: StorageKey { typealias Value = [any Wing] }

    /// The wings this application was composed with (set once by `configure`).
    package var wings: [any Wing] {
        get { storage[WingsKey.self] ?? [] }
        set { storage[WingsKey.self] = newValue }
    }
}
