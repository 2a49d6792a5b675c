import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain
import SQLKit

/// Mediation statistics (M13) counted from the records: one `GROUP BY` over the projection columns
/// of `disputes`, including the facts of each history the projection keeps on the row
/// (rejections, terminations, follow-ups, failed sessions…). Never typed in, and never decoding
/// 100,000 states.
///
/// It fills the domain's `MediationStatistics` with the same definitions as
/// `MediationStatistics(states:)`; `massIncidentsPrevented` (it needs the intake's head count) is
/// left at 0, and the per-category rows come in `categories` (the domain's row type has no public
/// initialiser).
package struct DisputeStatistics {
    package let db: Database

    package struct Figures {
        package var stats: MediationStatistics
        /// Received and settled per category, in the domain's category order.
        package var categories: [(category: DisputeCategory, received: Int, settled: Int)]
    }

    /// Disputes registered in `from…to` (either open) and visible in `scopePath` (registered in
    /// it or handled in it now, like the dispute list).
    package func compute(scopePath: String, from: Date?, to: Date?) async throws -> Figures {
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
            var rejected, terminated, followed_up, confirmation_requested, automatic_hand_up, difficult: Int
        }
        // The history's facts are columns of the row (migration 011), summed per group; CASE keeps
        // the sum the same on SQLite (0/1 integers) and PostgreSQL (booleans).
        func sum(_ column: String, _ name: String) -> SQLQueryString { "SUM(CASE WHEN d.\(unsafeRaw: column) THEN 1 ELSE 0 END) AS \(unsafeRaw: name)" }
        let groups = try await sql.raw("""
            SELECT d.level, d.received_level, d.settled_level, d.stage, d.risk, d.category, d.source, d.channel, COUNT(*) AS n,
              \(sum("had_rejection", "rejected")), \(sum("had_termination", "terminated")), \(sum("had_follow_up", "followed_up")),
              \(sum("had_confirmation_request", "confirmation_requested")), \(sum("had_automatic_hand_up", "automatic_hand_up")),
              \(sum("is_difficult", "difficult"))
            FROM disputes d WHERE \(scope)
            GROUP BY d.level, d.received_level, d.settled_level, d.stage, d.risk, d.category, d.source, d.channel
            """).all(decoding: Group.self)
        var categories: [DisputeCategory: (Int, Int)] = [:]
        var villageReceived = 0, villageKept = 0, lowReceived = 0, lowKept = 0
        for g in groups {
            guard let received = MediationLevel(rawValue: g.received_level), let level = MediationLevel(rawValue: g.level) else { continue }
            let n = g.n
            stats.rejected += g.rejected
            stats.terminated += g.terminated
            stats.followedUp += g.followed_up
            stats.judicialConfirmationsRequested += g.confirmation_requested
            stats.automaticallyEscalated += g.automatic_hand_up
            stats.difficult += g.difficult
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
