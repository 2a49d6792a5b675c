import MediationServer
import ServerCore
import Vapor

/// The one composition root, used by `pingan` and by every test: the core's setup, the wings,
/// the routes.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    app.directory = DirectoryConfiguration(workingDirectory: settings.rootDirectory.hasSuffix("/") ? settings.rootDirectory : settings.rootDirectory + "/")
    try await AppSetup.database(app, settings: settings)
    app.wings = PinganWings.all
    AppSetup.migrations(app)
    AppSetup.frame(app, settings: settings)
    try routes(app)
    for wing in app.wings { try wing.boot(app) }
}
