/// The poller's work queue (the port; PostgresStore implements it). Attempts are claimed
/// with a lease, so any number of replicas can poll one database and no attempt is synced
/// by two of them at once; a claim costs O(due attempts), never O(all orders).
public protocol SyncQueue: Sendable {
    /// Leases up to `limit` open attempts whose `next_sync_at` has passed and that nobody
    /// else holds, to `owner` for `leaseSeconds`, oldest due first.
    func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [ClaimedSync]

    /// Extends the leases `owner` still holds among `attemptIDs` (a slow WooshPay must not
    /// let another replica claim an attempt this one is still syncing).
    func renewLeases(attemptIDs: [String], owner: String, leaseSeconds: Int) async throws

    /// Counts one sync of the attempt, sets its next sync `afterSeconds` from now (never
    /// when `nil` or when the attempt is closed) and releases `owner`'s lease. Does nothing
    /// when the lease was lost to another owner meanwhile.
    func reschedule(attemptID: String, owner: String, afterSeconds: Int64?) async throws

    /// Gives back leases without counting a sync (graceful shutdown), so another replica
    /// takes the attempts over at once.
    func release(attemptIDs: [String], owner: String) async throws

    /// Marks the order for an operator with `reason`; `true` when it was not flagged yet
    /// (the audit trail gets one `order.needs_review` event, not one per poll).
    @discardableResult
    func flagReview(orderID: String, attemptID: String, reason: String) async throws -> Bool

    /// Expires up to `limit` unpaid orders past their expiry that have no open attempt:
    /// status `expired`, reserved stock released exactly once, an `order.expired` event
    /// with cause `poll`. Returns their ids.
    func expireOrders(limit: Int) async throws -> [String]

    /// Releases the reserved stock of up to `limit` unpaid orders whose `STOCK_HOLD` has
    /// lapsed and that have no payment holding it (an open checkout session, a payment
    /// waiting for the customer or the bank, an unknown outcome): an `order.stock_released`
    /// event with cause `poll`. The orders stay payable. Returns their ids.
    func releaseLapsedStock(limit: Int) async throws -> [String]
}

/// An attempt leased to one poller, with what the give-up rule needs about its order.
public struct ClaimedSync: Sendable, Equatable {
    /// `pay_...`.
    public var attemptID: String
    /// The order it pays.
    public var orderID: String
    /// Which flow.
    public var mode: PaymentMode
    /// The attempt's status when claimed (the sync learns the current one).
    public var status: AttemptStatus
    /// Syncs already counted for it (the index into the schedule).
    public var syncAttempts: Int
    /// When the attempt started, epoch seconds.
    public var createdAt: Int64
    /// The order's status when claimed.
    public var orderStatus: OrderStatus
    /// When the order stops accepting payment, epoch seconds.
    public var orderExpiresAt: Int64
    /// The database's clock at the claim, epoch seconds (one clock for every replica).
    public var now: Int64

    /// Creates the value.
    public init(
        attemptID: String, orderID: String, mode: PaymentMode, status: AttemptStatus, syncAttempts: Int,
        createdAt: Int64, orderStatus: OrderStatus, orderExpiresAt: Int64, now: Int64
    ) {
        self.attemptID = attemptID
        self.orderID = orderID
        self.mode = mode
        self.status = status
        self.syncAttempts = syncAttempts
        self.createdAt = createdAt
        self.orderStatus = orderStatus
        self.orderExpiresAt = orderExpiresAt
        self.now = now
    }

    /// Whether the order can no longer be paid: past its expiry, or already closed
    /// (expired or canceled) while this attempt is still open at WooshPay.
    public var orderGivenUp: Bool {
        orderExpiresAt <= now || orderStatus == .expired || orderStatus == .canceled
    }
}
