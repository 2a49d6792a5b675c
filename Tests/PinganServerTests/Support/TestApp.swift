import Fluent
import FluentPostgresDriver
import Foundation
import PinganDomain
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The databases every persistence test runs on: SQLite always, PostgreSQL when
/// `PINGAN_TEST_DATABASE_URL` is set (as `.ci/run` does).
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var available: [TestDatabase] {
        ProcessInfo.processInfo.environment["PINGAN_TEST_DATABASE_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }

    var testDescription: String { rawValue }
}

/// A mutable frozen clock for tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    func set(_ date: Date) { lock.withLock { current = date } }
}

/// A fresh, migrated database for one test: an in-memory SQLite, or a schema of its own on the
/// test PostgreSQL (dropped afterwards). `seed` loads the demo org tree and accounts.
func withApp<T>(_ db: TestDatabase, seed: Bool = true, clock: TestClock? = nil, adjust: (inout Settings) -> Void = { _ in },
                _ body: (Application) async throws -> T) async throws -> T {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    var schema: String?
    do {
        var settings = Settings(database: .sqlite(path: ":memory:"), loginFailureLimit: 5, loginLockSeconds: 300, bcryptCost: 4)
        if db == .postgres {
            guard let url = ProcessInfo.processInfo.environment["PINGAN_TEST_DATABASE_URL"] else { throw TestSetupError.noPostgres }
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await PostgresSchemas.create(String(name), url: url)
            schema = String(name)
            settings.database = .postgres(url: url)
            settings.postgresSchema = String(name)
        }
        adjust(&settings)
        try await configure(app, settings: settings)
        if let clock { app.clock = AppClock { clock.now } }
        try await app.autoMigrate()
        if seed { try await DemoOrgSeed.run(on: app) }
        let result = try await body(app)
        try await app.asyncShutdown()
        if let schema, let url = ProcessInfo.processInfo.environment["PINGAN_TEST_DATABASE_URL"] { try await PostgresSchemas.drop(schema, url: url) }
        return result
    } catch {
        try? await app.asyncShutdown()
        if let schema, let url = ProcessInfo.processInfo.environment["PINGAN_TEST_DATABASE_URL"] { try? await PostgresSchemas.drop(schema, url: url) }
        throw error
    }
}

enum TestSetupError: Error { case noPostgres; case other(String) }

/// Creates and drops per-test schemas through a short-lived app of its own.
enum PostgresSchemas {
    static func run(_ sql: String, url: String) async throws {
        let app = try await Application.make(.testing)
        do {
            var config = try SQLPostgresConfiguration(url: url)
            config.coreConfiguration.tls = .disable
            app.databases.use(.postgres(configuration: config), as: .psql)
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(sql)).run()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
    static func create(_ name: String, url: String) async throws { try await run("CREATE SCHEMA \"\(name)\"", url: url) }
    static func drop(_ name: String, url: String) async throws { try await run("DROP SCHEMA \"\(name)\" CASCADE", url: url) }
}

extension Application {
    /// Logs in through the API and returns the bearer token.
    func token(_ username: String, password: String = DemoOrgSeed.password) async throws -> String {
        let res = try await testing().sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                                  body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        guard res.status == .ok else { throw TestSetupError.loginFailed(username, res.status.code, res.body.string) }
        return try res.content.decode(LoginResponse.self).token
    }

    /// Sends a JSON request as `token`'s user.
    @discardableResult
    func api(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if json != nil { headers.contentType = .json }
        return try await testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func unit(code: String) async throws -> OrgUnitModel {
        guard let u = try await OrgUnitModel.query(on: db).filter(\.$code == code).first() else { throw TestSetupError.noUnit(code) }
        return u
    }
}

extension TestSetupError {
    static func loginFailed(_ u: String, _ code: UInt, _ body: String) -> TestSetupError { .other("login \(u) failed: \(code) \(body)") }
    static func noUnit(_ code: String) -> TestSetupError { .other("no unit \(code)") }
}

extension TestSetupError: CustomStringConvertible {
    var description: String {
        switch self {
        case .noPostgres: "PINGAN_TEST_DATABASE_URL not set"
        case .other(let s): s
        }
    }
}

extension TestingHTTPResponse {
    /// The `{"error":{"code","message"}}` body, or nil when the shape is wrong.
    var errorCode: String? {
        struct E: Decodable { struct Inner: Decodable { var code: String; var message: String }; var error: Inner }
        return try? JSONDecoder().decode(E.self, from: Data(body.string.utf8)).error.code
    }
}
