/// Storage of payment attempts (the port; PostgresStore implements it).
public protocol PaymentAttemptStore: Sendable {
    /// In one transaction: locks the order (proving `clientToken`, else `order_not_found`),
    /// applies `PaymentStartPolicy`, and returns the open attempt of `draft.mode` or a new
    /// `pending` attempt whose idempotency key is stored before any gateway call.
    func openAttempt(orderID: String, clientToken: String, draft: AttemptDraft) async throws -> AttemptOpening

    /// Applies a fact to the attempt under its row lock (see `PaymentAttempt.applying`) and
    /// re-derives the order's status in the same transaction. `cause` names the trigger
    /// for the audit trail (`api`, `return`, `webhook:<event id>`, `poll`).
    func record(_ update: AttemptUpdate, attemptID: String, cause: SyncCause) async throws -> PaymentAttempt

    /// Stores the payment method of a further confirm and returns that confirm's own
    /// idempotency key (`<attempt key>-confirm-<n>`).
    func beginConfirm(attemptID: String, draft: AttemptDraft) async throws -> String

    /// Counts one declined payment against the order (`MAX_PAYMENT_FAILURES_PER_ORDER`)
    /// and returns its declines so far.
    func countDecline(orderID: String) async throws -> Int

    /// Claims the right to read the attempt at WooshPay now: `false` when any replica read
    /// it less than `minIntervalSeconds` ago, in which case an open attempt is due for a
    /// poll once the interval has passed.
    func claimRead(attemptID: String, minIntervalSeconds: Double) async throws -> Bool

    /// The attempt with this id.
    func attempt(id: String) async throws -> PaymentAttempt?

    /// The attempt holding this WooshPay object (`pi_...` or `cs_...`), if any.
    func attempt(gatewayObjectID: String) async throws -> PaymentAttempt?

    /// Every attempt of an order, oldest first.
    func attempts(orderID: String) async throws -> [PaymentAttempt]

    /// The order, without its token: for workers, never for a browser request.
    func order(id: String) async throws -> Order?

    /// When `attemptID` is a second successful payment of its order, stores (or finds) its
    /// automatic refund, key included, and returns it while it still has to be sent.
    func beginDuplicateRefund(attemptID: String) async throws -> Refund?
}

/// The result of `PaymentAttemptStore.openAttempt`.
public struct AttemptOpening: Sendable {
    /// The order being paid (lines included).
    public var order: Order
    /// The attempt to continue.
    public var attempt: PaymentAttempt
    /// Whether the attempt was created by this call.
    public var created: Bool

    /// Creates the value.
    public init(order: Order, attempt: PaymentAttempt, created: Bool) {
        self.order = order
        self.attempt = attempt
        self.created = created
    }
}

/// A fact learned about an attempt.
public enum AttemptUpdate: Sendable {
    /// The checkout session as WooshPay reported it.
    case checkoutSession(CheckoutSessionSnapshot)
    /// The payment intent as WooshPay reported it.
    case paymentIntent(PaymentIntentSnapshot)
    /// WooshPay refused the call, so nothing exists there: the attempt is closed.
    case refused(code: String, message: String)
    /// The outcome is unknown (timeout, 5xx): keep the status, sync again soon.
    case outcomeUnknown(reason: String)
}
