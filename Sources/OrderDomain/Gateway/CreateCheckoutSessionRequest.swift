/// What we ask the gateway for when starting a hosted checkout. It has no capture method:
/// WooshPay documents manual capture only on payment intents, so a session is captured at
/// once (`StartPaymentRequest` refuses manual capture in checkout mode).
public struct CreateCheckoutSessionRequest: Sendable, Hashable {
    /// ISO 4217 currency code of every line item.
    public var currency: String
    /// The priced lines; the gateway's total is their sum.
    public var lineItems: [GatewayLineItem]
    /// Where the customer lands after paying (our return endpoint, not the storefront).
    public var successURL: String
    /// Where the customer lands after backing out.
    public var cancelURL: String
    /// Our order reference, echoed back on the session as `clientReferenceID`.
    public var merchantReference: String?
    /// The customer's e-mail, prefilled on the hosted page.
    public var customerEmail: String?
    /// Restricts the payment methods offered (empty = the account's defaults).
    public var paymentMethodTypes: [String]
    /// Free-form key/value pairs copied to the session and its webhooks.
    public var metadata: [String: String]

    /// Creates a checkout-session request.
    public init(
        currency: String, lineItems: [GatewayLineItem], successURL: String,
        cancelURL: String, merchantReference: String? = nil, customerEmail: String? = nil,
        paymentMethodTypes: [String] = [], metadata: [String: String] = [:]
    ) {
        self.currency = currency
        self.lineItems = lineItems
        self.successURL = successURL
        self.cancelURL = cancelURL
        self.merchantReference = merchantReference
        self.customerEmail = customerEmail
        self.paymentMethodTypes = paymentMethodTypes
        self.metadata = metadata
    }
}
