/// The merchant's back office reading orders (the port; PostgresStore implements it).
/// Read-only: nothing here changes an order.
public protocol BackOfficeOrders: Sendable {
    /// Orders matching `query`, newest first (by creation time, then id), one page.
    /// Throws `invalid_cursor` when `query.startingAfter` names no order.
    func orders(_ query: OrderListQuery) async throws -> ListPage<OrderOverview>

    /// Everything known about one order, or `nil` when there is no such order.
    func dossier(orderID: String) async throws -> OrderDossier?
}

/// One page of a list read with a cursor.
public struct ListPage<Item: Sendable>: Sendable {
    /// The items, in list order.
    public var items: [Item]
    /// Whether more items follow the last one.
    public var hasMore: Bool

    /// Creates a page.
    public init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }
}

/// Filters and cursor of the back office's order list. Every filter is optional.
public struct OrderListQuery: Sendable, Hashable {
    /// Only orders in this status.
    public var status: OrderStatus?
    /// Only orders created at or after this instant (epoch milliseconds).
    public var createdFrom: Int64?
    /// Only orders created before this instant (epoch milliseconds, exclusive).
    public var createdBefore: Int64?
    /// Only orders of this customer e-mail (compared case-insensitively).
    public var email: String?
    /// Only orders flagged for review (`true`) or not flagged (`false`).
    public var needsReview: Bool?
    /// Page size, 1-100.
    public var limit: Int
    /// The id of the last order of the previous page.
    public var startingAfter: String?

    /// Creates a query.
    public init(
        status: OrderStatus? = nil, createdFrom: Int64? = nil, createdBefore: Int64? = nil, email: String? = nil,
        needsReview: Bool? = nil, limit: Int = 20, startingAfter: String? = nil
    ) {
        self.status = status
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.email = email
        self.needsReview = needsReview
        self.limit = limit
        self.startingAfter = startingAfter
    }
}

/// An order as the back office lists it: the order (lines only in a dossier) and what
/// only an operator sees.
public struct OrderOverview: Sendable {
    /// The order.
    public var order: Order
    /// Why a person must look at it, when it is flagged.
    public var reviewReason: String?
    /// Epoch seconds of its last change.
    public var updatedAt: Int64

    /// Creates the value.
    public init(order: Order, reviewReason: String?, updatedAt: Int64) {
        self.order = order
        self.reviewReason = reviewReason
        self.updatedAt = updatedAt
    }
}

/// One order with its payments, refunds and audit trail, for the order detail page.
public struct OrderDossier: Sendable {
    /// The order, lines included.
    public var overview: OrderOverview
    /// Its payment attempts, oldest first.
    public var attempts: [AttemptOverview]
    /// Its refunds, oldest first.
    public var refunds: [Refund]
    /// Its audit trail, oldest first.
    public var events: [OrderEvent]
    /// Its disputes (chargebacks), oldest first.
    public var disputes: [Dispute]

    /// Creates the value.
    public init(overview: OrderOverview, attempts: [AttemptOverview], refunds: [Refund], events: [OrderEvent], disputes: [Dispute] = []) {
        self.overview = overview
        self.attempts = attempts
        self.refunds = refunds
        self.events = events
        self.disputes = disputes
    }

    /// What disputes hold or took (`disputed`) and what the order really brought in
    /// (`net`: captured − refunded − lost), as `DisputeRules.money` counts them. Every
    /// payment and every succeeded refund counts, a duplicate payment and its refund too,
    /// so `net` is what WooshPay moved to the merchant for this order.
    public var money: (disputed: Int64, net: Int64) {
        DisputeRules.money(
            captured: attempts.reduce(0) { $0 + $1.attempt.amountReceived },
            refunded: refunds.filter { $0.status == .succeeded }.reduce(0) { $0 + $1.amount }, disputes: disputes)
    }
}

/// A payment attempt with its scheduling, as the back office shows it.
public struct AttemptOverview: Sendable {
    /// The attempt.
    public var attempt: PaymentAttempt
    /// Epoch seconds it was authorised (manual capture), if it was.
    public var authorizedAt: Int64?
    /// Epoch seconds of its next check with WooshPay; `nil` once closed.
    public var nextSyncAt: Int64?
    /// Checks made by the poller so far.
    public var syncAttempts: Int
    /// Epoch seconds of its creation.
    public var createdAt: Int64

    /// Creates the value.
    public init(attempt: PaymentAttempt, authorizedAt: Int64?, nextSyncAt: Int64?, syncAttempts: Int, createdAt: Int64) {
        self.attempt = attempt
        self.authorizedAt = authorizedAt
        self.nextSyncAt = nextSyncAt
        self.syncAttempts = syncAttempts
        self.createdAt = createdAt
    }
}

/// One entry of an order's audit trail (`order_events`).
public struct OrderEvent: Sendable, Hashable {
    /// Position in the trail (increasing).
    public var id: Int64
    /// What happened: `order.paid`, `payment.succeeded`, `webhook.replayed`...
    public var type: String
    /// Who or what caused it: `api`, `webhook:<evt>`, `poll`, `admin:<key name>`...
    public var cause: String
    /// Details, as stored.
    public var data: [String: String]
    /// Epoch seconds.
    public var createdAt: Int64

    /// Creates the value.
    public init(id: Int64, type: String, cause: String, data: [String: String], createdAt: Int64) {
        self.id = id
        self.type = type
        self.cause = cause
        self.data = data
        self.createdAt = createdAt
    }
}
