/// What the merchant operations (refunds, capture, cancel) need from storage. Every method
/// that decides about money runs under the order's row lock, so concurrent requests are
/// decided one after the other.
public protocol OperationsStore: Sendable {
    /// Reserves a refund of the order's kept payment: `amount` (nil: all that remains)
    /// must fit in what was captured minus every refund not failed or canceled. Writes the
    /// refund (`pending`, with its idempotency key) and a `refund.requested` audit event
    /// before any call to WooshPay. Throws `DomainError` (`order_not_found`,
    /// `order_not_refundable`, `order_fully_refunded`, `refund_exceeds_captured`).
    /// With a `requestKey` (the caller's `Idempotency-Key`, scoped to the caller), the
    /// refund an earlier run of the same request made is returned as it is now, and none
    /// is written: the re-run after a dead owner continues it.
    func beginRefund(
        orderID: String, amount: Int64?, reason: Refund.Reason, cause: SyncCause,
        requestKey: String?
    ) async throws -> Refund
    /// Applies what WooshPay says of a refund: a final status never moves again; the first
    /// success of a refund of the kept payment adds to the order's refunded amount; the
    /// order's status is re-derived. Audited with `cause`.
    @discardableResult
    func recordRefund(id: String, _ snapshot: RefundSnapshot, cause: SyncCause) async throws -> Refund
    /// Marks a refund WooshPay refused to create as `failed` (nothing was refunded).
    @discardableResult
    func failRefund(id: String, reason: String, cause: SyncCause) async throws -> Refund
    /// A refund by our id.
    func refund(id: String) async throws -> Refund?
    /// A refund by WooshPay's id (`re_...`).
    func refund(gatewayRefundID: String) async throws -> Refund?
    /// Records a refund made at WooshPay that we did not ask for (the dashboard), on the
    /// attempt holding its payment intent; `nil` when no attempt of ours holds it. Returns
    /// the existing refund when already recorded.
    func recordForeignRefund(_ snapshot: RefundSnapshot, cause: SyncCause) async throws -> Refund?
    /// Every refund of an order, oldest first.
    func refunds(orderID: String) async throws -> [Refund]
    /// Appends to the order's audit trail.
    func audit(orderID: String, _ event: AuditEvent, cause: SyncCause) async throws
    /// The `attempt` of the order's latest audit event of `type` whose `request` is
    /// `request` (an operation's caller-scoped Idempotency-Key), if any.
    func requestedAttempt(orderID: String, type: String, request: String) async throws -> String?
    /// Cancels an unpaid order once its attempts are closed: status `canceled`, reserved
    /// stock released, audited. Throws `order_not_cancelable` when an attempt holds money
    /// or is still open (the caller syncs and retries), `order_already_paid` when paid.
    /// A second call on a canceled order changes nothing and returns `false`.
    @discardableResult
    func finishCancel(orderID: String, cause: SyncCause) async throws -> Bool
    /// Authorised payments whose authorisation (about 7 days) lapses within `seconds`.
    func lapsingAuthorizations(withinSeconds: Int64) async throws -> [LapsingAuthorization]
}

/// A manual-capture payment waiting for capture, and when its authorisation lapses.
public struct LapsingAuthorization: Sendable, Hashable {
    /// The order.
    public var orderID: String
    /// The authorised attempt.
    public var attemptID: String
    /// Capturable amount in minor units.
    public var amountCapturable: Int64
    /// ISO 4217.
    public var currency: String
    /// Epoch seconds when it was authorised.
    public var authorizedAt: Int64
    /// Epoch seconds when it lapses (authorised + 7 days).
    public var lapsesAt: Int64

    /// Creates the value.
    public init(orderID: String, attemptID: String, amountCapturable: Int64, currency: String, authorizedAt: Int64, lapsesAt: Int64) {
        self.orderID = orderID
        self.attemptID = attemptID
        self.amountCapturable = amountCapturable
        self.currency = currency
        self.authorizedAt = authorizedAt
        self.lapsesAt = lapsesAt
    }
}
