/// What recording an update did to an attempt, and what the order's ledger must write for
/// it: the attempt's status change and a new review flag are audited, and a new flag is
/// put on the order too.
public struct AttemptChange: Sendable, Equatable {
    /// The attempt as it was.
    public var before: PaymentAttempt
    /// The attempt as it is now (`before.applying(update)`).
    public var after: PaymentAttempt

    /// Creates the change of `before` learning `update`.
    public init(_ before: PaymentAttempt, learning update: AttemptUpdate) {
        self.before = before
        self.after = before.applying(update)
    }

    /// The review reason the order takes, when the attempt gained a new one.
    public var flagsOrder: String? {
        guard let reason = after.reviewReason, reason != before.reviewReason else { return nil }
        return reason
    }

    /// The audit events, in the order they are written.
    public var events: [AuditEvent] {
        var events: [AuditEvent] = []
        if after.status != before.status {
            events.append(.paymentChanged(attemptID: after.id, from: before.status, to: after.status, gatewayStatus: after.gatewayStatus))
        }
        if let reason = flagsOrder { events.append(.orderNeedsReview(attemptID: after.id, reason: reason)) }
        return events
    }
}
