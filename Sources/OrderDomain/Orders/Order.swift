/// An order as the domain knows it.
public struct Order: Sendable, Equatable {
    /// `ord_...`.
    public var id: String
    /// Derived status.
    public var status: OrderStatus
    /// Currency of every amount.
    public var currency: Currency
    /// Priced lines.
    public var lines: [PricedLine]
    /// Sum of the lines.
    public var total: Money
    /// Refunded so far.
    public var refunded: Money
    /// Customer e-mail.
    public var customerEmail: String
    /// Customer name.
    public var customerName: String?
    /// Merchant metadata.
    public var metadata: [String: String]
    /// Creation time, epoch seconds.
    public var createdAt: Int64
    /// When an unpaid order expires, epoch seconds.
    public var expiresAt: Int64
    /// Declined payment attempts so far (the card-testing cap counts them).
    public var paymentFailures: Int = 0

    /// Creates an order value.
    public init(
        id: String, status: OrderStatus, currency: Currency, lines: [PricedLine], total: Money, refunded: Money,
        customerEmail: String, customerName: String?, metadata: [String: String], createdAt: Int64, expiresAt: Int64
    ) {
        self.id = id
        self.status = status
        self.currency = currency
        self.lines = lines
        self.total = total
        self.refunded = refunded
        self.customerEmail = customerEmail
        self.customerName = customerName
        self.metadata = metadata
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A just-created order and the token its browser must present to read it. The token is
/// shown once; only its hash is stored.
public struct PlacedOrder: Sendable {
    /// The order.
    public var order: Order
    /// The browser's secret for this order.
    public var clientToken: String

    /// Creates the value.
    public init(order: Order, clientToken: String) {
        self.order = order
        self.clientToken = clientToken
    }
}

/// Storage of orders (the port; PostgresStore implements it).
public protocol OrderRepository: Sendable {
    /// Prices `command` from the catalog, reserves tracked stock and stores the order, all
    /// in one transaction; nothing is written when any rule refuses it.
    /// `claim` is the keyed request's idempotency claim, if any: its reference is stored on
    /// the order, and a resumed run (same caller, same body, first run died unanswered)
    /// returns the order that run placed, with a new token, instead of placing another.
    /// A first run never looks for earlier orders.
    func place(
        _ command: PlaceOrderCommand, currency: Currency, lifetimeSeconds: Int64,
        claim: IdempotencyClaim?
    ) async throws -> PlacedOrder

    /// Whether `clientToken` is the token of order `id` (one indexed read; unknown orders
    /// and wrong tokens are both `false`).
    func tokenMatches(orderID: String, clientToken: String) async throws -> Bool

    /// The order if `clientToken` is its token; `nil` when the order is unknown or the token
    /// belongs elsewhere (the caller must not learn which).
    func order(id: String, clientToken: String) async throws -> Order?

    /// The order, for a caller authorised another way (a redeemed stream ticket).
    func order(id: String) async throws -> Order?
}
