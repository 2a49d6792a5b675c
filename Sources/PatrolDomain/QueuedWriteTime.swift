import Foundation

/// The time a phone gives a write it queued offline (a tap, a sign-on). It may come minutes or
/// days late and is kept as given; a time after the server's (a phone clock running fast) is
/// taken as now, since a change dated in the future would hide every real change after it.
public enum QueuedWriteTime {
    public static func clamped(_ at: Date?, now: Date) -> Date {
        guard let at, at.timeIntervalSinceReferenceDate.isFinite else { return now }
        return min(at, now)
    }
}
