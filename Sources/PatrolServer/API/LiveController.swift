import Fluent
import Foundation
import PatrolDomain
import ServerCore
import Vapor

/// `/api/v1/live`: the WebSocket of live updates for the command map and the phone page. A
/// subscriber gets only the units it sees, by the same rule as the unit list; it first receives a
/// `hello` with the server's time, then one JSON message per update. Pings every
/// `PINGAN_LIVE_PING_SECONDS` (20) find dead connections, which the page reconnects.
package struct LiveController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.webSocket(PatrolRoutes.live) { req, ws in await Self.serve(req, ws) }
    }

    struct Hello: Encodable { var type = "hello"; var serverTime: Date; var subscribers: Int }

    static func serve(_ req: Request, _ ws: WebSocket) async {
        guard let caller = req.auth.get(Caller.self) else { try? await ws.close(code: .policyViolation); return }
        let hub = req.application.liveFeed.hub
        let crew = caller.role == .patrolOfficer ? ((try? await UnitStore(db: req.db).crewUnits(of: caller.userID)) ?? []) : []
        let id = await hub.add(ws, caller: caller, crew: crew)
        ws.pingInterval = .seconds(Int64(req.application.settings.livePingSeconds))
        ws.onClose.whenComplete { _ in Task { await hub.remove(id) } }
        let hello = Hello(serverTime: req.now, subscribers: await hub.count)
        if let data = try? LiveJSON.encoder.encode(hello) { try? await ws.send(String(decoding: data, as: UTF8.self)) }
    }
}
