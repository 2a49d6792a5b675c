import Foundation

/// The three response intervals of incident handling (#10), as NFPA 1710 and Resgrid split them.
public enum ResponseInterval: String, CaseIterable, Codable, Sendable, CodingKeyRepresentable {
    /// Call received (reported) → first unit dispatched (出警).
    case callToDispatch = "call_to_dispatch"
    /// First unit dispatched → first unit on scene (到场).
    case dispatchToScene = "dispatch_to_scene"
    /// Call received → first unit on scene: what the caller waits.
    case callToScene = "call_to_scene"
}

/// What the response report needs of one incident: when it was reported, first dispatched and
/// first on scene (the latter two nil while they have not happened).
public struct ResponseRecord: Sendable, Codable, Hashable {
    public var incidentID: String
    /// The grid the incident lies in (nil when it lies in none: counted overall and by hour only).
    public var gridID: String?
    public var reportedAt: Date
    public var dispatchedAt: Date?
    public var onSceneAt: Date?

    public init(incidentID: String, gridID: String?, reportedAt: Date, dispatchedAt: Date?, onSceneAt: Date?) {
        self.incidentID = incidentID; self.gridID = gridID; self.reportedAt = reportedAt
        self.dispatchedAt = dispatchedAt; self.onSceneAt = onSceneAt
    }

    /// The interval in seconds, or nil when one of its ends is missing or it comes out negative.
    /// A negative interval (on scene before dispatch) is a clock error between systems, a terminal's
    /// clock against the command centre's; it is left out rather than clamped to 0, since a 0 would
    /// pull the median and P90 down as if the response had been instant. `ResponseFigures.negative`
    /// counts what was left out so the report shows the data needs looking at.
    public func seconds(_ interval: ResponseInterval) -> Double? {
        guard let raw = rawSeconds(interval), raw >= 0 else { return nil }
        return raw
    }

    func rawSeconds(_ interval: ResponseInterval) -> Double? {
        switch interval {
        case .callToDispatch: dispatchedAt.map { $0.timeIntervalSince(reportedAt) }
        case .dispatchToScene: dispatchedAt.flatMap { d in onSceneAt.map { $0.timeIntervalSince(d) } }
        case .callToScene: onSceneAt.map { $0.timeIntervalSince(reportedAt) }
        }
    }
}

/// Count, median and 90th percentile of one interval over one group of incidents.
///
/// Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank
/// ⌈p/100 · n⌉ (1-based). That is the fractile reading of NFPA 1710 ("90 % of responses within
/// this time"), and each figure is an interval that really happened rather than an interpolation.
/// The median is the same rule at p = 50 (the lower middle value when n is even), so it too reads
/// "at least half the responses took no longer than this".
public struct ResponseFigures: Sendable, Codable, Hashable {
    /// Incidents with this interval (both ends recorded, not negative).
    public let count: Int
    public let medianSeconds: Double?
    public let p90Seconds: Double?
    /// Incidents left out because the interval came out negative (clock skew).
    public let negative: Int

    /// The figures of `seconds` (any order).
    public init(_ seconds: [Double], negative: Int = 0) {
        let sorted = seconds.sorted()
        count = sorted.count
        medianSeconds = Self.percentile(50, ofSorted: sorted)
        p90Seconds = Self.percentile(90, ofSorted: sorted)
        self.negative = negative
    }

    /// The nearest-rank p-th percentile (0 < p ≤ 100) of ascending `sorted`, nil when empty. The
    /// rank is worked out in integers: in floating point 0.9 × 70 is 63.000…01 and would round up to 64.
    public static func percentile(_ p: Int, ofSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = (p * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// The response report of #10: for each interval the count, median and P90, over all incidents, by
/// grid, and by hour of the day the call came in.
public struct ResponseTimes: Sendable, Codable {
    /// One group's figures, per interval.
    public struct Group: Sendable, Codable, Hashable {
        public let figures: [ResponseInterval: ResponseFigures]
        public let incidents: Int
        public subscript(_ interval: ResponseInterval) -> ResponseFigures { figures[interval]! }
    }

    public struct GridGroup: Sendable, Codable, Hashable {
        public let gridID: String
        public let group: Group
    }

    public struct HourGroup: Sendable, Codable, Hashable {
        /// Hour of the call, 0–23, in `timeZone`.
        public let hour: Int
        public let group: Group
    }

    public let overall: Group
    /// Grids that had incidents, by grid id.
    public let byGrid: [GridGroup]
    /// All 24 hours, an hour without calls with count 0 and no figures.
    public let byHour: [HourGroup]
    /// The time zone hours are read in (its identifier).
    public let timeZone: String

    /// The report over `records`, hours read in `timeZone` (the county's: China Standard Time).
    public static func build(_ records: [ResponseRecord], timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) -> ResponseTimes {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var grids: [String: [ResponseRecord]] = [:]
        var hours = [[ResponseRecord]](repeating: [], count: 24)
        for r in records {
            if let g = r.gridID { grids[g, default: []].append(r) }
            hours[calendar.component(.hour, from: r.reportedAt)].append(r)
        }
        return ResponseTimes(overall: group(records),
                             byGrid: grids.keys.sorted().map { GridGroup(gridID: $0, group: group(grids[$0]!)) },
                             byHour: hours.indices.map { HourGroup(hour: $0, group: group(hours[$0])) },
                             timeZone: timeZone.identifier)
    }

    static func group(_ records: [ResponseRecord]) -> Group {
        var figures: [ResponseInterval: ResponseFigures] = [:]
        for interval in ResponseInterval.allCases {
            var seconds: [Double] = [], negative = 0
            for r in records {
                guard let s = r.rawSeconds(interval) else { continue }
                if s < 0 { negative += 1 } else { seconds.append(s) }
            }
            figures[interval] = ResponseFigures(seconds, negative: negative)
        }
        return Group(figures: figures, incidents: records.count)
    }
}
