import Foundation

/// Typed settings, read once from the environment at start-up. Every malformed variable is
/// named in one error, so a misconfigured county PC fails fast and says why.
public struct Settings: Sendable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: Database
    /// Optional intranet tile server (e.g. a PGIS service): `https://host/{z}/{x}/{y}.png`.
    public var tileURL: String?
    /// Where Public/ and Resources/ live (the package root in development).
    public var rootDirectory: String
    /// Failed logins allowed per username and address before a pause.
    public var loginFailureLimit: Int
    public var loginLockSeconds: Int
    /// Reverse proxies whose `X-Forwarded-For` names the client (`PINGAN_TRUSTED_PROXIES`, addresses
    /// or CIDR blocks separated by commas; none by default): the login throttle keys on that client.
    public var trustedProxies = TrustedProxies()
    /// Lifetime of API bearer tokens.
    public var tokenLifetimeDays: Int
    /// Minutes a signed-in page session may sit unused before it must log in again
    /// (`PINGAN_SESSION_IDLE_MINUTES`, default 30). Bearer tokens keep their own fixed expiry.
    public var sessionIdleMinutes: Int = 30
    /// Whether session cookies are marked Secure (behind HTTPS).
    public var secureCookies: Bool
    /// Seconds between deadline sweeps while serving; 0 turns the timer off.
    public var sweepSeconds: Int = 300
    /// The monthly analysis report's rising-cluster test (M9): significance level of the one-sided
    /// Poisson test (`PINGAN_REPORT_CLUSTER_ALPHA`, default 0.01) and the fewest cases a rising
    /// cluster has (`PINGAN_REPORT_CLUSTER_MIN`, default 5).
    public var reportClusterAlpha: Double = 0.01
    public var reportClusterMinimum: Int = 5
    /// The road network the patrol side routes on (`PINGAN_ROAD_GRAPH`).
    public var roadGraph: RoadGraphSetting = .demo
    /// The county's checkpoint sites (`PINGAN_CHECKPOINTS`, GeoJSON Points with `kind` exit/gate):
    /// they replace the graph's own (the demo network has its generated ones; a graph file has none).
    public var checkpointsFile: String?
    /// Whole months of patrol tracks kept before the current one (`PINGAN_TRACK_RETENTION_MONTHS`,
    /// default 12); older months are archived to `trackArchiveDirectory` and removed. 0 keeps all.
    public var trackRetentionMonths: Int = 12
    /// Where archived track months go (`PINGAN_TRACK_ARCHIVE_DIR`, default `data/track-archive`).
    public var trackArchiveDirectory: String = "data/track-archive"
    /// The nightly backup (`PINGAN_BACKUP_DIR`; unset: none), made after `backupHour` China time
    /// (`PINGAN_BACKUP_HOUR`, default 2), keeping the newest `backupKeep` copies (`PINGAN_BACKUP_KEEP`, 14).
    public var backupDirectory: String?
    public var backupHour: Int = 2
    public var backupKeep: Int = 14
    /// The county messaging gateway's webhook for community notices (`PINGAN_GATEWAY_URL`, http or
    /// https); nil keeps notices queued, shown as waiting for a gateway, and sends them once one is set.
    public var gatewayURL: String?
    /// The HMAC-SHA256 key of that webhook's signatures (`PINGAN_GATEWAY_SECRET`, 16+ characters).
    public var gatewaySecret: String?
    /// The key inbound community tips are signed with (`PINGAN_TIP_SECRET`; the gateway's by default).
    public var tipSecret: String?
    /// PostgreSQL schema to work in (tests give each run its own); nil = the server's default.
    public var postgresSchema: String?
    /// Bcrypt work factor; tests lower it so hundreds of logins stay fast.
    public var bcryptCost: Int
    /// The county report (#12, README): days without a new dispute or police call about the same
    /// parties for "settled" to reach its top tier (`PINGAN_RECURRENCE_DAYS`, 90), and the integrity
    /// warnings' thresholds: success rate in percent (`PINGAN_INTEGRITY_SUCCESS_PERCENT`, 99), the
    /// fewest disputes a rate is judged on (`PINGAN_INTEGRITY_MIN_RECEIVED`, 20), the share settled
    /// on their day of registration (`PINGAN_INTEGRITY_SAME_DAY_PERCENT`, 30) and the bits two
    /// description fingerprints may differ by (`PINGAN_INTEGRITY_TEXT_BITS`, 3).
    public var recurrenceDays: Int = 90
    /// Seconds between the live stream's pings (`PINGAN_LIVE_PING_SECONDS`, 20): a subscriber that
    /// has not answered one by the next is closed as dead, and its page reconnects.
    public var livePingSeconds: Int = 20
    public var integritySuccessPercent: Int = 99
    public var integrityMinimumReceived: Int = 20
    public var integritySameDayPercent: Int = 30
    public var integrityTextBits: Int = 3
    /// Quality evaluation (M12): a 金牌调解员 or 品牌调解室 candidate has at least this quality index
    /// in percent (`PINGAN_EVALUATION_MIN_QUALITY_PERCENT`, default 80) over at least this many
    /// concluded cases (`PINGAN_EVALUATION_MIN_CASES`, default 5).
    public var evaluationMinimumQualityPercent: Int = 80
    public var evaluationMinimumCases: Int = 5
    /// Who may scrape `/metrics` (`PINGAN_METRICS_ALLOW`: addresses or CIDR blocks separated by
    /// commas, default `127.0.0.1,::1`); anyone else gets 404. The log's shape (`PINGAN_LOG_FORMAT`:
    /// `text`, the default, or `json`, one object per line).
    public var metricsAllow: AddressAllowList = .loopback
    public var logFormat: LogFormat = .text

    public init(database: Database, tileURL: String? = nil, rootDirectory: String = Settings.defaultRoot(),
                loginFailureLimit: Int = 5, loginLockSeconds: Int = 300, tokenLifetimeDays: Int = 30,
                secureCookies: Bool = false, bcryptCost: Int = 12) {
        self.database = database
        self.tileURL = tileURL
        self.rootDirectory = rootDirectory
        self.loginFailureLimit = loginFailureLimit
        self.loginLockSeconds = loginLockSeconds
        self.tokenLifetimeDays = tokenLifetimeDays
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
    }

    /// Where the road graph comes from: the demo county's generated network (the default), a
    /// prepared graph file (`pingan route import` / `import-geojson`), or none (`none`: distances
    /// are straight lines).
    public enum RoadGraphSetting: Sendable, Equatable {
        case demo
        case none
        case file(path: String)
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var problems: [String]
        public init(problems: [String]) { self.problems = problems }
        public var description: String { "invalid configuration: " + problems.joined(separator: "; ") }
    }

    /// Reads `DATABASE_URL`, `PINGAN_SQLITE_PATH`, `PINGAN_TILE_URL`, `PINGAN_ROOT`,
    /// `PINGAN_LOGIN_FAILURES`, `PINGAN_LOGIN_LOCK_SECONDS`, `PINGAN_TOKEN_DAYS`, `PINGAN_SECURE_COOKIES`,
    /// `PINGAN_SWEEP_SECONDS`, `PINGAN_ROAD_GRAPH`, `PINGAN_TRACK_RETENTION_MONTHS`, `PINGAN_TRACK_ARCHIVE_DIR`,
    /// `PINGAN_GATEWAY_URL`, `PINGAN_GATEWAY_SECRET`, `PINGAN_TIP_SECRET`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        var problems: [String] = []
        func int(_ key: String, _ def: Int, _ range: ClosedRange<Int>) -> Int {
            guard let raw = env[key], !raw.isEmpty else { return def }
            guard let v = Int(raw), range.contains(v) else {
                problems.append("\(key)=\(raw) must be a whole number in \(range.lowerBound)…\(range.upperBound)")
                return def
            }
            return v
        }
        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            if !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) || URL(string: url)?.host == nil {
                problems.append("DATABASE_URL must look like postgres://user:password@host:5432/database")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: env["PINGAN_SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "data/pingan.sqlite")
        }
        let tile = env["PINGAN_TILE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let tile, !(tile.contains("{z}") && tile.contains("{x}") && tile.contains("{y}")) {
            problems.append("PINGAN_TILE_URL must contain {z}, {x} and {y}")
        }
        let s = Settings(
            database: database, tileURL: tile, rootDirectory: env["PINGAN_ROOT"] ?? defaultRoot(),
            loginFailureLimit: int("PINGAN_LOGIN_FAILURES", 5, 1...100),
            loginLockSeconds: int("PINGAN_LOGIN_LOCK_SECONDS", 300, 1...86_400),
            tokenLifetimeDays: int("PINGAN_TOKEN_DAYS", 30, 1...365),
            secureCookies: env["PINGAN_SECURE_COOKIES"] == "1")
        var settings = s
        settings.sweepSeconds = int("PINGAN_SWEEP_SECONDS", 300, 0...86_400)
        settings.sessionIdleMinutes = int("PINGAN_SESSION_IDLE_MINUTES", 30, 1...1_440)
        if let raw = env["PINGAN_TRUSTED_PROXIES"] {
            if let proxies = TrustedProxies(parsing: raw) { settings.trustedProxies = proxies } else {
                problems.append("PINGAN_TRUSTED_PROXIES=\(raw) must be addresses or CIDR blocks separated by commas (e.g. 127.0.0.1,10.0.0.0/8)")
            }
        }
        settings.reportClusterMinimum = int("PINGAN_REPORT_CLUSTER_MIN", 5, 1...1_000)
        if let raw = env["PINGAN_REPORT_CLUSTER_ALPHA"], !raw.isEmpty {
            if let a = Double(raw), a > 0, a < 1 { settings.reportClusterAlpha = a } else {
                problems.append("PINGAN_REPORT_CLUSTER_ALPHA=\(raw) must be a number between 0 and 1 (e.g. 0.01)")
            }
        }
        settings.trackRetentionMonths = int("PINGAN_TRACK_RETENTION_MONTHS", 12, 0...1_200)
        settings.recurrenceDays = int("PINGAN_RECURRENCE_DAYS", 90, 1...3_650)
        settings.livePingSeconds = int("PINGAN_LIVE_PING_SECONDS", 20, 5...3_600)
        settings.integritySuccessPercent = int("PINGAN_INTEGRITY_SUCCESS_PERCENT", 99, 1...100)
        settings.integrityMinimumReceived = int("PINGAN_INTEGRITY_MIN_RECEIVED", 20, 1...1_000_000)
        settings.evaluationMinimumQualityPercent = int("PINGAN_EVALUATION_MIN_QUALITY_PERCENT", 80, 1...100)
        settings.evaluationMinimumCases = int("PINGAN_EVALUATION_MIN_CASES", 5, 1...10_000)
        settings.integritySameDayPercent = int("PINGAN_INTEGRITY_SAME_DAY_PERCENT", 30, 1...100)
        settings.integrityTextBits = int("PINGAN_INTEGRITY_TEXT_BITS", 3, 0...3)
        if let dir = env["PINGAN_TRACK_ARCHIVE_DIR"], !dir.isEmpty { settings.trackArchiveDirectory = dir }
        if let dir = env["PINGAN_BACKUP_DIR"], !dir.isEmpty { settings.backupDirectory = dir }
        settings.backupHour = int("PINGAN_BACKUP_HOUR", 2, 0...23)
        settings.backupKeep = int("PINGAN_BACKUP_KEEP", 14, 1...3_650)
        switch env["PINGAN_ROAD_GRAPH"] ?? "" {
        case "", "demo": settings.roadGraph = .demo
        case "none": settings.roadGraph = .none
        case let path:
            settings.roadGraph = .file(path: path)
            if !FileManager.default.isReadableFile(atPath: path) {
                problems.append("PINGAN_ROAD_GRAPH=\(path) is not a readable file (a graph written by `pingan route import`, `demo` or `none`)")
            }
        }
        if let path = env["PINGAN_CHECKPOINTS"], !path.isEmpty {
            settings.checkpointsFile = path
            if !FileManager.default.isReadableFile(atPath: path) {
                problems.append("PINGAN_CHECKPOINTS=\(path) is not a readable file (GeoJSON Points with kind exit or gate)")
            }
        }
        if let url = env["PINGAN_GATEWAY_URL"], !url.isEmpty {
            settings.gatewayURL = url
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) || URL(string: url)?.host == nil {
                problems.append("PINGAN_GATEWAY_URL must look like https://gateway.example/pingan/notices")
            }
        }
        for key in ["PINGAN_GATEWAY_SECRET", "PINGAN_TIP_SECRET"] {
            if let secret = env[key], !secret.isEmpty, secret.count < 16 { problems.append("\(key) must be at least 16 characters") }
        }
        settings.gatewaySecret = env["PINGAN_GATEWAY_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        settings.tipSecret = env["PINGAN_TIP_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.gatewaySecret
        if settings.gatewayURL != nil, settings.gatewaySecret == nil { problems.append("PINGAN_GATEWAY_URL needs PINGAN_GATEWAY_SECRET to sign with") }
        if let raw = env["PINGAN_METRICS_ALLOW"] {
            if let allow = AddressAllowList(parsing: raw) { settings.metricsAllow = allow } else {
                problems.append("PINGAN_METRICS_ALLOW=\(raw) must be addresses or CIDR blocks separated by commas (e.g. 127.0.0.1,::1,10.20.0.0/16)")
            }
        }
        if let raw = env["PINGAN_LOG_FORMAT"], !raw.isEmpty {
            if let format = LogFormat(rawValue: raw) { settings.logFormat = format } else { problems.append("PINGAN_LOG_FORMAT=\(raw) must be text or json") }
        }
        if !problems.isEmpty { throw Invalid(problems: problems) }
        return settings
    }

    /// The working directory when it holds the app's Resources, else the package root this file
    /// was built from (so tests and `swift run` from elsewhere still find templates).
    public static func defaultRoot() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Resources/Views") { return cwd }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }
}
