/// What the merchant's other systems are told about an order: an event written in the
/// same transaction as the change it reports (the transactional outbox), delivered to the
/// configured endpoints as a signed webhook, and streamed to the storefront's page.
public struct OrderNotification: Sendable, Equatable {
    /// The kinds of notification.
    public enum Kind: String, Sendable, CaseIterable {
        case paid = "order.paid"
        case paymentFailed = "order.payment_failed"
        case authorized = "order.authorized"
        /// Any refund: the payload's `refunded_amount` and `status` say how much.
        case refunded = "order.refunded"
        case canceled = "order.canceled"
        case expired = "order.expired"
        case needsReview = "order.needs_review"
        /// A customer's bank disputed the payment (a chargeback): money was withdrawn.
        case disputed = "order.disputed"
        /// A dispute was decided (won: money back; lost or accepted: gone).
        case disputeClosed = "order.dispute_closed"
        // Which audit events announce which kind: `AuditEvent.notification`.
    }

    /// Delivery state.
    public enum Status: String, Sendable, CaseIterable {
        /// Not yet answered 2xx by every endpoint; retried with back-off.
        case pending
        /// Every endpoint answered 2xx.
        case delivered
        /// Retries exhausted; an admin replay sends it again.
        case failed
    }

    /// One endpoint's record of a notification.
    public struct Delivery: Sendable, Equatable {
        /// The endpoint.
        public var url: String
        /// Tries so far.
        public var attempts: Int
        /// HTTP status of the last try; `nil` when nothing answered.
        public var lastStatus: Int?
        /// Why the last try failed (transport error), if it did.
        public var lastError: String?
        /// When it answered 2xx, epoch seconds.
        public var deliveredAt: Int64?

        /// Creates the record.
        public init(url: String, attempts: Int, lastStatus: Int?, lastError: String?, deliveredAt: Int64?) {
            self.url = url
            self.attempts = attempts
            self.lastStatus = lastStatus
            self.lastError = lastError
            self.deliveredAt = deliveredAt
        }
    }

    /// `evt_...`.
    public var id: String
    /// Creation order, for streams that resume after a notification.
    public var sequence: Int64
    /// The order it is about.
    public var orderID: String
    /// What happened.
    public var kind: Kind
    /// The exact JSON body sent.
    public var payload: String
    /// Delivery state.
    public var status: Status
    /// Delivery rounds so far.
    public var attempts: Int
    /// When the next round is due, epoch seconds; `nil` when none is.
    public var nextAttemptAt: Int64?
    /// Epoch seconds.
    public var createdAt: Int64
    /// Per endpoint (filled where asked for).
    public var deliveries: [Delivery]

    /// Creates the value.
    public init(
        id: String, sequence: Int64, orderID: String, kind: Kind, payload: String, status: Status, attempts: Int,
        nextAttemptAt: Int64?, createdAt: Int64, deliveries: [Delivery] = []
    ) {
        self.id = id
        self.sequence = sequence
        self.orderID = orderID
        self.kind = kind
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.deliveries = deliveries
    }
}

/// A filter and page of the admin list, newest first.
public struct OrderNotificationQuery: Sendable, Equatable {
    /// Only this state.
    public var status: OrderNotification.Status?
    /// Only this order's.
    public var orderID: String?
    /// Page size.
    public var limit: Int
    /// The last id of the previous page.
    public var startingAfter: String?

    /// Creates a query.
    public init(status: OrderNotification.Status? = nil, orderID: String? = nil, limit: Int = 20, startingAfter: String? = nil) {
        self.status = status
        self.orderID = orderID
        self.limit = limit
        self.startingAfter = startingAfter
    }
}

/// Reading and replaying notifications (the admin API and the order event stream).
public protocol NotificationStore: Sendable {
    /// One notification with its deliveries.
    func notification(id: String) async throws -> OrderNotification?
    /// A page of notifications with their deliveries; `hasMore` when another page follows.
    func notifications(_ query: OrderNotificationQuery) async throws -> (items: [OrderNotification], hasMore: Bool)
    /// The order's notifications created after `sequence` (all with 0), oldest first, at most `limit`.
    func notifications(orderID: String, after sequence: Int64, limit: Int) async throws -> [OrderNotification]
    /// The notifications of several orders at once, each order's created after its own
    /// sequence in `cursors` (order id -> sequence), at most `limit` per order, oldest first:
    /// one query for every open event stream of a replica (`EventStreamHub`).
    func notifications(after cursors: [String: Int64], limit: Int) async throws -> [OrderNotification]
    /// The sequence of the order's newest notification (0 when none).
    func lastSequence(orderID: String) async throws -> Int64
    /// Sends it again to every endpoint, from a fresh retry schedule: `pending`, due now,
    /// every delivery un-marked. `nil` for an unknown id.
    func replay(id: String, cause: SyncCause) async throws -> OrderNotification?
}

/// The notifier's queue: due notifications leased to one replica at a time.
public protocol NotificationQueue: Sendable {
    /// Leases up to `limit` due notifications (payload included), oldest due first.
    func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [OrderNotification]
    /// The endpoints among `urls` that already answered this notification 2xx.
    func deliveredURLs(notificationID: String) async throws -> Set<String>
    /// Records one try at one endpoint (`status` nil: no answer, with `error`).
    func recordTry(notificationID: String, url: String, status: Int?, error: String?) async throws
    /// Ends this owner's round: `delivered` when every endpoint has it; otherwise due again
    /// after `retryAfterSeconds`, or `failed` when that is nil (retries exhausted).
    func finishRound(notificationID: String, owner: String, delivered: Bool, retryAfterSeconds: Int64?) async throws
}
