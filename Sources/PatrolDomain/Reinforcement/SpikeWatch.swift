import Foundation

/// Watch for incident spikes per grid (P6, 某一时段、某一区域发案大幅上升): a one-sided Poisson CUSUM on
/// each grid's hourly incident counts against the expected count of that hour (``IncidentBaseline``).
///
/// Each hour with count x and in-control mean μ0 adds the log-likelihood ratio of "the rate has
/// risen to μ1" against "it is μ0":
///
///     increment = x · ln(μ1/μ0) − (μ1 − μ0),    S_t = max(0, S_{t−1} + increment)
///
/// and the grid is in alarm once S_t ≥ h. With μ1 = ``designRatio`` · μ0 this is, in counts, a
/// CUSUM of x − k with reference k = ``referenceFactor`` · μ0 and a threshold of
/// h / ln(``designRatio``) ≈ 7.2 incidents above the reference.
///
/// What it can and cannot see. A doubling lasting 3 hours, to be caught within 2 hours while the
/// watch raises no more than one false alert per 4 weeks (in-control ARL ≥ 672 hours), needs the
/// doubled hours to hold many incidents: with h = 5 it is caught in ≥ 90 % of cases only from about
/// μ0 ≈ 15 incidents per hour in the grid (≈ 360 a day; 84 % at 12/h, 30 % at 4/h, 2 % at 1/h).
/// For a rural grid of 0.6 a day (μ0 = 0.025/h) no rule can do it: a doubling adds 0.05 expected
/// incidents in those 2 hours, and the chance of even one incident then is 1 − e^(−0.1) ≈ 9.5 %;
/// a rule that alarms on a single incident would alarm falsely every ~40 hours. There the watch
/// keeps its false-alert promise and reports only sustained rises of several incidents.
/// Designing μ1 larger than 2μ0 does not change this (it trades ARL for speed at the same rate)
/// and a CUSUM on the pooled county count is still only ~0.5 incidents an hour and no longer says
/// which grid spikes. (Figures: SpikeWatchTests, seeded simulation; and a Markov-chain estimate.)
public enum SpikeWatch {
    /// μ1 / μ0 the statistic is tuned for: a doubling of the usual rate, what the command centre
    /// calls "大幅上升". Larger ratios detect faster only where counts are large and raise the
    /// threshold needed at small counts; 2 was the best at the rates where detection is possible.
    public static let designRatio = 2.0

    /// Alarm threshold h on the log-likelihood-ratio statistic. 5.0 keeps the in-control average
    /// run length above 672 hours (one false alert per 4 weeks per grid) at every hourly mean: the
    /// ARL is lowest, ≈ 750–800 h, for means of 4–8 incidents an hour, and grows both ways (rural
    /// grids: thousands of hours, since ~8 incidents are needed in a short span).
    public static let threshold = 5.0

    /// The reference value in counts is k = referenceFactor · μ0 = (μ1 − μ0) / ln(μ1/μ0): an hour
    /// must see more than ≈ 1.44 times its usual count to push the statistic up.
    public static let referenceFactor = (designRatio - 1) / log(designRatio)

    /// The smallest hourly mean used: a guard for a zero, negative or non-finite expectation (the
    /// baseline never gives one below its floors). 0.002/h is the baseline's 0.05/day floor over
    /// a day. With a fixed ratio μ0 only enters through the drift −(μ1 − μ0), so the floor keeps
    /// the statistic draining back to 0 in a quiet grid.
    public static let minimumExpected = 0.002

    /// One grid's watch, persisted between hours (the server stores it per grid).
    public struct State: Sendable, Codable, Equatable {
        /// The CUSUM statistic S_t (0 when the grid is at or below its usual level).
        public private(set) var statistic: Double
        /// When the current alert was raised; nil when the grid is not in alarm.
        public private(set) var alarmSince: Date?
        /// The start of the last hour observed: an hour given again (a repeated delivery) is not counted twice.
        public private(set) var lastHour: Date?

        public init() { statistic = 0; alarmSince = nil; lastHour = nil }

        /// Whether the grid is in alarm (an alert raised and not yet cleared).
        public var inAlarm: Bool { alarmSince != nil }

        /// Adds one hour: `count` incidents in the hour starting `hour`, where `expected` were
        /// expected. Returns `.raised` when this hour starts an alert, `.cleared` when it ends one.
        ///
        /// One alert per spike: while in alarm the statistic is held at h, so more incidents raise
        /// no new alert and do not pile up a statistic that would take days to drain once the
        /// spike is over; the alert clears in the first hour the statistic is back at 0. In control
        /// it drains by about (1 − ln 2) · μ0 ≈ 0.31 μ0 an hour, so clearing takes ≈ h / (0.31 μ0)
        /// usual hours: under an hour at 20/h, ≈ 16 h at 1/h, but weeks in a rural grid of
        /// 0.025/h (a dispatcher's acknowledgement has to close those).
        public mutating func observe(count: Int, expected: Double, at hour: Date) -> SpikeEvent? {
            if let last = lastHour, hour <= last { return nil }
            lastHour = hour
            let mu0 = expected.isFinite ? Swift.max(expected, SpikeWatch.minimumExpected) : SpikeWatch.minimumExpected
            statistic = Swift.max(0, statistic + SpikeWatch.increment(count: Swift.max(0, count), mu0: mu0))
            if inAlarm {
                if statistic <= 0 {
                    alarmSince = nil
                    return .cleared
                }
                statistic = Swift.min(statistic, SpikeWatch.threshold)
                return nil
            }
            guard statistic >= SpikeWatch.threshold else { return nil }
            alarmSince = hour
            statistic = SpikeWatch.threshold
            return .raised
        }
    }

    /// The log-likelihood ratio of one hour's count under μ1 = designRatio · μ0 against μ0.
    public static func increment(count: Int, mu0: Double) -> Double {
        Double(count) * log(designRatio) - (designRatio - 1) * mu0
    }
}
