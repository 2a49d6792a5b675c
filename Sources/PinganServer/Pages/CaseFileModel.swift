import Fluent
import PinganDomain
import Vapor

/// The case file (卷宗, M9): a cover with an index and one printable A4 page per document,
/// all rendered from the dispute's events and state. ID numbers stay masked on paper too.
struct CaseFileModel: Encodable {
    enum Doc: String, CaseIterable {
        case application, rights, investigation, mediation, agreement, followup
    }
    struct IndexRow: Encodable { var no: Int; var doc, title, href, note: String }
    struct SessionPage: Encodable { var no: Int; var time, place, participants, record, outcome: String }
    struct Agreement: Encodable {
        var formLabel, parties, manner, deadline, effective, amount: String
        var facts, responsibilities, terms: [String]
    }

    /// Typed line breaks become paragraphs, each indented on paper.
    static func paragraphs(_ s: String) -> [String] {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    struct Visit: Encodable { var no: Int; var record, satisfied: String }

    var id: UUID
    var doc: String
    var docTitle: String
    var caseNumber: String
    var handlingName: String
    /// The seal on the agreement: a village's or township's people's mediation committee.
    var sealName: String
    var villageName: String
    var categoryLabel, sourceLabel, place, summary, peopleInvolved, amountText: String
    var registeredDate, acceptedDate, agreedDate, closedDate, archivedDate: String
    var stageLabel: String
    var parties: [PartyRow]
    var partyNames: String
    var applicants: String
    var respondents: String
    var index: [IndexRow]
    var sessions: [SessionPage]
    var agreement: Agreement?
    var fulfilment: String
    var fulfilledDate: String
    var visits: [Visit]
    var notes: [String]
    var isApplication: Bool
    var noSessions: Bool

    static func title(_ doc: Doc, source: DisputeSource) -> String {
        switch doc {
        case .application: source == .partyApplication ? "人民调解申请书" : "人民调解受理登记表"
        case .rights: "人民调解权利义务告知书"
        case .investigation: "人民调解调查记录"
        case .mediation: "人民调解记录"
        case .agreement: "人民调解协议书"
        case .followup: "人民调解回访记录"
        }
    }

    static func build(dispute m: DisputeModel, doc: Doc?, on db: Database) async throws -> CaseFileModel {
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
                                  href: "/disputes/\(m.id!)/file/\(d.rawValue)", note: note))
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
}
