import Foundation
import PinganDomain

/// A village for demo generation.
public struct DemoVillage: Hashable, Codable, Sendable {
    /// The village (its mediation committee handles village-level disputes).
    public var id: UUID
    /// Its township (the township committee handles township-level disputes).
    public var townshipId: UUID
    public var name: String

    public init(id: UUID, townshipId: UUID, name: String) {
        self.id = id
        self.townshipId = townshipId
        self.name = name
    }
}

/// One generated dispute: its id and its event list (replay with `DisputeState.replay`).
public struct DemoDispute: Hashable, Codable, Sendable {
    public var id: UUID
    public var events: [DisputeEvent]
}

/// Generates a year of plausible disputes (M13 proportions from the seed), deterministically.
///
/// Same inputs and seed → identical output. Levels are allocated exactly in the seed's
/// proportions (village 1,793 : township 762 : professional 98 of 2,653), ~97% settled, a few
/// escalated village → township → county, risk mostly blue/yellow. Events after 31 December
/// of `year` are cut off, so late disputes are still in progress.
public struct DemoDisputeGenerator: Sendable {
    public var seed: UInt64
    public var year: Int
    public var villages: [DemoVillage]
    public var countyOrgUnitId: UUID
    public var roadTrafficCommitteeId: UUID
    public var labourCommitteeId: UUID
    public var medicalCommitteeId: UUID
    /// Users recorded as actors (at least one).
    public var actorUserIds: [UUID]
    /// Total disputes (default 2,653 as in the seed).
    public var total: Int
    public var calendar: Calendar

    /// The seed's figures (M13).
    public static let seedVillage = 1793, seedTownship = 762, seedProfessional = 98, seedSettled = 2574

    public init(seed: UInt64, year: Int, villages: [DemoVillage], countyOrgUnitId: UUID, roadTrafficCommitteeId: UUID,
                labourCommitteeId: UUID, medicalCommitteeId: UUID, actorUserIds: [UUID], total: Int = 2653,
                calendar: Calendar = PinganCalendar.shanghai) {
        precondition(!villages.isEmpty && !actorUserIds.isEmpty, "need villages and actors")
        self.seed = seed
        self.year = year
        self.villages = villages
        self.countyOrgUnitId = countyOrgUnitId
        self.roadTrafficCommitteeId = roadTrafficCommitteeId
        self.labourCommitteeId = labourCommitteeId
        self.medicalCommitteeId = medicalCommitteeId
        self.actorUserIds = actorUserIds
        self.total = total
        self.calendar = calendar
    }

    private enum Outcome { case settled, terminated, rejected, open }

    private struct Plan {
        var level: MediationLevel
        var outcome: Outcome
        /// Levels climbed: 0, 1 (one step) or 2 (village → township → county).
        var climbs: Int
        var professional: MediationChannel?
    }

    /// Generates the disputes, ordered by registration time.
    public func generate() -> [DemoDispute] {
        var rng = SplitMix64(seed: seed)
        let plans = makePlans(&rng)
        var drafts: [(DemoDispute, archivedAt: Date?)] = []
        drafts.reserveCapacity(plans.count)
        for plan in plans { drafts.append(build(plan, &rng)) }
        drafts.sort { $0.0.events[0].at < $1.0.events[0].at }
        return numberArchives(drafts)
    }

    // MARK: Planning

    private func makePlans(_ rng: inout SplitMix64) -> [Plan] {
        let seedTotal = Double(Self.seedVillage + Self.seedTownship + Self.seedProfessional)
        let professional = Int((Double(total) * Double(Self.seedProfessional) / seedTotal).rounded())
        let township = Int((Double(total) * Double(Self.seedTownship) / seedTotal).rounded())
        let village = total - professional - township
        var plans: [Plan] = []
        plans += Array(repeating: Plan(level: .village, outcome: .settled, climbs: 0), count: village)
        plans += Array(repeating: Plan(level: .township, outcome: .settled, climbs: 0), count: township)
        let committees: [MediationChannel] = [.roadTrafficCommittee, .labourCommittee, .medicalCommittee]
        for i in 0..<professional {
            // Roughly 55% traffic, 30% labour, 15% medical.
            let k = i * 100 / max(professional, 1)
            plans.append(Plan(level: .professional, outcome: .settled, climbs: 0, professional: committees[k < 55 ? 0 : k < 85 ? 1 : 2]))
        }
        shuffle(&plans, &rng)
        let unsettled = total - Int((Double(total) * Double(Self.seedSettled) / Double(Self.seedVillage + Self.seedTownship + Self.seedProfessional)).rounded())
        for i in 0..<unsettled {
            plans[i].outcome = i % 10 < 6 ? .terminated : i % 10 < 8 ? .open : .rejected
        }
        for i in plans.indices where plans[i].outcome != .rejected {
            switch plans[i].level {
            case .village where rng.chance(0.025): plans[i].climbs = rng.chance(0.2) ? 2 : 1
            case .township where rng.chance(0.02): plans[i].climbs = 1
            default: break
            }
        }
        shuffle(&plans, &rng)
        return plans
    }

    private func shuffle<T>(_ items: inout [T], _ rng: inout SplitMix64) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, rng.int(below: i + 1)) }
    }

    // MARK: Building one dispute

    private static let categoryWeights: [(DisputeCategory, Int)] = [
        (.marriageFamily, 20), (.neighbourhood, 22), (.housingHomestead, 12), (.contract, 6), (.businessOperation, 3),
        (.damageCompensation, 8), (.forestLand, 7), (.landAcquisitionDemolition, 3), (.environmentalPollution, 2),
        (.labour, 3), (.consumer, 2), (.medical, 1), (.roadTrafficAccident, 4), (.propertyManagement, 2), (.other, 5),
    ]

    private func pickCategory(_ plan: Plan, _ rng: inout SplitMix64) -> DisputeCategory {
        switch plan.professional {
        case .roadTrafficCommittee: return .roadTrafficAccident
        case .labourCommittee: return .labour
        case .medicalCommittee: return .medical
        default:
            var r = rng.int(below: Self.categoryWeights.reduce(0) { $0 + $1.1 })
            for (c, w) in Self.categoryWeights {
                if r < w { return c }
                r -= w
            }
            return .other
        }
    }

    private func person(_ role: PartyRole, _ rng: inout SplitMix64) -> Party {
        let sex: Sex = rng.chance(0.55) ? .male : .female
        let full = rng.pick(sex == .male ? DemoNames.maleGiven : DemoNames.femaleGiven)
        let given = rng.chance(0.8) ? full : String(full.last!)
        let birth = LocalDate(year: 1950, month: 1, day: 1).adding(days: rng.int(below: 50 * 365))
        let serial = rng.int(below: 500) * 2 + (sex == .male ? 1 : 0)
        let first17 = "130427" + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", serial)
        let id = first17 + String(ChineseIDNumber.checkCharacter(for: first17))
        let phone = rng.pick(["138", "139", "150", "152", "157", "159", "183", "187"]) + String(format: "%08d", rng.int(below: 100_000_000))
        return Party(name: rng.pick(DemoNames.surnames) + given, sex: sex, idNumber: id, phone: phone, address: nil, role: role)
    }

    private func localTime(dayOfYear: Int, hour: Int, minute: Int) -> Date {
        LocalDate(year: year, month: 1, day: 1).adding(days: dayOfYear).start(in: calendar)
            .addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    private func build(_ plan: Plan, _ rng: inout SplitMix64) -> (DemoDispute, archivedAt: Date?) {
        let disputeId = rng.uuid()
        let village = rng.pick(villages)
        let actor = rng.pick(actorUserIds)
        let category = pickCategory(plan, &rng)
        let sub = rng.pick(category.subcategories)
        let applicant = person(.applicant, &rng)
        var respondent = person(.respondent, &rng)
        respondent.address = "\(village.name)\(rng.int(in: 1...300))号"
        var parties = [applicant, respondent]
        parties[0].address = "\(village.name)\(rng.int(in: 1...300))号"

        // Risk signs: mostly none; ~15% yellow signs, ~1% mass, ~0.5% threats.
        var signs = RiskSigns.none
        var people = rng.int(in: 2...5)
        var amount: Decimal? = rng.chance(0.5) ? Decimal(rng.int(in: 5...180) * 500) : nil
        let roll = rng.int(below: 1000)
        if roll < 5 { signs.threatOfViolence = true }
        else if roll < 15 { people = rng.int(in: 30...80); signs.plannedCollectivePetition = rng.chance(0.3) }
        else if roll < 80 { signs.crossesVillages = true }
        else if roll < 150 { amount = Decimal(rng.int(in: 100...600) * 1000) }

        let source: DisputeSource
        switch rng.int(below: 100) {
        case 0..<45: source = .partyApplication
        case 45..<80: source = .activeScreening
        case 80..<88: source = .policeTransfer
        case 88..<92: source = .courtEntrusted
        case 92..<94: source = .petitionReferral
        default: source = .departmentReferral
        }

        var handling: UUID
        var level = plan.level
        switch plan.professional {
        case .roadTrafficCommittee: handling = roadTrafficCommitteeId
        case .labourCommittee: handling = labourCommitteeId
        case .medicalCommittee: handling = medicalCommitteeId
        default: handling = plan.level == .township ? village.townshipId : village.id
        }
        let summary = rng.pick(DemoNames.summaries(for: category))
            .replacingOccurrences(of: "{a}", with: applicant.name)
            .replacingOccurrences(of: "{b}", with: respondent.name)
            .replacingOccurrences(of: "{p}", with: village.name)
        let intake = DisputeIntake(
            parties: parties, category: category, subcategoryCode: sub.code, source: source,
            channel: plan.professional ?? .peoplesMediation, level: level, handlingOrgUnitId: handling,
            villageId: village.id, townshipId: village.townshipId, place: village.name,
            peopleInvolved: people, amount: amount, summary: summary, riskSigns: signs)

        // Timeline: settled ones start early enough to finish within the year.
        let startDay = plan.outcome == .open ? rng.int(in: 345...363) : rng.int(below: plan.climbs > 0 ? 300 : 330)
        var t = localTime(dayOfYear: startDay, hour: rng.int(in: 8...17), minute: rng.int(below: 60))
        var events: [DisputeEvent] = []
        func add(_ kind: DisputeEventKind, after seconds: TimeInterval) {
            t = t.addingTimeInterval(seconds)
            events.append(DisputeEvent(id: rng.uuid(), disputeId: disputeId, at: t, actorUserId: actor,
                                       actorOrgUnitId: handling, kind: kind))
        }
        let hour: TimeInterval = 3600, day: TimeInterval = 86400
        add(.registered(intake), after: 0)
        let assessment = RiskAssessor.assess(facts: RiskFacts(
            threatOfViolence: signs.threatOfViolence, peopleInvolved: people,
            plannedCollectivePetition: signs.plannedCollectivePetition, crossesVillages: signs.crossesVillages, amount: amount))
        add(.riskAssessed(assessment), after: 60)
        if assessment.needsMajorReport {
            add(.majorReportFiled(MajorDisputeReport(recipientOrgUnitIds: [village.townshipId, countyOrgUnitId],
                                                     riskLevel: assessment.level, summary: summary)), after: hour)
        }
        if signs.threatOfViolence {
            add(.policeNotified(PoliceNotification(note: "当事人有过激言行，已通报辖区派出所，防止民转刑")), after: hour)
        }
        if plan.outcome == .rejected {
            add(.rejected(Rejection(reason: "该纠纷已由人民法院受理", properChannel: "依法通过诉讼途径解决")), after: day)
            add(.archived(Archival(caseNumber: CaseNumber(year: year, sequence: 1))), after: 2 * day)
            return (DemoDispute(id: disputeId, events: cut(events)), events.last!.at)
        }
        add(.accepted(Acceptance()), after: Double(rng.int(in: 1...20)) * hour)
        let mediator = rng.pick(DemoNames.surnames) + rng.pick(DemoNames.maleGiven)
        if rng.chance(0.3) { add(.assigned(DisputeAssignment(role: .mediator, name: mediator)), after: hour) }
        func session(_ outcome: SessionOutcome, place: String) {
            let delay = Double(rng.int(in: 1...6)) * day
            add(.sessionHeld(MediationSession(
                time: t.addingTimeInterval(delay), place: place,
                participants: [applicant.name, respondent.name, mediator],
                record: outcome == .succeeded ? "经调解员释法说理，双方互谅互让，达成一致意见。" : "双方分歧较大，未能达成一致。",
                outcome: outcome)), after: delay)
        }
        let place = plan.level == .township ? "乡镇调委会调解室" : plan.level == .professional ? "专业调委会调解室" : "\(village.name)村委会调解室"
        if rng.chance(0.12) || plan.climbs > 0 { session(.failed, place: place) }
        if rng.chance(0.03) { session(.failed, place: place) }

        // Escalation: village → township (→ county), township → county.
        for step in 0..<plan.climbs {
            guard let next = level.nextForAutomaticEscalation else { break }
            let target = next == .township ? village.townshipId : countyOrgUnitId
            let automatic = step == 0 && rng.chance(0.3)
            if automatic { t = t.addingTimeInterval(33 * day) }
            add(.escalated(Escalation(fromLevel: level, toLevel: next, toOrgUnitId: target,
                                      reason: automatic ? "调解超期，按规定自动上报\(next.label)" : "\(level.label)调解未成，提请\(next.label)调处",
                                      automatic: automatic)), after: day)
            level = next
            handling = target
            if next == .county && rng.chance(0.5) {
                let orderId = rng.uuid()
                let late = rng.chance(0.15)
                add(.supervisionOrdered(SupervisionOrder(id: orderId, disputeId: disputeId, issuedByOrgUnitId: countyOrgUnitId,
                                                         assigneeOrgUnitId: village.townshipId, instruction: "请于 7 日内报告化解进展",
                                                         issuedAt: t.addingTimeInterval(hour), deadline: t.addingTimeInterval(hour + 7 * day))),
                    after: hour)
                add(.supervisionAnswered(SupervisionReply(orderId: orderId, reply: "已组织双方再次调解，正在跟进。")),
                    after: Double(late ? 9 : rng.int(in: 1...5)) * day)
            }
            if step + 1 < plan.climbs { session(.failed, place: "\(next.label)调委会调解室") }
        }
        if plan.level == .village && rng.chance(0.05) {
            add(.guidanceGiven(DisputeNote(text: "司法所指导：注意稳控，依法依规调处。")), after: hour)
        }
        if plan.outcome == .open { return (DemoDispute(id: disputeId, events: cut(events)), nil) }
        if plan.outcome == .terminated {
            if events.last.map({ if case .sessionHeld = $0.kind { false } else { true } }) ?? true {
                session(.failed, place: place)
            }
            add(.terminated(Termination(reason: "双方分歧较大，经多次调解未能达成协议",
                                        otherRoutes: category == .labour ? [.labourArbitration, .litigation] : [.litigation])), after: day)
            add(.archived(Archival(caseNumber: CaseNumber(year: year, sequence: 1))), after: Double(rng.int(in: 1...5)) * day)
            return (DemoDispute(id: disputeId, events: cut(events)), events.last!.at)
        }
        session(.succeeded, place: level == plan.level ? place : "\(level.label)调委会调解室")
        let written = rng.chance(0.7)
        let effective = t
        let agreed = amount.map { min($0, Decimal(rng.int(in: 1...200) * 500)) }
        add(.agreementSigned(MediationAgreement(
            form: written ? .written : .oral, parties: [applicant.name, respondent.name], facts: summary,
            responsibilities: "双方对纠纷发生均有一定责任。", terms: agreed.map { "\(respondent.name)一次性支付\(applicant.name)人民币 \($0) 元，双方今后不得再因此事发生争执。" } ?? "双方互谅互让，和睦相处，今后不得再因此事发生争执。",
            performanceManner: agreed == nil ? "即时履行" : "现金或转账支付", performanceDeadline: t.addingTimeInterval(15 * day),
            effectiveDate: effective, amount: agreed)), after: hour)
        if written && rng.chance(0.06) {
            add(.judicialConfirmationRequested(JudicialConfirmationRequest(court: "磁县人民法院")), after: Double(rng.int(in: 2...20)) * day)
            add(.judicialConfirmationDecided(JudicialConfirmationDecision(confirmed: true)), after: Double(rng.int(in: 3...15)) * day)
        }
        add(.fulfilled(Fulfilment(evidence: agreed == nil ? "双方当场履行完毕" : "已按协议支付完毕，有收条为证")), after: Double(rng.int(in: 1...14)) * day)
        add(.followUpVisited(FollowUpVisit(record: "回访双方，协议履行到位，关系和睦。", satisfied: rng.chance(0.96))),
            after: Double(rng.int(in: 7...30)) * day)
        add(.archived(Archival(caseNumber: CaseNumber(year: year, sequence: 1))), after: Double(rng.int(in: 1...7)) * day)
        return (DemoDispute(id: disputeId, events: cut(events)), events.last!.at)
    }

    /// Drops events after the end of the year.
    private func cut(_ events: [DisputeEvent]) -> [DisputeEvent] {
        let end = LocalDate(year: year + 1, month: 1, day: 1).start(in: calendar)
        return events.filter { $0.at < end }
    }

    /// Gives archived disputes real case numbers in archive order per year.
    private func numberArchives(_ drafts: [(DemoDispute, archivedAt: Date?)]) -> [DemoDispute] {
        var result = drafts.map(\.0)
        let order = drafts.indices.filter { drafts[$0].archivedAt != nil && result[$0].events.last.map(\.type) == .archived }
            .sorted { (drafts[$0].archivedAt!, $0) < (drafts[$1].archivedAt!, $1) }
        var sequence: [Int: Int] = [:]
        for i in order {
            let y = LocalDate(drafts[i].archivedAt!, in: calendar).year
            sequence[y, default: 0] += 1
            let last = result[i].events.count - 1
            result[i].events[last].kind = .archived(Archival(caseNumber: CaseNumber(year: y, sequence: sequence[y]!)))
        }
        return result
    }
}
