import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// X1 on the dispatch card: the disputes an incident is linked to or matches (level, risk, stage,
/// committee, mediator, last step — never the parties), and 警调对接, handing the incident over to
/// mediation as a dispute.
struct IncidentDisputeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.incidentDisputes, use: disputes)
        routes.on(PatrolRoutes.handOverToMediation, use: handOver)
        routes.on(PatrolRoutes.disputePlaces, use: places)
    }

    struct DisputePlace: Content { var lat: Double; var lon: Double; var risk: String; var riskLabel: String }

    /// X1: where a dispute may turn violent, for the map of the grids: the place and the risk, not
    /// the dispute (no id, no parties). A click there starts a dispute call at that place.
    func places(req: Request) async throws -> ListPage<DisputePlace> {
        _ = try req.caller()
        let found = try await req.application.mediationBridge?.highRiskPlaces(under: "/", on: req.db) ?? []
        return Self.whole(found.map { DisputePlace(lat: $0.place.lat, lon: $0.place.lon, risk: $0.risk, riskLabel: $0.riskLabel) })
    }

    /// A short list answered whole, in the API's list envelope.
    static func whole<T: Content>(_ items: [T]) -> ListPage<T> { ListPage(items: items, total: items.count, limit: items.count, offset: 0) }

    struct HandoverRequest: Content { var note: String? }

    /// Linked first (handed over, or matched when the call was recorded), then any other open
    /// dispute the call matches by its people or its place.
    func disputes(req: Request) async throws -> ListPage<BridgedDispute> { Self.whole(try await found(req)) }

    func found(_ req: Request) async throws -> [BridgedDispute] {
        let caller = try req.caller()
        let m = try await IncidentStore(db: req.db).incident(try req.uuidParameter(what: "警情"), for: caller)
        guard let bridge = req.application.mediationBridge else { return [] }
        var out = try await bridge.disputes(linkedTo: try m.requireID(), on: req.db)
        let state = try IncidentStore.state(of: m)
        guard state.type == .dispute else { return out }
        let incidentID = try m.requireID()
        // A dispute call recorded without its people still finds the disputes near its place.
        let call = IncidentBridge.facts(of: m, state: state) ?? PoliceCallFacts(
            incidentID: incidentID, incidentNumber: m.number, calledAt: state.reportedAt, place: GeoPoint(lat: state.place.lat, lon: state.place.lon),
            placeLabel: state.place.label, parties: [], reportsViolence: false, summary: "")
        for d in try await bridge.disputes(matching: call, on: req.db) where !out.contains(where: { $0.disputeId == d.disputeId }) { out.append(d) }
        return out
    }

    func handOver(req: Request) async throws -> Response {
        let caller = try req.caller()
        let m = try await IncidentStore(db: req.db).incident(try req.uuidParameter(what: "警情"), for: caller)
        let note = try Check.optionalText(try req.content.decode(HandoverRequest.self).note, "note", max: 500) ?? ""
        guard let bridge = req.application.mediationBridge else {
            throw APIError(status: .conflict, code: "no_mediation", message: "本系统未启用民调通 / mediation is not part of this server")
        }
        let state = try IncidentStore.state(of: m)
        guard let call = IncidentBridge.facts(of: m, state: state) else {
            // A valid request the incident's record refuses: a conflict, not a malformed body.
            throw APIError(status: .conflict, code: "not_a_dispute_call",
                           message: "只有登记了当事人的纠纷类警情可以移交调解 / only a dispute call with its parties can be handed over")
        }
        let (dispute, created) = try await bridge.handOver(call, note: note, by: caller, on: req.db, at: req.now)
        return try await dispute.encodeResponse(status: created ? .created : .ok, for: req)
    }
}
