import Fluent
import Foundation
import PinganDomain
import SQLKit

/// Mediation statistics (M13) counted from the records: `GROUP BY` over the projection columns
/// of `disputes` plus a few facts only the event history holds (rejections, terminations,
/// follow-ups, failed sessions). Never typed in, and never decoding 100,000 states.
///
/// It fills the domain's `MediationStatistics` with the same definitions as
/// `MediationStatistics(states:)`; `massIncidentsPrevented` (it needs the intake's head count) is
/// left at 0, and the per-category rows come in `categories` (the domain's row type has no public
/// initialiser).
struct DisputeStatistics {
    let db: Database

    struct Figures {
        var stats: MediationStatistics
        /// Received and settled per category, in the domain's category order.
        var categories: [(category: DisputeCategory, received: Int, settled: Int)]
    }

    /// Disputes registered in `from…to` (either open) and visible in `scopePath` (registered in
    /// it or handled in it now, like the dispute list).
    func compute(scopePath: String, from: Date?, to: Date?) async throws -> Figures {
        guard let sql = db as? any SQLDatabase else { return Figures(stats: MediationStatistics(), categories: []) }
        var stats = MediationStatistics()
        let scope = where_(scopePath: scopePath, from: from, to: to, table: "d")

        struct Group: Decodable {
            var level: String
            var received_level: String
            var settled_level: String?
            var stage: String
            var risk: String
            var category: String
            var source: String
            var channel: String
            var n: Int
        }
        let groups = try await sql.raw("""
            SELECT d.level, d.received_level, d.settled_level, d.stage, d.risk, d.category, d.source, d.channel, COUNT(*) AS n
            FROM disputes d WHERE \(scope)
            GROUP BY d.level, d.received_level, d.settled_level, d.stage, d.risk, d.category, d.source, d.channel
            """).all(decoding: Group.self)
        var categories: [DisputeCategory: (Int, Int)] = [:]
        var villageReceived = 0, villageKept = 0, lowReceived = 0, lowKept = 0
        for g in groups {
            guard let received = MediationLevel(rawValue: g.received_level), let level = MediationLevel(rawValue: g.level) else { continue }
            let n = g.n
            stats.received += n
            stats.receivedByLevel[received] += n
            if let risk = RiskLevel(rawValue: g.risk) { stats.byRisk[risk, default: 0] += n }
            let stage = DisputeStage(rawValue: g.stage)
            if stage?.isOpen == true { stats.inProgress += n }
            if stage == .archived { stats.archived += n }
            // An escalation always moves a dispute to another level, so a level differing from the
            // receiving level is exactly "was escalated".
            if level != received { stats.escalated += n }
            if received == .village { villageReceived += n }
            if received == .village || received == .township { lowReceived += n }
            var c = categories[DisputeCategory(rawValue: g.category) ?? .other] ?? (0, 0)
            c.0 += n
            if let settled = g.settled_level.flatMap(MediationLevel.init(rawValue:)) {
                stats.settled += n
                c.1 += n
                stats.settledAtLevel[settled] += n
                if received == .village, settled == .village { villageKept += n }
                if received == .village || received == .township, settled == .village || settled == .township { lowKept += n }
                if g.source == DisputeSource.petitionReferral.rawValue || g.channel == MediationChannel.petitionLinked.rawValue {
                    stats.petitionsResolved += n
                }
            }
            categories[DisputeCategory(rawValue: g.category) ?? .other] = c
        }
        stats.settledRate = stats.received == 0 ? 0 : Double(stats.settled) / Double(stats.received)
        stats.keptInVillageRate = villageReceived == 0 ? 0 : Double(villageKept) / Double(villageReceived)
        stats.keptInTownshipRate = lowReceived == 0 ? 0 : Double(lowKept) / Double(lowReceived)
        let rows = DisputeCategory.allCases.compactMap { k in categories[k].map { (category: k, received: $0.0, settled: $0.1) } }

        // Facts kept only in the history: counted as disputes having such an event.
        struct EventCount: Decodable { var type: String; var n: Int }
        let types: [DisputeEventType] = [.rejected, .terminated, .followUpVisited, .judicialConfirmationRequested]
        let counted = try await sql.raw("""
            SELECT e.type AS type, COUNT(DISTINCT e.dispute_id) AS n FROM dispute_events e JOIN disputes d ON d.id = e.dispute_id
            WHERE \(scope) AND e.type IN (\(SQLList(types.map { SQLBind($0.rawValue) })))
            GROUP BY e.type
            """).all(decoding: EventCount.self)
        for c in counted {
            switch DisputeEventType(rawValue: c.type) {
            case .rejected: stats.rejected = c.n
            case .terminated: stats.terminated = c.n
            case .followUpVisited: stats.followedUp = c.n
            case .judicialConfirmationRequested: stats.judicialConfirmationsRequested = c.n
            default: break
            }
        }
        struct Count: Decodable { var n: Int }
        stats.automaticallyEscalated = try await sql.raw("""
            SELECT COUNT(DISTINCT e.dispute_id) AS n FROM dispute_events e JOIN disputes d ON d.id = e.dispute_id
            WHERE \(scope) AND e.type = \(bind: DisputeEventType.escalated.rawValue) AND e.body LIKE \(bind: "%\"automatic\":true%")
            """).first(decoding: Count.self)?.n ?? 0

        // Difficult (疑难): escalated, orange/red, or two or more failed sessions. The first two are
        // columns; the sessions are counted only for disputes that are neither.
        let failedTwice = try await sql.raw("""
            SELECT COUNT(*) AS n FROM disputes d
            WHERE \(scope) AND d.level = d.received_level AND d.risk NOT IN (\(bind: RiskLevel.orange.rawValue), \(bind: RiskLevel.red.rawValue))
              AND (SELECT COUNT(*) FROM dispute_events e WHERE e.dispute_id = d.id AND e.type = \(bind: DisputeEventType.sessionHeld.rawValue)
                   AND e.body LIKE \(bind: "%\"outcome\":\"failed\"%")) >= 2
            """).first(decoding: Count.self)?.n ?? 0
        let escalatedOrSevere = try await sql.raw("""
            SELECT COUNT(*) AS n FROM disputes d
            WHERE \(scope) AND (d.level <> d.received_level OR d.risk IN (\(bind: RiskLevel.orange.rawValue), \(bind: RiskLevel.red.rawValue)))
            """).first(decoding: Count.self)?.n ?? 0
        stats.difficult = failedTwice + escalatedOrSevere
        return Figures(stats: stats, categories: rows)
    }

    /// The scope and period condition on the `disputes` row aliased `table`.
    private func where_(scopePath: String, from: Date?, to: Date?, table: String) -> SQLQueryString {
        var s: SQLQueryString = "(\(ident: table).origin_path LIKE \(bind: scopePath + "%") OR \(ident: table).handling_path LIKE \(bind: scopePath + "%"))"
        if let from { s = s + " AND \(ident: table).registered_at >= \(bind: from)" }
        if let to { s = s + " AND \(ident: table).registered_at <= \(bind: to)" }
        return s
    }
}
