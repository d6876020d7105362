/// A hosted checkout session as the gateway last reported it.
public struct CheckoutSessionSnapshot: Sendable, Hashable {
    /// The gateway's id (`cs_...`).
    public var id: String
    /// Open, complete or expired.
    public var status: GatewayCheckoutSessionStatus
    /// Whether it has been paid. The payment intent remains the authority on money.
    public var paymentStatus: GatewayCheckoutPaymentStatus
    /// The hosted page to redirect the customer to (its domain is not stable: never
    /// allow-list it).
    public var url: String?
    /// The payment intent behind the session, created up-front by the gateway.
    public var paymentIntentID: String?
    /// The total in minor units.
    public var amountTotal: Int64?
    /// ISO 4217 currency code, upper-cased.
    public var currency: String?
    /// When the gateway will expire the session.
    public var expiresAt: GatewayTimestamp?
    /// When the session was created.
    public var created: GatewayTimestamp?
    /// Our order reference as echoed by the gateway.
    public var clientReferenceID: String?
    /// Free-form key/value pairs set at creation.
    public var metadata: [String: String]

    /// Creates a snapshot.
    public init(
        id: String, status: GatewayCheckoutSessionStatus,
        paymentStatus: GatewayCheckoutPaymentStatus, url: String? = nil,
        paymentIntentID: String? = nil, amountTotal: Int64? = nil, currency: String? = nil,
        expiresAt: GatewayTimestamp? = nil, created: GatewayTimestamp? = nil,
        clientReferenceID: String? = nil, metadata: [String: String] = [:]
    ) {
        self.id = id
        self.status = status
        self.paymentStatus = paymentStatus
        self.url = url
        self.paymentIntentID = paymentIntentID
        self.amountTotal = amountTotal
        self.currency = currency
        self.expiresAt = expiresAt
        self.created = created
        self.clientReferenceID = clientReferenceID
        self.metadata = metadata
    }
}
