import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// One integrity warning of the county report, naming the units and records involved.
package struct IntegrityWarningDTO: Codable, Sendable {
    package struct Unit: Codable, Sendable {
        package var id: UUID
        package var name: String
    }
    package struct Record: Codable, Sendable {
        package var id: UUID
        package var summary: String
        package var caseNumber: String?
    }
    package var kind: String
    package var label: String
    package var detail: String
    package var units: [Unit]
    package var disputes: [Record]
}

/// The integrity warnings of a scope and period (issue #12). Response times without GPS evidence
/// are not checked: mediation records no response times (README).
struct IntegrityChecks {
    let db: Database
    var thresholds: IntegrityThresholds
    var now: Date

    /// At most this many records are named per warning; the detail says how many there are.
    static let namedRecords = 100

    struct Row {
        var model: DisputeModel
        var id: UUID { model.id! }
    }

    func warnings(_ scope: CountyScope) async throws -> [IntegrityWarningDTO] {
        let rows = try await scope.disputes(on: db)
            .field(\.$id).field(\.$summary).field(\.$caseNumber).field(\.$townshipID).field(\.$villageID).field(\.$registeredAt)
            .field(\.$agreedAt).field(\.$settledLevel).field(\.$fingerprint).field(\.$massRisk).field(\.$source).field(\.$channel)
            .sort(\.$registeredAt).sort(\.$id).all()
        var out = try await byUnit(rows, scope: scope)
        out += nearIdentical(rows)
        out += try await unsupportedClaims(rows)
        out += try await missingScreening(scope)
        return out
    }

    private func record(_ m: DisputeModel) -> IntegrityWarningDTO.Record {
        .init(id: m.id!, summary: m.summary, caseNumber: m.caseNumber)
    }

    /// Success rates near 100% and same-day settlements, judged for the scope and for each
    /// township and village in it: a pattern in one village hides in a county's total.
    private func byUnit(_ rows: [DisputeModel], scope: CountyScope) async throws -> [IntegrityWarningDTO] {
        var groups: [UUID: [DisputeModel]] = [try scope.unit.requireID(): rows]
        for m in rows {
            if let t = m.townshipID, t != scope.unit.id { groups[t, default: []].append(m) }
            if let v = m.villageID, v != scope.unit.id { groups[v, default: []].append(m) }
        }
        // Only units inside the scope: a village's township would repeat the village's warnings.
        let units = try await OrgUnitModel.query(on: db).filter(\.$id ~~ Array(groups.keys)).all()
            .filter { $0.path.hasPrefix(scope.unit.path) }
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        groups = groups.filter { names[$0.key] != nil }
        var out: [IntegrityWarningDTO] = []
        for (unitID, ms) in groups.sorted(by: { ($0.value.count, $1.key.uuidString) > ($1.value.count, $0.key.uuidString) }) {
            let unit = IntegrityWarningDTO.Unit(id: unitID, name: names[unitID] ?? "")
            let settled = ms.filter { $0.settledLevel != nil }
            if IntegrityRules.rateNearHundred(received: ms.count, settled: settled.count, thresholds) {
                let rate = String(format: "%.1f%%", Double(settled.count) / Double(ms.count) * 100)
                let unsettled = ms.filter { $0.settledLevel == nil }
                out.append(.init(kind: IntegrityWarningKind.rateNearHundred.rawValue, label: IntegrityWarningKind.rateNearHundred.label,
                                 detail: "\(unit.name)受理 \(ms.count) 件，调解成功 \(settled.count) 件，成功率 \(rate)；列出未成功的 \(unsettled.count) 件",
                                 units: [unit], disputes: unsettled.prefix(Self.namedRecords).map(record)))
            }
            let sameDay = settled.filter { m in m.agreedAt.map { IntegrityRules.sameDay($0, m.registeredAt) } ?? false }
            if IntegrityRules.sameDayFlagged(settled: settled.count, sameDay: sameDay.count, thresholds) {
                out.append(.init(kind: IntegrityWarningKind.sameDayClosures.rawValue, label: IntegrityWarningKind.sameDayClosures.label,
                                 detail: "\(unit.name)调解成功 \(settled.count) 件，其中 \(sameDay.count) 件当日受理当日达成协议",
                                 units: [unit], disputes: sameDay.prefix(Self.namedRecords).map(record)))
            }
        }
        return out
    }

    /// Groups of disputes whose description fingerprints lie within the threshold's bits.
    private func nearIdentical(_ rows: [DisputeModel]) -> [IntegrityWarningDTO] {
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id!.uuidString, $0) })
        let items = rows.compactMap { m in m.fingerprint.map { (m.id!.uuidString, TextFingerprint.loaded($0)) } }
        return TextFingerprint.nearDuplicates(items, maxDistance: thresholds.textDistance).map { group in
            let ms = group.compactMap { byID[$0] }
            return .init(kind: IntegrityWarningKind.nearIdenticalTexts.rawValue, label: IntegrityWarningKind.nearIdenticalTexts.label,
                         detail: "\(ms.count) 件纠纷的简要情况几乎相同：\(String(ms[0].summary.prefix(40)))",
                         units: [], disputes: ms.prefix(Self.namedRecords).map(record))
        }
    }

    /// "Mass incident prevented" counted for a dispute with no major-dispute report (a 30+-people
    /// dispute must be reported), and "petition resolved" counted by the channel alone, with no
    /// petition referral behind it.
    private func unsupportedClaims(_ rows: [DisputeModel]) async throws -> [IntegrityWarningDTO] {
        let prevented = rows.filter { $0.settledLevel != nil && $0.massRisk }
        var reported = Set<UUID>()
        for chunk in prevented.map(\.id!).chunked(500) {
            reported.formUnion(try await MajorReportModel.query(on: db).filter(\.$disputeID ~~ chunk).all().map(\.disputeID))
        }
        let unreported = prevented.filter { !reported.contains($0.id!) }
        let petitions = rows.filter {
            $0.settledLevel != nil && $0.channel == MediationChannel.petitionLinked.rawValue && $0.source != DisputeSource.petitionReferral.rawValue
        }
        var out: [IntegrityWarningDTO] = []
        let kind = IntegrityWarningKind.unsupportedClaims
        if !unreported.isEmpty {
            out.append(.init(kind: kind.rawValue, label: kind.label,
                             detail: "计为“防止群体性事件”的 \(unreported.count) 件没有重大纠纷报告", units: [],
                             disputes: unreported.prefix(Self.namedRecords).map(record)))
        }
        if !petitions.isEmpty {
            out.append(.init(kind: kind.rawValue, label: kind.label,
                             detail: "计为“化解上访案件”的 \(petitions.count) 件只有访调对接渠道，没有信访转办来源", units: [],
                             disputes: petitions.prefix(Self.namedRecords).map(record)))
        }
        return out
    }

    /// Villages and communities of the scope without a screening report for a month of the
    /// period (the last due month when no period is given; at most the last 12 due months).
    private func missingScreening(_ scope: CountyScope) async throws -> [IntegrityWarningDTO] {
        let calendar = PinganCalendar.shanghai
        let due = ScreeningCompliance.dueMonth(at: now, calendar: calendar)
        let last = min(scope.to.map { YearMonth($0, in: calendar) } ?? due, due)
        var first = scope.from.map { YearMonth($0, in: calendar) } ?? last
        var months: [YearMonth] = []
        while first <= last, months.count < 24 { months.append(first); first = first.adding(months: 1) }
        months = Array(months.suffix(12))
        guard !months.isEmpty else { return [] }
        let villages = try await OrgUnitModel.query(on: db).filter(\.$path =~ scope.unit.path)
            .filter(\.$kind ~~ ScreeningReportController.reportingKinds).sort(\.$code).all()
        guard !villages.isEmpty else { return [] }
        let reports = try await ScreeningReportModel.query(on: db).filter(\.$villagePath =~ scope.unit.path)
            .filter(\.$month ~~ months.map(\.description)).all()
        var out: [IntegrityWarningDTO] = []
        let byID = Dictionary(uniqueKeysWithValues: villages.map { ($0.id!, $0) })
        for m in months {
            let these = reports.filter { $0.month == m.description }
                .map { ScreeningReport(id: $0.id!, month: m, villageId: $0.villageID, foundCount: $0.foundCount, submittedAt: $0.submittedAt) }
            let missing = ScreeningCompliance.missing(villages: villages.compactMap(\.id), reports: these, month: m)
            guard !missing.isEmpty else { continue }
            let kind = IntegrityWarningKind.missingScreening
            out.append(.init(kind: kind.rawValue, label: kind.label,
                             detail: "\(m.description) 共 \(villages.count) 个村（居），\(missing.count) 个未报月度排查",
                             units: missing.compactMap { byID[$0] }.map { .init(id: $0.id!, name: $0.name) }, disputes: []))
        }
        return out
    }
}

extension Settings {
    /// The integrity warnings' thresholds as the settings give them.
    var integrityThresholds: IntegrityThresholds {
        var t = IntegrityThresholds()
        t.successRate = Double(integritySuccessPercent) / 100
        t.minimumReceived = integrityMinimumReceived
        t.sameDayShare = Double(integritySameDayPercent) / 100
        t.textDistance = integrityTextBits
        return t
    }
}
