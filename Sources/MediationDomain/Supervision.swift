import Foundation
import PinganDomain

/// A supervision order (督办) from a higher unit, with a deadline (M8, M6).
/// Also the payload of the `supervisionOrdered` event.
public struct SupervisionOrder: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var disputeId: UUID?
    public var issuedByOrgUnitId: UUID
    /// The unit that must act; named in the accountability record when it misses the deadline.
    public var assigneeOrgUnitId: UUID
    public var instruction: String
    public var issuedAt: Date
    public var deadline: Date
    /// When the assignee answered; set when a `supervisionAnswered` event is applied.
    public var answeredAt: Date?
    public var reply: String?

    public init(id: UUID, disputeId: UUID? = nil, issuedByOrgUnitId: UUID, assigneeOrgUnitId: UUID,
                instruction: String, issuedAt: Date, deadline: Date, answeredAt: Date? = nil, reply: String? = nil) {
        self.id = id
        self.disputeId = disputeId
        self.issuedByOrgUnitId = issuedByOrgUnitId
        self.assigneeOrgUnitId = assigneeOrgUnitId
        self.instruction = instruction
        self.issuedAt = issuedAt
        self.deadline = deadline
        self.answeredAt = answeredAt
        self.reply = reply
    }

    /// The accountability record (责任追究) due at `now`, if the deadline was missed:
    /// no answer and `now >= deadline`, or an answer after the deadline.
    public func accountability(at now: Date) -> AccountabilityRecord? {
        if let answeredAt {
            guard answeredAt > deadline else { return nil }
            return AccountabilityRecord(order: self, detectedAt: answeredAt, reason: "督办事项逾期回复")
        }
        guard now >= deadline else { return nil }
        return AccountabilityRecord(order: self, detectedAt: now, reason: "督办事项逾期未办结")
    }
}

/// A record for accountability (调解责任追究): a unit missed a supervision deadline.
public struct AccountabilityRecord: Hashable, Codable, Sendable {
    public var supervisionOrderId: UUID
    public var disputeId: UUID?
    /// The unit held responsible.
    public var responsibleOrgUnitId: UUID
    public var issuedByOrgUnitId: UUID
    public var deadline: Date
    public var detectedAt: Date
    /// Chinese reason.
    public var reason: String

    public init(order: SupervisionOrder, detectedAt: Date, reason: String) {
        supervisionOrderId = order.id
        disputeId = order.disputeId
        responsibleOrgUnitId = order.assigneeOrgUnitId
        issuedByOrgUnitId = order.issuedByOrgUnitId
        deadline = order.deadline
        self.detectedAt = detectedAt
        self.reason = reason
    }

    /// All records due at `now` for `orders`, in order.
    public static func due(for orders: [SupervisionOrder], at now: Date) -> [AccountabilityRecord] {
        orders.compactMap { $0.accountability(at: now) }
    }
}
