import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

@Suite struct StageMachineTests {
    @Test func happyPathReachesArchive() throws {
        let s = try F.state(F.happyPath())
        #expect(s.stage == .archived)
        #expect(s.version == 7)
        #expect(s.settledLevel == .village)
        #expect(s.isSettled)
        #expect(s.caseNumber?.description == "（2026）磁人调字第 7 号")
        #expect(s.sessions.count == 1)
        #expect(s.followUps.first?.satisfied == true)
    }

    @Test func stagesAlongTheWay() throws {
        let events = F.happyPath()
        let expected: [DisputeStage] = [.registered, .accepted, .mediating, .agreed, .fulfilled, .followedUp, .archived]
        for n in 1...events.count {
            #expect(try F.state(Array(events.prefix(n))).stage == expected[n - 1])
        }
    }

    @Test func replayIsDeterministic() throws {
        let events = F.happyPath()
        #expect(try F.state(events) == F.state(events))
        let folded = try events.dropFirst().reduce(DisputeState(registering: events[0])) { try $0.applying($1) }
        #expect(folded == (try F.state(events)))
    }

    @Test func rejectionAndArchive() throws {
        let s = try F.state([
            F.ev(.registered(F.intake()), F.at(2026, 3, 1)),
            F.ev(.rejected(Rejection(reason: "已起诉", properChannel: "诉讼")), F.at(2026, 3, 2)),
            F.ev(.archived(Archival(caseNumber: CaseNumber(year: 2026, sequence: 1))), F.at(2026, 3, 3)),
        ])
        #expect(s.stage == .archived)
        #expect(s.rejection?.properChannel == "诉讼")
        #expect(!s.isSettled)
    }

    @Test func terminationListsOtherRoutes() throws {
        let s = try F.state(F.accepted() + [
            F.ev(F.session(.failed, F.at(2026, 3, 4)), F.at(2026, 3, 4)),
            F.ev(.terminated(Termination(reason: "分歧大", otherRoutes: [.litigation, .arbitration])), F.at(2026, 3, 5)),
        ])
        #expect(s.stage == .terminated)
        #expect(s.termination?.otherRoutes == [.litigation, .arbitration])
        #expect(s.settledLevel == nil)
    }

    /// Each event kind that is not allowed in a given stage throws `invalid_transition`.
    @Test(arguments: [
        // (prefix length of happy path, offending event)
        (1, "session"), (1, "agreement"), (1, "fulfilled"), (1, "followUp"), (1, "archived"), (1, "terminated"),
        (2, "accepted"), (2, "rejected"), (2, "agreement"), (2, "fulfilled"), (2, "archived"),
        (3, "accepted"), (3, "fulfilled"), (3, "followUp"), (3, "archived"),
        (4, "session"), (4, "terminated"), (4, "followUp"), (4, "archived"), (4, "agreement"),
        (5, "fulfilled"), (5, "archived"), (5, "session"),
        (7, "followUp"), (7, "session"), (7, "riskOverride"), (7, "registered"),
    ])
    func invalidTransitionsThrow(prefix: Int, event: String) throws {
        let s = try F.state(Array(F.happyPath().prefix(prefix)))
        let t = F.at(2026, 5, 1)
        let kinds: [String: DisputeEventKind] = [
            "session": F.session(.succeeded, t), "agreement": F.agreement(t),
            "fulfilled": .fulfilled(Fulfilment(evidence: "x")), "followUp": .followUpVisited(FollowUpVisit(record: "x", satisfied: true)),
            "archived": .archived(Archival(caseNumber: CaseNumber(year: 2026, sequence: 9))),
            "terminated": .terminated(Termination(reason: "x", otherRoutes: [])), "accepted": .accepted(Acceptance()),
            "rejected": .rejected(Rejection(reason: "x", properChannel: "y")), "riskOverride": .riskOverridden(RiskOverride(level: .red, reason: "x")),
            "registered": .registered(F.intake()),
        ]
        do {
            _ = try s.applying(F.ev(kinds[event]!, t))
            Issue.record("expected invalid_transition for \(event) in \(s.stage)")
        } catch {
            #expect(error.code == "invalid_transition")
            #expect(error.messageZh.contains(s.stage.label))
        }
    }

    @Test func firstEventMustBeRegistration() {
        #expect(throws: DomainError.self) { try F.state([F.ev(.accepted(Acceptance()), F.at(2026, 1, 1))]) }
        #expect(throws: DomainError.self) { try F.state([]) }
    }

    @Test func commentsAllowedAfterArchive() throws {
        let s = try F.state(F.happyPath() + [F.ev(.commentAdded(DisputeNote(text: "补充说明")), F.at(2026, 5, 1))])
        #expect(s.notes.count == 1)
        #expect(s.stage == .archived)
    }

    @Test func eventsOfAnotherDisputeAreRefused() throws {
        let s = try F.state(F.accepted())
        #expect(throws: DomainError.self) { try s.applying(F.ev(.accepted(Acceptance()), F.at(2026, 3, 3), dispute: UUID())) }
    }

    @Test func duplicateEventIdsInReplayThrow() throws {
        var events = F.happyPath()
        events[2].id = events[1].id
        #expect(throws: DomainError.self) { try F.state(events) }
    }

    @Test func invalidIntakeRefused() {
        #expect(throws: DomainError.self) { try F.state([F.ev(.registered(F.intake(idNumber: "110105194912310021")), F.at(2026, 1, 1))]) }
    }
}

@Suite struct EscalationEventTests {
    @Test func villageToTownshipToCounty() throws {
        let s = try F.state(F.accepted() + [
            F.ev(F.escalation(.village, .township), F.at(2026, 3, 10)),
            F.ev(F.escalation(.township, .county), F.at(2026, 3, 20)),
            F.ev(F.session(.succeeded, F.at(2026, 3, 25)), F.at(2026, 3, 25)),
            F.ev(F.agreement(F.at(2026, 3, 25)), F.at(2026, 3, 25)),
        ])
        #expect(s.receivedLevel == .village)
        #expect(s.level == .county)
        #expect(s.handlingOrgUnitId == F.county)
        #expect(s.settledLevel == .county)
        #expect(s.isDifficult)
        #expect(s.mediationClockStart == F.at(2026, 3, 20))
    }

    @Test func neverPastCountyNorDownNorFromWrongLevel() throws {
        let atCounty = try F.state(F.accepted() + [F.ev(F.escalation(.village, .county), F.at(2026, 3, 10))])
        #expect(atCounty.level == .county)
        #expect(throws: DomainError.self) { try atCounty.applying(F.ev(F.escalation(.county, .county), F.at(2026, 3, 11))) }
        #expect(throws: DomainError.self) { try atCounty.applying(F.ev(F.escalation(.county, .township), F.at(2026, 3, 11))) }
        let atVillage = try F.state(F.accepted())
        #expect(throws: DomainError.self) { try atVillage.applying(F.ev(F.escalation(.township, .county), F.at(2026, 3, 11))) }
        #expect(throws: DomainError.self) { try atVillage.applying(F.ev(F.escalation(.village, .professional), F.at(2026, 3, 11))) }
    }

    @Test func noEscalationAfterAgreement() throws {
        let s = try F.state(Array(F.happyPath().prefix(4)))
        do {
            _ = try s.applying(F.ev(F.escalation(.village, .township), F.at(2026, 3, 20)))
            Issue.record("expected throw")
        } catch { #expect(error.code == "invalid_transition") }
    }
}

@Suite struct VersioningTests {
    @Test func versionIsEventCount() throws {
        let events = F.happyPath()
        #expect(try F.state(events).version == events.count)
    }

    @Test func appendChecksBaseVersion() throws {
        var h = DisputeHistory()
        let events = F.happyPath()
        #expect(try h.append(events[0], basedOn: 0) == .appended)
        #expect(try h.append(events[1], basedOn: 1) == .appended)
        #expect(h.version == 2)
        do {
            try h.append(events[2], basedOn: 1)
            Issue.record("expected version conflict")
        } catch {
            #expect(error.code == "version_conflict")
        }
        #expect(h.state?.stage == .accepted)
    }

    @Test func retryOfSameEventIsIdempotent() throws {
        var h = try DisputeHistory(events: Array(F.happyPath().prefix(2)))
        let e = F.happyPath()[0]
        var h2 = DisputeHistory()
        try h2.append(e, basedOn: 0)
        #expect(try h2.append(e, basedOn: 0) == .alreadyApplied)
        #expect(h2.version == 1)
        var clash = e
        clash.at = F.at(2030, 1, 1)
        #expect(throws: DomainError.self) { try h2.append(clash, basedOn: 1) }
        #expect(h.version == 2)
        try h.append(F.ev(.commentAdded(DisputeNote(text: "x")), F.at(2026, 3, 3)), basedOn: 2)
        #expect(h.state?.version == 3)
    }

    @Test func failedAppendLeavesHistoryUnchanged() throws {
        var h = try DisputeHistory(events: Array(F.happyPath().prefix(2)))
        let before = h
        #expect(throws: DomainError.self) { try h.append(F.ev(.fulfilled(Fulfilment(evidence: "x")), F.at(2026, 3, 3)), basedOn: 2) }
        #expect(h == before)
    }
}

@Suite struct EventJSONTests {
    @Test func eventsRoundTripWithTypeAndPayload() throws {
        let enc = JSONEncoder()
        enc.dateEncodingStrategy = .iso8601
        enc.outputFormatting = [.sortedKeys]
        let dec = JSONDecoder()
        dec.dateDecodingStrategy = .iso8601
        for e in F.happyPath() {
            let data = try enc.encode(e)
            #expect(try dec.decode(DisputeEvent.self, from: data) == e)
        }
        let json = String(decoding: try enc.encode(F.happyPath()[2]), as: UTF8.self)
        #expect(json.contains("\"type\":\"session_held\""))
        #expect(json.contains("\"payload\":{"))
        #expect(json.contains("\"actorOrgUnitId\""))
        #expect(json.contains("\"outcome\":\"succeeded\""))
    }

    @Test func everyTypeHasALabel() {
        for t in DisputeEventType.allCases { #expect(!t.label.isEmpty) }
        for s in DisputeStage.allCases { #expect(!s.label.isEmpty) }
    }
}

@Suite struct JudicialConfirmationTests {
    @Test func withinThirtyDays() throws {
        let s = try F.state(Array(F.happyPath().prefix(4)) + [
            F.ev(.judicialConfirmationRequested(JudicialConfirmationRequest(court: "磁县人民法院")), F.at(2026, 4, 4, 23, 59)),
            F.ev(.judicialConfirmationDecided(JudicialConfirmationDecision(confirmed: true)), F.at(2026, 4, 10)),
        ])
        #expect(s.judicialConfirmation?.confirmed == true)
    }

    @Test func windowClosesAfterThirtyDays() throws {
        // Effective 2026-03-05; last day 2026-04-04.
        let s = try F.state(Array(F.happyPath().prefix(4)))
        do {
            _ = try s.applying(F.ev(.judicialConfirmationRequested(JudicialConfirmationRequest(court: "法院")), F.at(2026, 4, 5, 0, 0)))
            Issue.record("expected window closed")
        } catch { #expect(error.code == "judicial_confirmation_window_closed") }
    }

    @Test func oralAgreementCannotBeConfirmed() throws {
        let s = try F.state(F.accepted() + [F.ev(F.session(.succeeded, F.at(2026, 3, 3)), F.at(2026, 3, 3)),
                                            F.ev(F.agreement(F.at(2026, 3, 3), form: .oral), F.at(2026, 3, 3))])
        #expect(throws: DomainError.self) {
            try s.applying(F.ev(.judicialConfirmationRequested(JudicialConfirmationRequest(court: "法院")), F.at(2026, 3, 4)))
        }
        #expect(throws: DomainError.self) {
            try s.applying(F.ev(.judicialConfirmationDecided(JudicialConfirmationDecision(confirmed: true)), F.at(2026, 3, 4)))
        }
    }
}
