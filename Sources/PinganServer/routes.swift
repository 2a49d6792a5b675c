import MediationServer
import PatrolServer
import ServerCore
import Vapor

/// The wings this server is composed of, in menu order.
package enum PinganWings {
    package static var all: [any Wing] { [MediationWing(), PatrolWing()] }
}

/// The one route table: the core's routes, then each wing's. Every route is registered from an
/// `Endpoint` (paths are absolute, so collections go on the root builder); a method a path does
/// not have is answered 405 with `Allow`.
package func routes(_ app: Application) throws {
    app.middleware.use(MethodNotAllowedMiddleware())
    let authed = app.grouped(EmptyQueryValueMiddleware(), BearerCallerAuthenticator(), SessionCallerAuthenticator())
    try authed.register(collection: HealthController())
    try authed.register(collection: AuthController())
    try authed.register(collection: OrgUnitController())
    try authed.register(collection: UserController())
    try authed.register(collection: AuditController())
    try authed.register(collection: MapController())
    authed.on(CoreRoutes.openAPI) { req in
        Response(status: .ok, headers: ["Content-Type": "application/json"],
                 body: .init(data: try OpenAPIDocument.json(wings: req.application.wings)))
    }
    try authed.register(collection: PageController())
    for wing in app.wings { try wing.register(authed) }
}
