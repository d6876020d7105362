/// The money rules of a refund, decided from the order's locked state and nothing else:
/// what can still be refunded, and what a report from WooshPay changes.
public enum RefundPolicy {
    /// The amount to reserve for a refund of `amount` (nil: all that remains) of `kept`, the
    /// order's kept payment, of which `held` is refunded or being refunded already; with the
    /// attempt and the payment intent the refund is made on.
    public static func decide(
        kept: PaymentAttempt?, held: Int64, amount: Int64?
    ) throws(DomainError)
        -> (amount: Int64, attempt: PaymentAttempt, paymentIntentID: String)
    {
        guard let kept, let intentID = kept.paymentIntentID else {
            throw DomainError(code: .orderNotRefundable, message: "Only a paid order can be refunded.")
        }
        let available = kept.capturedAmount - held
        guard available > 0 else {
            throw DomainError(
                code: .orderFullyRefunded,
                message: "Everything captured for this order is refunded or being refunded.")
        }
        let refundAmount = amount ?? available
        guard refundAmount <= available else {
            throw DomainError(
                code: .refundExceedsCaptured,
                message: "At most \(available) can still be refunded (captured \(kept.capturedAmount), refunded or pending \(held)).",
                param: "amount")
        }
        return (refundAmount, kept, intentID)
    }
}

extension Refund.Status {
    /// Whether a refund in this status counts against what can still be refunded: every
    /// one not failed or canceled.
    public var holdsCapturedMoney: Bool {
        switch self {
        case .pending, .requiresAction, .succeeded: true
        case .failed, .canceled: false
        }
    }
}

extension Refund {
    /// What a report of `reported` (nil: a status we do not know) does to this refund: a
    /// closed refund never moves, an open one takes the report.
    public func applying(_ reported: Status?) -> RefundChange {
        let after = status.isOpen ? (reported ?? status) : status
        return RefundChange(status: after, changed: after != status)
    }

    /// How much a change to `status` adds to the order's refunded amount: the refund's
    /// amount on its first success if it refunds the order's kept payment (a duplicate
    /// payment's refund returns money the order never kept), else nothing.
    public func refundedIncrease(after change: RefundChange, keptAttemptID: String?) -> Int64 {
        change.changed && change.status == .succeeded && keptAttemptID == attemptID ? amount : 0
    }
}

/// A refund's status after a report, and whether it moved.
public struct RefundChange: Sendable, Equatable {
    /// The status to store.
    public var status: Refund.Status
    /// Whether it differs from the stored one (then the change is audited).
    public var changed: Bool

    /// Creates the value.
    public init(status: Refund.Status, changed: Bool) {
        self.status = status
        self.changed = changed
    }
}
