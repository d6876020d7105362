/// Whether a merchant's cancel may close an order, decided under the order's lock once
/// WooshPay has been asked to cancel what was open.
public enum CancelPolicy {
    /// What a cancel does.
    public enum Decision: Sendable, Equatable {
        /// The order is canceled already: nothing changes (a repeated cancel).
        case alreadyCanceled
        /// Cancel it, giving its reserved stock back if it holds any.
        case cancel(releaseStock: Bool, event: AuditEvent)
    }

    /// The decision for an order in `status` (nil: no such order) with `attempts`.
    public static func decide(status: OrderStatus?, attempts: [PaymentAttempt], stockReserved: Bool) throws(DomainError) -> Decision {
        guard let status else { throw DomainError.orderNotFound }
        if status == .canceled { return .alreadyCanceled }
        if status.isPaid || attempts.contains(where: { $0.status == .succeeded }) { throw DomainError.orderPaidRefundInstead }
        guard status != .expired else {
            throw DomainError(code: .orderExpired, message: "The order has expired; its stock is already released.")
        }
        guard !attempts.contains(where: { $0.status.isOpen }) else {
            throw DomainError(
                code: .orderNotCancelable,
                message: "A payment of this order is still open at WooshPay; try again shortly.")
        }
        return .cancel(releaseStock: stockReserved, event: .orderCanceled(from: status, stockReleased: stockReserved))
    }
}

/// When an unpaid order expires: past its expiry, in a status that still waits for
/// payment, with no attempt open at WooshPay (the customer may be paying right now).
public enum OrderExpiry {
    /// The statuses an order can expire from.
    public static let expirable: [OrderStatus] = [.awaitingPayment, .paymentFailed, .requiresAction]

    /// What expiry does to an order in `status`.
    public enum Decision: Sendable, Equatable {
        /// Leave it.
        case keep
        /// Expire it, giving its reserved stock back if it holds any.
        case expire(releaseStock: Bool, event: AuditEvent)
    }

    /// The decision, taken under the order's lock.
    public static func decide(status: OrderStatus, pastExpiry: Bool, hasOpenAttempt: Bool, stockReserved: Bool) -> Decision {
        guard expirable.contains(status), pastExpiry, !hasOpenAttempt else { return .keep }
        return .expire(releaseStock: stockReserved, event: .orderExpired(from: status, stockReleased: stockReserved))
    }
}
