import Foundation
import MediationDomain
import MediationServer
import PatrolDomain
import PatrolServer
import SQLKit

/// The county report's figures by hand-written SQL aggregates over the same tables — one pass
/// with conditional sums over `disputes`, `GROUP BY`s over `incidents` and `field_records`, and
/// counts of shifts and plan activations — as the floor the report's time is compared with, and
/// as an independent count its figures must equal.
struct CountyReportSQL {
    let sql: any SQLDatabase
    /// The subtree's path (`LIKE path%`, as the report's scope).
    let county: String
    let period: (from: Date, to: Date)

    var like: String { county + "%" }

    /// The mediation table's figures by `CountyFigure` raw value, from one row of sums. The period
    /// is on the registration time with `to` included, as `CountyScope` reads it.
    func mediation() async throws -> [String: Int] {
        let petition = DisputeSource.petitionReferral.rawValue, linked = MediationChannel.petitionLinked.rawValue
        let row = try await sql.raw("""
            SELECT COUNT(*) AS received,
              SUM(CASE WHEN received_level = 'township' THEN 1 ELSE 0 END) AS received_township,
              SUM(CASE WHEN received_level = 'village' THEN 1 ELSE 0 END) AS received_village,
              SUM(CASE WHEN received_level = 'professional' THEN 1 ELSE 0 END) AS received_professional,
              SUM(CASE WHEN received_level IN ('county', 'department') THEN 1 ELSE 0 END) AS received_other,
              SUM(CASE WHEN settled_level IS NOT NULL THEN 1 ELSE 0 END) AS settled,
              SUM(CASE WHEN settled_level IS NOT NULL AND (source = \(bind: petition) OR channel = \(bind: linked)) THEN 1 ELSE 0 END) AS petitions,
              SUM(CASE WHEN is_difficult THEN 1 ELSE 0 END) AS difficult,
              SUM(CASE WHEN settled_level IS NOT NULL AND mass_risk THEN 1 ELSE 0 END) AS mass_prevented,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM dispute_police_calls c WHERE c.dispute_id = disputes.id AND c.reports_violence)
                  THEN 1 ELSE 0 END) AS turned_criminal
            FROM disputes
            WHERE (origin_path LIKE \(bind: like) OR handling_path LIKE \(bind: like))
              AND registered_at >= \(bind: period.from) AND registered_at <= \(bind: period.to)
            """).first()
        let columns: [(CountyFigure, String)] = [
            (.received, "received"), (.receivedTownship, "received_township"), (.receivedVillage, "received_village"),
            (.receivedProfessional, "received_professional"), (.receivedOther, "received_other"), (.settled, "settled"),
            (.petitionsResolved, "petitions"), (.difficult, "difficult"), (.massIncidentsPrevented, "mass_prevented"),
            (.turnedCriminal, "turned_criminal"),
        ]
        var out: [String: Int] = [:]
        for (figure, column) in columns { out[figure.rawValue] = try row?.decode(column: column, as: Int?.self) ?? 0 }
        return out
    }

    struct Police {
        var byType: [String: Int] = [:]
        var byKind: [String: Int] = [:]
        var bySubkind: [String: Int] = [:]
        var shifts = 0
        var activations: [String: Int] = [:]
    }

    /// The public-security table's counts: incidents by type (merged second reports left out),
    /// field records by kind and subkind, shifts on the subtree's units, plan activations by kind.
    func police() async throws -> Police {
        var p = Police()
        for r in try await sql.raw("""
            SELECT type, COUNT(*) AS n FROM incidents WHERE scope_path LIKE \(bind: like)
              AND reported_at >= \(bind: period.from) AND reported_at < \(bind: period.to) AND status <> 'merged' GROUP BY type
            """).all() {
            p.byType[try r.decode(column: "type", as: String.self)] = try r.decode(column: "n", as: Int.self)
        }
        for r in try await sql.raw("""
            SELECT kind, subkind, COUNT(*) AS n FROM field_records WHERE station_path LIKE \(bind: like)
              AND at >= \(bind: period.from) AND at < \(bind: period.to) GROUP BY kind, subkind
            """).all() {
            let kind = try r.decode(column: "kind", as: String.self), n = try r.decode(column: "n", as: Int.self)
            p.byKind[kind, default: 0] += n
            if let sub = try r.decode(column: "subkind", as: String?.self) { p.bySubkind[kind + "/" + sub, default: 0] += n }
        }
        p.shifts = try await sql.raw("""
            SELECT COUNT(*) AS n FROM patrol_shifts s JOIN patrol_units u ON u.id = s.unit_id WHERE u.station_path LIKE \(bind: like)
              AND s.signed_on_at >= \(bind: period.from) AND s.signed_on_at < \(bind: period.to)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        for r in try await sql.raw("""
            SELECT p.kind AS kind, COUNT(*) AS n FROM plan_activations a JOIN plans p ON p.id = a.plan_id WHERE a.scope_path LIKE \(bind: like)
              AND a.started_at >= \(bind: period.from) AND a.started_at < \(bind: period.to) GROUP BY p.kind
            """).all() {
            p.activations[try r.decode(column: "kind", as: String.self)] = try r.decode(column: "n", as: Int.self)
        }
        return p
    }

    struct Figures {
        var mediation: [String: Int]
        var police: Police
        var incidents: Int { police.byType.values.reduce(0, +) }
        var fieldRecords: Int { police.byKind.values.reduce(0, +) }
        var shifts: Int { police.shifts }
        var compared: Int { mediation.count + PublicSecurityFigure.allCases.count + IncidentType.allCases.count }

        /// What a row of the public-security table should say, from these counts.
        func expected(_ key: String) -> Int? {
            if key.hasPrefix("incidents/") { return police.byType[String(key.dropFirst("incidents/".count))] ?? 0 }
            guard let figure = PublicSecurityFigure(rawValue: key) else { return nil }
            switch figure.source {
            case .incidents(let types): return (types ?? IncidentType.allCases).reduce(0) { $0 + (police.byType[$1.rawValue] ?? 0) }
            case .shifts: return police.shifts
            case .fieldRecords(let kind, let sub): return sub.map { police.bySubkind[kind.rawValue + "/" + $0] ?? 0 } ?? police.byKind[kind.rawValue] ?? 0
            case .planActivations(let kind): return police.activations[kind.rawValue] ?? 0
            }
        }

        /// Every figure of either table that differs from the plain count, in words.
        func mismatches(_ m: CountyTableDTO, _ p: PublicSecurityTableDTO) -> [String] {
            var out: [String] = []
            for row in m.rows where mediation[row.key] != row.value {
                out.append("调解 \(row.label) (\(row.key)): report \(row.value), SQL \(mediation[row.key].map(String.init) ?? "–")")
            }
            for row in p.rows where expected(row.key) != row.count {
                out.append("公安 \(row.label) (\(row.key)): report \(row.count), SQL \(expected(row.key).map(String.init) ?? "–")")
            }
            if p.rows.count != PublicSecurityFigure.allCases.count + IncidentType.allCases.count || m.rows.count != mediation.count {
                out.append("rows: mediation \(m.rows.count), public security \(p.rows.count)")
            }
            return out
        }
    }

    func figures() async throws -> Figures { Figures(mediation: try await mediation(), police: try await police()) }
}
