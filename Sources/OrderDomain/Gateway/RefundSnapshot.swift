/// A refund as the gateway last reported it.
public struct RefundSnapshot: Sendable, Hashable {
    /// The gateway's id (`re_...`).
    public var id: String
    /// The refunded payment intent, when the gateway says so.
    public var paymentIntentID: String?
    /// Amount in minor units.
    public var amount: Int64
    /// ISO 4217 currency code, upper-cased.
    public var currency: String?
    /// The status in domain terms.
    public var status: GatewayRefundStatus
    /// The status exactly as the gateway spelled it, for audit and support.
    public var gatewayStatus: String
    /// Why it failed, as the gateway spelled it (`lost_or_stolen_card`...).
    public var failureReason: String?
    /// When the refund was created.
    public var created: GatewayTimestamp?
    /// Free-form key/value pairs set at creation.
    public var metadata: [String: String]

    /// Creates a snapshot.
    public init(
        id: String, paymentIntentID: String?, amount: Int64, currency: String?,
        status: GatewayRefundStatus, gatewayStatus: String, failureReason: String? = nil,
        created: GatewayTimestamp? = nil, metadata: [String: String] = [:]
    ) {
        self.id = id
        self.paymentIntentID = paymentIntentID
        self.amount = amount
        self.currency = currency
        self.status = status
        self.gatewayStatus = gatewayStatus
        self.failureReason = failureReason
        self.created = created
        self.metadata = metadata
    }
}
