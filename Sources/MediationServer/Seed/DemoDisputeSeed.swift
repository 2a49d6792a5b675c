import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain
import SQLKit
import Vapor

/// A year of generated disputes for the demo (M13 proportions of the seed: village ~1,790,
/// township ~760, professional ~100, ~97% settled), loaded through a bulk path so the year
/// takes seconds, not the hour that 20,000 single appends would.
///
/// The bulk path writes exactly what `DisputeStore` would: each history is replayed with the
/// domain (`DisputeState.replay`), projected with `DisputeProjection.fill`, stored as events
/// (seq 1…n, `DisputeStore.encoder` bodies) and parties, with one audit record per dispute and
/// major reports for red/orange ones. Called from `pingan demo`, not from `DemoOrgSeed.run`, so
/// tests that only need the org tree stay fast.
package enum DemoDisputeSeed {
    package static let seed: UInt64 = 0x5049_4E47_414E_2026

    /// The demo org as the generator needs it, plus every unit's path for the projection.
    package struct Org {
        package var villages: [DemoVillage]
        package var county: UUID
        package var roadTraffic: UUID
        package var labour: UUID
        package var medical: UUID
        package var actors: [UUID]
        package var paths: [UUID: String]
    }

    package static func org(on db: Database) async throws -> Org {
        let units = try await OrgUnitModel.query(on: db).all()
        var byCode: [String: OrgUnitModel] = [:]
        var byID: [UUID: OrgUnitModel] = [:]
        for u in units {
            byCode[u.code] = u
            if let id = u.id { byID[id] = u }
        }
        func id(_ code: String) throws -> UUID {
            guard let u = byCode[code], let id = u.id else { throw APIError.notFound("演示单位 \(code)") }
            return id
        }
        let villages = units.filter { $0.unitKind == .village || $0.unitKind == .community }.compactMap { v -> DemoVillage? in
            guard let id = v.id, let p = v.parentID, byID[p]?.unitKind == .township else { return nil }
            return DemoVillage(id: id, townshipId: p, name: v.name)
        }.sorted { $0.id.uuidString < $1.id.uuidString }
        guard !villages.isEmpty else { throw APIError.notFound("演示村") }
        let users = try await UserModel.query(on: db).filter(\.$username ~~ ["mediator", "judicial", "bureau"]).all()
        var actors = users.sorted { $0.username < $1.username }.compactMap(\.id)
        if actors.isEmpty { actors = [EventActor.systemUserID] }
        return Org(villages: villages, county: try id("130427000000"), roadTraffic: try id("130427000000-ZY-JT"),
                   labour: try id("130427000000-ZY-LD"), medical: try id("130427000000-ZY-YL"), actors: actors,
                   paths: Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.path) } }))
    }

    package static func generator(_ org: Org, seed: UInt64 = seed, year: Int, total: Int = 2653) -> DemoDisputeGenerator {
        DemoDisputeGenerator(seed: seed, year: year, villages: org.villages, countyOrgUnitId: org.county,
                             roadTrafficCommitteeId: org.roadTraffic, labourCommitteeId: org.labour,
                             medicalCommitteeId: org.medical, actorUserIds: org.actors, total: total)
    }

    /// Loads the demo year ending today (idempotent: nothing is added when the generator's first
    /// dispute is already stored). Returns how many disputes were added.
    @discardableResult
    package static func run(on app: Application, log: (String) -> Void = { _ in }) async throws -> Int {
        let now = app.clock.now()
        let org = try await org(on: app.db)
        let calendar = PinganCalendar.shanghai
        let year = LocalDate(now, in: calendar).year
        let generated = generator(org, year: year).generate()
        guard let first = generated.first else { return 0 }
        if try await DisputeModel.find(first.id, on: app.db) != nil {
            log("演示纠纷：已存在，未重复添加")
            return 0
        }
        let started = Date()
        let disputes = try endingToday(generated, now: now, calendar: calendar)
        let added = try await load(disputes, org: org, on: app.db, at: now)
        try await refreshPlannerStatistics(on: app.db)
        log("演示纠纷：新增 \(added) 件（近 12 个月），用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒")
        return added
    }

    // MARK: Moving the year to end today

    /// The generator writes calendar year `year`; the demo wants the last twelve months. Every
    /// date (event times and dates inside payloads) moves by whole days so the year ends at the
    /// start of today; a share of the still-open disputes moves further back so the boards show
    /// overdue work. Archived disputes are then renumbered per archive year.
    package static func endingToday(_ disputes: [DemoDispute], now: Date, calendar: Calendar) throws -> [DemoDispute] {
        guard let first = disputes.first?.events.first else { return disputes }
        let year = LocalDate(first.at, in: calendar).year
        let end = LocalDate(year: year + 1, month: 1, day: 1).start(in: calendar)
        let today = LocalDate(now, in: calendar).start(in: calendar)
        let baseDays = ((today.timeIntervalSince(end)) / 86_400).rounded(.down)
        var out: [DemoDispute] = []
        out.reserveCapacity(disputes.count)
        for d in disputes {
            var days = baseDays
            let state = try DisputeState.replay(d.events)
            // About two in five open disputes are old enough to be past their time limit.
            if state.stage.isOpen, d.id.uuid.0 % 5 < 2 { days -= Double(20 + Int(d.id.uuid.1) % 31) }
            var moved = d
            moved.events = try shift(d.events, by: days * 86_400)
            out.append(moved)
        }
        return renumbered(out, calendar: calendar)
    }

    /// Moves every `Date` in the events (also those inside payloads) by `offset` seconds.
    package static func shift(_ events: [DisputeEvent], by offset: TimeInterval) throws -> [DisputeEvent] {
        guard offset != 0 else { return events }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(date.addingTimeInterval(offset).formatted(.iso8601))
        }
        return try events.map { try DisputeStore.decoder.decode(DisputeEvent.self, from: encoder.encode($0)) }
    }

    /// Case numbers run per archive year in archive order, as the archive desk would give them.
    package static func renumbered(_ disputes: [DemoDispute], calendar: Calendar) -> [DemoDispute] {
        var result = disputes
        let archived = result.indices.filter { result[$0].events.last?.type == .archived }
            .sorted { (result[$0].events.last!.at, $0) < (result[$1].events.last!.at, $1) }
        var serial: [Int: Int] = [:]
        for i in archived {
            let last = result[i].events.count - 1
            let y = LocalDate(result[i].events[last].at, in: calendar).year
            serial[y, default: 0] += 1
            result[i].events[last].kind = .archived(Archival(caseNumber: CaseNumber(year: y, sequence: serial[y]!)))
        }
        return result
    }

    // MARK: Bulk load

    /// Stores the disputes in transactions of `batch` disputes. Returns how many were stored.
    @discardableResult
    package static func load(_ disputes: [DemoDispute], org: Org, on db: Database, at now: Date, batch: Int = 200) async throws -> Int {
        let police = PoliceIndex(disputes)
        var stored = 0
        var start = 0
        while start < disputes.count {
            let slice = disputes[start..<min(start + batch, disputes.count)]
            try await db.writeTransaction { db in try await loadBatch(slice, org: org, police: police, on: db, at: now) }
            stored += slice.count
            start += batch
        }
        return stored
    }

    private static func loadBatch(_ slice: ArraySlice<DemoDispute>, org: Org, police: PoliceIndex, on db: Database, at now: Date) async throws {
        var disputes: [DisputeModel] = [], events: [DisputeEventModel] = [], parties: [DisputePartyModel] = []
        var audits: [AuditRecordModel] = []
        var major: [(DisputeModel, DisputeState)] = []
        for d in slice {
            let state = try DisputeState.replay(d.events)
            let m = DisputeModel()
            m.id = d.id
            guard let origin = org.paths[state.intake.villageId ?? state.intake.handlingOrgUnitId],
                  let handling = org.paths[state.handlingOrgUnitId] else { throw APIError.notFound("单位") }
            m.originPath = origin
            m.handlingPath = handling
            try DisputeProjection.fill(m, from: state, policeCalls: police.calls(for: state))
            disputes.append(m)
            for (i, e) in d.events.enumerated() { events.append(try DisputeEventStore.row(e, seq: i + 1)) }
            for p in state.intake.parties {
                parties.append(DisputePartyModel(disputeID: d.id, name: p.name, idNumber: p.idNumber?.uppercased(), phone: p.phone))
            }
            audits.append(AuditRecordModel(
                at: now, actorID: nil, actorUsername: "demo", action: "seeded", entityType: "dispute", entityID: d.id.uuidString,
                before: nil, after: AuditLog.json(["stage": m.stage, "events": String(d.events.count), "caseNumber": m.caseNumber ?? ""])))
            if RiskLevel(rawValue: m.risk)?.needsMajorReport == true { major.append((m, state)) }
        }
        try await disputes.create(on: db)
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("bulk load needs an SQL database", code: "bulk_load") }
        try await BulkInsert.rows("dispute_events", ["id", "dispute_id", "seq", "type", "at", "actor_user_id", "actor_org_unit_id", "body"],
                         events.map { [bind($0.id), bind($0.disputeID), bind($0.seq), bind($0.type), bind($0.at), bind($0.actorUserID),
                                       bind($0.actorOrgUnitID), bind($0.body)] }, on: sql)
        try await BulkInsert.rows("dispute_parties", ["id", "dispute_id", "name", "id_number", "phone", "phone_key", "id_key"],
                         parties.map { [bind(UUID()), bind($0.disputeID), bind($0.name), bind($0.idNumber), bind($0.phone),
                                        bind($0.phoneKey), bind($0.idKey)] }, on: sql)
        try await PartyReturns.record(disputes: disputes.compactMap(\.id), on: db)
        try await BulkInsert.rows("audit_records", ["id", "at", "actor_id", "actor_username", "action", "entity_type", "entity_id", "before", "after"],
                         audits.map { [bind(UUID()), bind($0.at), bind($0.actorID), bind($0.actorUsername), bind($0.action),
                                       bind($0.entityType), bind($0.entityID), bind($0.before), bind($0.after)] }, on: sql)
        let reactions = DisputeReactions(db: db)
        for (m, state) in major {
            try await reactions.raiseMajorReports(for: m, at: state.registeredAt)
            // Reports of disputes already closed were acknowledged long ago; open ones still wait.
            guard !state.stage.isOpen, let id = m.id else { continue }
            for r in try await MajorReportModel.query(on: db).filter(\.$disputeID == id).all() {
                r.acknowledgedAt = r.createdAt.addingTimeInterval(2 * 3600)
                r.acknowledgedBy = org.actors.first
                try await r.update(on: db)
            }
        }
    }

    /// After a bulk load the query planner's row statistics are stale; ANALYZE lets SQLite and
    /// PostgreSQL pick the list indexes.
    package static func refreshPlannerStatistics(on db: Database) async throws {
        try await PlannerStatistics.refresh([DisputeModel.schema, DisputeEventModel.schema, DisputePartyModel.schema, MajorReportModel.schema, AuditRecordModel.schema], on: db)
    }


    /// Police referrals (公安移交) by party ID number, for the risk rule "two or more police calls
    /// about the same parties within 30 days" — counted in memory over the disputes being loaded.
    package struct PoliceIndex: Sendable {
        private var byNumber: [String: [(id: UUID, at: Date)]] = [:]

        package init(_ disputes: [DemoDispute]) {
            for d in disputes {
                guard case .registered(let intake)? = d.events.first?.kind, intake.source == .policeTransfer else { continue }
                for n in intake.parties.compactMap({ $0.idNumber?.uppercased() }) {
                    byNumber[n, default: []].append((d.id, d.events[0].at))
                }
            }
        }

        package func calls(for state: DisputeState) -> Int {
            let since = state.lastEventAt.addingTimeInterval(-30 * 86_400)
            var others = Set<UUID>()
            for n in state.intake.parties.compactMap({ $0.idNumber?.uppercased() }) {
                for r in byNumber[n] ?? [] where r.id != state.disputeId && r.at >= since && r.at <= state.lastEventAt {
                    others.insert(r.id)
                }
            }
            return others.count + (state.intake.source == .policeTransfer ? 1 : 0)
        }
    }

    private static func bind(_ value: (any Encodable & Sendable)?) -> any SQLExpression { BulkInsert.bind(value) }
}
