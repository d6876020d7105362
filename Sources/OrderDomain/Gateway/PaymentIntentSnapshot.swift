/// What the customer must do next for a payment to proceed.
public struct GatewayNextAction: Sendable, Hashable {
    /// The gateway's name for the action (`challenge_redirect`, `pix_handle_redirect`...);
    /// a type this code does not know passes through as spelled.
    public var type: String
    /// Where to send the customer's browser, when the action is a redirect.
    public var redirectURL: String?
    /// A payment code to show or scan (`qrcode`, seen with `bank_transfer_vn_handle_redirect`).
    public var qrCode: String?
    /// Every other text field WooshPay put in the action, by name, so nothing the customer
    /// may need is dropped (never a client secret).
    public var details: [String: String]

    /// Creates a next action.
    public init(type: String, redirectURL: String?, qrCode: String? = nil, details: [String: String] = [:]) {
        self.type = type
        self.redirectURL = redirectURL
        self.qrCode = qrCode
        self.details = details
    }
}

/// Why the last payment attempt on an intent failed.
public struct GatewayPaymentError: Sendable, Hashable {
    /// The gateway's error code (`card_declined`...).
    public var code: String?
    /// The issuer's reason for a decline (`insufficient_funds`...).
    public var declineCode: String?
    /// A human-readable explanation, safe to show to operators.
    public var message: String?

    /// Creates a payment error.
    public init(code: String?, declineCode: String?, message: String?) {
        self.code = code
        self.declineCode = declineCode
        self.message = message
    }
}

/// A payment intent as the gateway last reported it. Snapshots are facts to apply through
/// the attempt state machine, never commands.
public struct PaymentIntentSnapshot: Sendable, Hashable {
    /// The gateway's id (`pi_...`).
    public var id: String
    /// The status in domain terms.
    public var status: GatewayPaymentStatus
    /// The status exactly as the gateway spelled it, for audit and support.
    public var gatewayStatus: String
    /// The amount asked for, in minor units.
    public var amount: Int64
    /// The amount actually collected, in minor units (0 until paid).
    public var amountReceived: Int64
    /// The authorised amount still available to capture, in minor units.
    public var amountCapturable: Int64
    /// ISO 4217 currency code, upper-cased.
    public var currency: String
    /// Automatic or manual capture.
    public var captureMethod: GatewayCaptureMethod
    /// The secret the SDK widget needs; never log it.
    public var clientSecret: String?
    /// What the customer must do next, if anything.
    public var nextAction: GatewayNextAction?
    /// Why the last attempt failed, if it did.
    public var lastPaymentError: GatewayPaymentError?
    /// When the intent was created.
    public var created: GatewayTimestamp?
    /// Free-form key/value pairs set at creation.
    public var metadata: [String: String]
    /// Our order reference as echoed by the gateway.
    public var merchantOrderID: String?
    /// The checkout session that created this intent, when the gateway says so.
    public var checkoutSessionID: String?

    /// Creates a snapshot.
    public init(
        id: String, status: GatewayPaymentStatus, gatewayStatus: String, amount: Int64,
        amountReceived: Int64 = 0, amountCapturable: Int64 = 0, currency: String,
        captureMethod: GatewayCaptureMethod = .automatic, clientSecret: String? = nil,
        nextAction: GatewayNextAction? = nil, lastPaymentError: GatewayPaymentError? = nil,
        created: GatewayTimestamp? = nil, metadata: [String: String] = [:],
        merchantOrderID: String? = nil, checkoutSessionID: String? = nil
    ) {
        self.id = id
        self.status = status
        self.gatewayStatus = gatewayStatus
        self.amount = amount
        self.amountReceived = amountReceived
        self.amountCapturable = amountCapturable
        self.currency = currency
        self.captureMethod = captureMethod
        self.clientSecret = clientSecret
        self.nextAction = nextAction
        self.lastPaymentError = lastPaymentError
        self.created = created
        self.metadata = metadata
        self.merchantOrderID = merchantOrderID
        self.checkoutSessionID = checkoutSessionID
    }
}
