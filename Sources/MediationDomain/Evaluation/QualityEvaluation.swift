import Foundation

/// What one handled dispute says about the quality of the work (M12). No field counts entries:
/// a case adds to the denominator as much as it can add to the numerator, so more entries
/// never raise a rating by themselves.
public struct CaseQuality: Hashable, Sendable {
    /// 疑难纠纷 (`DisputeState.isDifficult`): weighs more, both ways.
    public var difficult: Bool
    /// An agreement was reached.
    public var settled: Bool
    /// Performance of the agreement is evidenced.
    public var performed: Bool
    /// A follow-up visit found the matter closed (the party satisfied).
    public var followUpClosed: Bool
    /// The parties came back within the recurrence window after the agreement (`RecurrenceRule`).
    public var recurred: Bool

    public init(difficult: Bool, settled: Bool, performed: Bool, followUpClosed: Bool, recurred: Bool) {
        self.difficult = difficult; self.settled = settled; self.performed = performed
        self.followUpClosed = followUpClosed; self.recurred = recurred
    }
}

/// The weights and thresholds of the rating; the README states them and settings change them.
public struct EvaluationRule: Hashable, Sendable, Codable {
    /// Weight of a difficult case (a plain one weighs 1).
    public var difficultWeight: Double = 2
    public var settledPoints: Double = 1
    public var performedPoints: Double = 1
    public var followUpPoints: Double = 0.5
    /// Taken off when the dispute came back; a case never goes below zero.
    public var recurrencePenalty: Double = 1.5
    /// Candidates (金牌调解员, 品牌调解室) need at least this quality index (0–1)…
    public var candidateMinimumIndex: Double = 0.8
    /// …and at least this many concluded cases, so one lucky case is not a rating. This is a
    /// floor for a meaningful rate, not a quota: above it, more cases earn nothing.
    public var candidateMinimumCases: Int = 5
    /// Days after the agreement within which a return of the parties is a recurrence (`RecurrenceRule`).
    public var recurrenceDays: Int = RecurrenceRule.defaultDays

    public init() {}

    public init(candidateMinimumIndex: Double, candidateMinimumCases: Int, recurrenceDays: Int) {
        self.candidateMinimumIndex = candidateMinimumIndex
        self.candidateMinimumCases = candidateMinimumCases
        self.recurrenceDays = recurrenceDays
    }

    /// The county's one definition of recurrence, the same as "settled"'s top tier.
    public var recurrence: RecurrenceRule { RecurrenceRule(days: recurrenceDays) }

    public var maximumPoints: Double { settledPoints + performedPoints + followUpPoints }

    public func weight(_ c: CaseQuality) -> Double { c.difficult ? difficultWeight : 1 }

    public func points(_ c: CaseQuality) -> Double {
        var p = 0.0
        if c.settled { p += settledPoints }
        if c.performed { p += performedPoints }
        if c.followUpClosed { p += followUpPoints }
        if c.recurred { p -= recurrencePenalty }
        return max(0, p)
    }

    /// The rating of one mediator's or committee's cases.
    public func rate(_ cases: [CaseQuality]) -> QualityRating {
        let weighted = cases.reduce(0) { $0 + weight($1) }
        let earned = cases.reduce(0) { $0 + weight($1) * points($1) }
        let index = weighted > 0 ? earned / (weighted * maximumPoints) : 0
        return QualityRating(index: index, cases: cases.count, difficult: cases.filter(\.difficult).count,
                             settledAndPerformed: cases.filter { $0.settled && $0.performed }.count,
                             difficultSettledAndPerformed: cases.filter { $0.difficult && $0.settled && $0.performed }.count,
                             followUpsClosed: cases.filter(\.followUpClosed).count, recurrences: cases.filter(\.recurred).count)
    }

    /// Whether a rating makes a candidate, and the reasons shown beside it (or why not).
    public func candidacy(_ r: QualityRating) -> (candidate: Bool, reasons: [String]) {
        var reasons = [String(format: "质量指数 %.1f%%（按难度加权的调解成功、履行、回访结果，扣除复发）", r.index * 100)]
        reasons.append("调解成功并履行 \(r.settledAndPerformed) 件，其中疑难纠纷 \(r.difficultSettledAndPerformed) 件")
        reasons.append("回访确认化解 \(r.followUpsClosed) 件")
        reasons.append(r.recurrences == 0 ? "调解后\(recurrenceDays)日内无复发" : "调解后\(recurrenceDays)日内复发 \(r.recurrences) 件")
        var candidate = true
        if r.cases < candidateMinimumCases {
            candidate = false
            reasons.append("已办结 \(r.cases) 件，不足 \(candidateMinimumCases) 件，质量指数尚不稳定")
        }
        if r.index < candidateMinimumIndex {
            candidate = false
            reasons.append(String(format: "质量指数未达 %.0f%%", candidateMinimumIndex * 100))
        }
        return (candidate, reasons)
    }

    /// The order ratings are listed in: quality first, then the share of difficult cases, then the
    /// name. The number of cases is never a key.
    public func ordered<T>(_ items: [T], rating: (T) -> QualityRating, name: (T) -> String) -> [T] {
        items.sorted { a, b in
            let ra = rating(a), rb = rating(b)
            if ra.index != rb.index { return ra.index > rb.index }
            if ra.difficultShare != rb.difficultShare { return ra.difficultShare > rb.difficultShare }
            return name(a) < name(b)
        }
    }
}

/// A mediator's or committee's rating: a quality index between 0 and 1 and the facts behind it.
public struct QualityRating: Hashable, Sendable, Codable {
    public var index: Double
    /// Concluded cases rated (shown for context; never a ranking key).
    public var cases: Int
    public var difficult: Int
    public var settledAndPerformed: Int
    public var difficultSettledAndPerformed: Int
    public var followUpsClosed: Int
    public var recurrences: Int

    public var difficultShare: Double { cases > 0 ? Double(difficult) / Double(cases) : 0 }
}

extension CaseQuality {
    /// The case as the rating sees it, or nil when it is not yet (or never) rateable: refused or
    /// not accepted, or still being mediated within its time limit. An open case past its limit
    /// counts as unsettled, so leaving cases open does not protect a rating.
    public static func of(_ state: DisputeState, recurred: Bool, clock: LegalClock, now: Date) -> CaseQuality? {
        let entry = LedgerEntry(state: state, clock: clock, now: now)
        switch entry.timeliness {
        case .notRunning, .running: return nil
        case .concludedInTime, .concludedLate, .overdue: break
        }
        return CaseQuality(difficult: state.isDifficult, settled: state.isSettled, performed: state.fulfilment != nil,
                           followUpClosed: state.followUps.contains(where: \.satisfied), recurred: state.isSettled && recurred)
    }

    /// The mediators a case is credited to: those assigned as mediator (by user id when known).
    public static func mediators(of state: DisputeState) -> [(key: String, name: String)] {
        var seen = Set<String>()
        var out: [(key: String, name: String)] = []
        for a in state.assignments where a.role == .mediator {
            let key = a.userId?.uuidString ?? "name:" + a.name
            if seen.insert(key).inserted { out.append((key, a.name)) }
        }
        return out
    }
}
