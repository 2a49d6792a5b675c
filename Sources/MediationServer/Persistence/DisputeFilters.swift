import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain

/// The board's groups as query filters. The board's lists and the dispute list its links open
/// both use these, so "查看全部" shows exactly the disputes the board counted.
extension QueryBuilder where Model == DisputeModel {
    /// Still being worked on (registered, accepted, mediating).
    @discardableResult
    package func open() -> Self { filter(\.$stage ~~ DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)) }

    /// Not archived and past its nearest deadline at `now`.
    @discardableResult
    package func overdue(at now: Date) -> Self {
        filter(\.$stage != DisputeStage.archived.rawValue).filter(\.$deadlineAt <= now)
    }

    /// Not archived, deadline after `now` and in its warning period: `LegalClock.status` would
    /// say "warning", counted in calendar days like the detail page (`warningCutoff`).
    @discardableResult
    package func dueSoon(at now: Date, limits: TimeLimits = .default) -> Self {
        filter(\.$stage != DisputeStage.archived.rawValue).filter(\.$deadlineAt > now)
            .filter(\.$deadlineAt < LegalClock(limits: limits).warningCutoff(at: now))
    }
}
