/// Decides, from an order and its attempts, whether a new payment may start: the rules
/// that keep one order from being charged twice. Pure; the store runs it under the
/// order's row lock.
public enum PaymentStartPolicy {
    /// What to do with a start request.
    public enum Decision: Sendable, Equatable {
        /// No open attempt of this mode: create one.
        case create
        /// Continue this open attempt instead of creating a second charge.
        case reuse(PaymentAttempt)
    }

    /// The decision for starting `mode` on `order`, whose attempts are in creation order.
    /// `now` is epoch seconds; past `maxFailures` declines the order takes no more starts.
    public static func decide(
        order: Order, attempts: [PaymentAttempt], mode: PaymentMode, now: Int64,
        maxFailures: Int = .max
    ) throws(DomainError) -> Decision {
        if order.status.isPaid || attempts.contains(where: { $0.status == .succeeded }) {
            throw DomainError(code: .orderAlreadyPaid, message: "This order is already paid.")
        }
        if order.status == .authorized || attempts.contains(where: { $0.status == .requiresCapture }) {
            throw DomainError(
                code: .paymentAlreadyAuthorized,
                message: "A payment for this order is authorised and waiting for capture.")
        }
        if order.status == .canceled || order.status == .expired || order.expiresAt <= now {
            throw DomainError(
                code: .orderNotPayable,
                message: "This order is \(order.status == .canceled ? "canceled" : "expired") and can no longer be paid.")
        }
        if order.paymentFailures >= maxFailures {
            throw DomainError(
                code: .tooManyAttempts,
                message: "This order has had too many declined payments. Contact the shop to complete it.",
                retryAfterSeconds: 3600)
        }
        if attempts.contains(where: { $0.mode != mode && $0.status.holdsMoney }) {
            throw DomainError(
                code: .paymentInProgress,
                message: "Another payment for this order is being processed; wait for its outcome.")
        }
        if let open = attempts.last(where: { $0.mode == mode && $0.status.isOpen }) {
            return .reuse(open)
        }
        return .create
    }
}
