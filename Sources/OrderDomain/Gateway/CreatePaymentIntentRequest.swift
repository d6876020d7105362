/// What we ask the gateway for when creating a payment intent (SDK and direct flows).
public struct CreatePaymentIntentRequest: Sendable, Hashable {
    /// Amount in minor units of `currency`.
    public var amount: Int64
    /// ISO 4217 currency code.
    public var currency: String
    /// Automatic (charge on authorisation) or manual (authorise, capture later).
    public var captureMethod: GatewayCaptureMethod
    /// Restricts the methods the SDK widget may offer (empty = the account's defaults).
    public var paymentMethodTypes: [String]
    /// The payment method, for the direct flow; `nil` lets the SDK collect one.
    public var paymentMethod: GatewayPaymentMethodInput?
    /// Confirm in the same call (direct flow) instead of leaving it to the SDK.
    public var confirm: Bool
    /// Where the customer returns after a redirect or 3-D Secure challenge.
    public var returnURL: String?
    /// Our order reference, echoed back on the intent and in its webhooks.
    public var merchantOrderID: String?
    /// Text shown to the merchant in the gateway's dashboard.
    public var description: String?
    /// Free-form key/value pairs copied to the intent and its webhooks.
    public var metadata: [String: String]

    /// Creates a payment-intent request.
    public init(
        amount: Int64, currency: String, captureMethod: GatewayCaptureMethod = .automatic,
        paymentMethodTypes: [String] = [], paymentMethod: GatewayPaymentMethodInput? = nil,
        confirm: Bool = false, returnURL: String? = nil, merchantOrderID: String? = nil,
        description: String? = nil, metadata: [String: String] = [:]
    ) {
        self.amount = amount
        self.currency = currency
        self.captureMethod = captureMethod
        self.paymentMethodTypes = paymentMethodTypes
        self.paymentMethod = paymentMethod
        self.confirm = confirm
        self.returnURL = returnURL
        self.merchantOrderID = merchantOrderID
        self.description = description
        self.metadata = metadata
    }
}

/// What we send when confirming an existing payment intent.
public struct ConfirmPaymentIntentRequest: Sendable, Hashable {
    /// The payment method to charge; `nil` uses the one already attached.
    public var paymentMethod: GatewayPaymentMethodInput?
    /// Where the customer returns after a redirect or 3-D Secure challenge.
    public var returnURL: String?

    /// Creates a confirm request.
    public init(paymentMethod: GatewayPaymentMethodInput? = nil, returnURL: String? = nil) {
        self.paymentMethod = paymentMethod
        self.returnURL = returnURL
    }
}
