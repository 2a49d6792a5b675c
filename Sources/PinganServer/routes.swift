import Vapor

/// The one route table.
func routes(_ app: Application) throws {
    let authed = app.grouped(BearerActorAuthenticator(), SessionActorAuthenticator())
    try authed.register(collection: HealthController())

    let api = authed.grouped("api", "v1")
    try api.register(collection: AuthController())
    try api.register(collection: OrgUnitController())
    try api.register(collection: UserController())
    try api.register(collection: AuditController())
    try api.register(collection: MapController())
    try api.register(collection: DisputeBoardController())
    try api.register(collection: DisputeController())
    try api.register(collection: MajorReportController())
    try api.register(collection: InstructionController())
    try api.register(collection: SupervisionOrderController())
    try api.register(collection: AccountabilityController())
    try api.register(collection: DiscussionController())
    try api.register(collection: LawyerController())
    try api.register(collection: ScreeningReportController())
    try api.register(collection: StatisticsController())
    api.get("openapi.json") { req in
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: try OpenAPIDocument.json()))
    }

    try authed.register(collection: PageController())
    try authed.register(collection: MediationPages())
    try authed.register(collection: StatisticsPage())
}
