import MediationServer
import ServerCore
import Vapor

/// The wings this server is composed of, in menu order.
package enum PinganWings {
    package static var all: [any Wing] { [MediationWing()] }
}

/// The one route table: the core's routes, then each wing's.
package func routes(_ app: Application) throws {
    let authed = app.grouped(EmptyQueryValueMiddleware(), BearerCallerAuthenticator(), SessionCallerAuthenticator())
    try authed.register(collection: HealthController())

    let api = authed.grouped("api", "v1")
    try api.register(collection: AuthController())
    try api.register(collection: OrgUnitController())
    try api.register(collection: UserController())
    try api.register(collection: AuditController())
    try api.register(collection: MapController())
    api.get("openapi.json") { req in
        Response(status: .ok, headers: ["Content-Type": "application/json"],
                 body: .init(data: try OpenAPIDocument.json(wings: req.application.wings)))
    }
    try authed.register(collection: PageController())
    for wing in app.wings { try wing.register(authed) }
}
