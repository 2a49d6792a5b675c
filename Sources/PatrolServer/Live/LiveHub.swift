import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// This instance's live subscribers and what each may see: the scope rule of the unit list
/// (`PatrolUnitVisibility`), applied to every event before it is sent. An officer's crew is kept
/// up to date from the shift events themselves.
package actor LiveHub {
    struct Subscriber {
        let socket: WebSocket
        let role: Role
        let scopePath: String
        let userID: UUID
        var crew: Set<UUID>
    }
    private var subscribers: [UUID: Subscriber] = [:]

    package var count: Int { subscribers.count }

    package func add(_ socket: WebSocket, caller: Caller, crew: Set<UUID>) -> UUID {
        let id = UUID()
        subscribers[id] = Subscriber(socket: socket, role: caller.role, scopePath: caller.scopePath, userID: caller.userID, crew: crew)
        return id
    }

    package func remove(_ id: UUID) { subscribers[id] = nil }

    /// Closes every subscriber's socket (at shutdown; the pages reconnect to another instance).
    package func closeAll() async {
        let sockets = subscribers.values.map(\.socket)
        subscribers = [:]
        for s in sockets { try? await s.close(code: .goingAway) }
    }

    /// Sends `json` (the encoded `event`) to every subscriber who sees the event's unit.
    package func publish(_ event: LiveEvent, json text: String) {
        for (id, var s) in subscribers {
            if event.type == .shift, event.officerId == s.userID {
                if event.onShift == true { s.crew.insert(event.unitId) } else { s.crew.remove(event.unitId) }
                subscribers[id] = s
            }
            guard PatrolUnitVisibility.sees(role: s.role, scopePath: s.scopePath, crewUnits: s.crew,
                                            unitID: event.unitId, stationPath: event.stationPath) else { continue }
            s.socket.send(text)
        }
    }

    package init() {}
}
