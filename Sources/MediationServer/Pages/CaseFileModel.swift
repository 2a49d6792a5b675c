import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// The case file (卷宗, M9): a cover with an index and one printable A4 page per document,
/// all rendered from the dispute's events and state. ID numbers stay masked on paper too.
package struct CaseFileModel: Encodable {
    package enum Doc: String, CaseIterable {
        case application, rights, investigation, mediation, agreement, followup
    }
    package struct IndexRow: Encodable { var no: Int; var doc, title, href, note: String }
    package struct SessionPage: Encodable { var no: Int; var time, place, participants, record, outcome: String }
    package struct Agreement: Encodable {
        package var formLabel, parties, manner, deadline, effective, amount: String
        package var facts, responsibilities, terms: [String]

        package init(formLabel: String, parties: String, manner: String, deadline: String, effective: String, amount: String, facts: [String], responsibilities: [String], terms: [String]) {
            self.formLabel = formLabel
            self.parties = parties
            self.manner = manner
            self.deadline = deadline
            self.effective = effective
            self.amount = amount
            self.facts = facts
            self.responsibilities = responsibilities
            self.terms = terms
        }
    }

    /// Typed line breaks become paragraphs, each indented on paper.
    package static func paragraphs(_ s: String) -> [String] {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    package struct Visit: Encodable { var no: Int; var record, satisfied: String }

    package var id: UUID
    package var doc: String
    package var docTitle: String
    package var caseNumber: String
    package var handlingName: String
    /// The seal on the agreement: a village's or township's people's mediation committee.
    package var sealName: String
    package var villageName: String
    package var categoryLabel, sourceLabel, place, summary, peopleInvolved, amountText: String
    package var registeredDate, acceptedDate, agreedDate, closedDate, archivedDate: String
    package var stageLabel: String
    package var parties: [PartyRow]
    package var partyNames: String
    package var applicants: String
    package var respondents: String
    package var index: [IndexRow]
    package var sessions: [SessionPage]
    package var agreement: Agreement?
    package var fulfilment: String
    package var fulfilledDate: String
    package var visits: [Visit]
    package var notes: [String]
    package var isApplication: Bool
    package var noSessions: Bool

    package static func title(_ doc: Doc, source: DisputeSource) -> String {
        switch doc {
        case .application: source == .partyApplication ? "人民调解申请书" : "人民调解受理登记表"
        case .rights: "人民调解权利义务告知书"
        case .investigation: "人民调解调查记录"
        case .mediation: "人民调解记录"
        case .agreement: "人民调解协议书"
        case .followup: "人民调解回访记录"
        }
    }

    package static func build(dispute m: DisputeModel, doc: Doc?, on db: Database) async throws -> CaseFileModel {
        let state = try DisputeStore(db: db).state(of: m)
        let intake = state.intake
        let names = try await NameBook.load(users: [], units: Set([intake.villageId, state.handlingOrgUnitId].compactMap { $0 }), on: db)
        var index: [IndexRow] = []
        for d in Doc.allCases {
            let note: String
            switch d {
            case .mediation: note = state.sessions.isEmpty ? "无" : "\(state.sessions.count) 次"
            case .agreement: note = state.agreement == nil ? "无" : state.agreement!.form.label
            case .followup: note = state.followUps.isEmpty && state.fulfilment == nil ? "无" : "\(state.followUps.count) 次回访"
            case .rights, .application, .investigation: note = ""
            }
            index.append(IndexRow(no: index.count + 1, doc: d.rawValue, title: title(d, source: intake.source),
                                  href: MediationRoutes.caseFileDocPage.link(m.id!, d.rawValue), note: note))
        }
        let a = state.agreement
        return CaseFileModel(
            id: m.id!, doc: doc?.rawValue ?? "cover", docTitle: doc.map { title($0, source: intake.source) } ?? "人民调解卷宗",
            caseNumber: state.caseNumber?.description ?? "（未归档，暂无案号）", handlingName: names.unit(state.handlingOrgUnitId),
            sealName: [.village, .township].contains(state.level) ? names.unit(state.handlingOrgUnitId) + "人民调解委员会" : names.unit(state.handlingOrgUnitId),
            villageName: names.unit(intake.villageId), categoryLabel: intake.category.label + (intake.subcategory.map { "（\($0.name)）" } ?? ""),
            sourceLabel: intake.source.label, place: intake.place, summary: intake.summary, peopleInvolved: String(intake.peopleInvolved),
            amountText: PageFormat.amount(intake.amount), registeredDate: PageFormat.date(state.registeredAt),
            acceptedDate: PageFormat.date(state.acceptedAt), agreedDate: PageFormat.date(state.agreedAt),
            closedDate: PageFormat.date(state.terminatedAt ?? state.fulfilledAt), archivedDate: PageFormat.date(state.archivedAt),
            stageLabel: state.stage.label,
            parties: intake.parties.map(PartyRow.init),
            partyNames: intake.parties.map(\.name).joined(separator: "、"),
            applicants: intake.parties.filter { $0.role == .applicant }.map(\.name).joined(separator: "、"),
            respondents: intake.parties.filter { $0.role == .respondent }.map(\.name).joined(separator: "、"),
            index: index,
            sessions: state.sessions.enumerated().map { i, s in
                SessionPage(no: i + 1, time: PageFormat.dateTime(s.time), place: s.place, participants: s.participants.joined(separator: "、"),
                            record: s.record, outcome: s.outcome.label)
            },
            agreement: a.map { a in
                Agreement(formLabel: a.form.label, parties: a.parties.joined(separator: "、"), manner: a.performanceManner, deadline: PageFormat.date(a.performanceDeadline),
                          effective: PageFormat.date(a.effectiveDate), amount: PageFormat.amount(a.amount),
                          facts: paragraphs(a.facts), responsibilities: paragraphs(a.responsibilities), terms: paragraphs(a.terms))
            },
            fulfilment: state.fulfilment?.evidence ?? "", fulfilledDate: PageFormat.date(state.fulfilledAt),
            visits: state.followUps.enumerated().map { Visit(no: $0 + 1, record: $1.record, satisfied: $1.satisfied ? "满意" : "不满意") },
            notes: state.notes.map { "\($0.kind.label)（\(PageFormat.date($0.at))）：\($0.text)" },
            isApplication: intake.source == .partyApplication, noSessions: state.sessions.isEmpty)
    }

    package init(id: UUID, doc: String, docTitle: String, caseNumber: String, handlingName: String, sealName: String, villageName: String, categoryLabel: String, sourceLabel: String, place: String, summary: String, peopleInvolved: String, amountText: String, registeredDate: String, acceptedDate: String, agreedDate: String, closedDate: String, archivedDate: String, stageLabel: String, parties: [PartyRow], partyNames: String, applicants: String, respondents: String, index: [IndexRow], sessions: [SessionPage], agreement: Agreement? = nil, fulfilment: String, fulfilledDate: String, visits: [Visit], notes: [String], isApplication: Bool, noSessions: Bool) {
        self.id = id
        self.doc = doc
        self.docTitle = docTitle
        self.caseNumber = caseNumber
        self.handlingName = handlingName
        self.sealName = sealName
        self.villageName = villageName
        self.categoryLabel = categoryLabel
        self.sourceLabel = sourceLabel
        self.place = place
        self.summary = summary
        self.peopleInvolved = peopleInvolved
        self.amountText = amountText
        self.registeredDate = registeredDate
        self.acceptedDate = acceptedDate
        self.agreedDate = agreedDate
        self.closedDate = closedDate
        self.archivedDate = archivedDate
        self.stageLabel = stageLabel
        self.parties = parties
        self.partyNames = partyNames
        self.applicants = applicants
        self.respondents = respondents
        self.index = index
        self.sessions = sessions
        self.agreement = agreement
        self.fulfilment = fulfilment
        self.fulfilledDate = fulfilledDate
        self.visits = visits
        self.notes = notes
        self.isApplication = isApplication
        self.noSessions = noSessions
    }
}
