/// One attempt to collect an order's money at WooshPay, as stored.
public struct PaymentAttempt: Sendable, Equatable {
    /// `pay_...`.
    public var id: String
    /// The order it pays.
    public var orderID: String
    /// Which flow.
    public var mode: PaymentMode
    /// Where it stands.
    public var status: AttemptStatus
    /// WooshPay's status spelling, as last seen.
    public var gatewayStatus: String?
    /// Amount asked for.
    public var amount: Money
    /// Capture method asked for.
    public var captureMethod: CaptureMethod
    /// Payment method types offered.
    public var paymentMethodTypes: [String]
    /// A `pm_...` id or a redirect type for the direct flow (never card data).
    public var paymentMethod: String?
    /// Whether the direct flow was given a raw card (which is not stored, so a lost call
    /// cannot be replayed from here; the settlement engine resolves it).
    public var usesRawCard: Bool
    /// Whether the method's billing details or options were withheld from storage (as a
    /// raw card is): a lost creating call is re-sent only with a retry's own copy of them.
    public var detailsWithheld = false
    /// Idempotency key of the creating call at WooshPay.
    public var idempotencyKey: String
    /// How many confirms were sent after creation (each with its own key).
    public var confirmCount: Int
    /// `cs_...` for the checkout flow.
    public var checkoutSessionID: String?
    /// The hosted page.
    public var checkoutURL: String?
    /// `pi_...`.
    public var paymentIntentID: String?
    /// What the customer must do next.
    public var nextAction: GatewayNextAction?
    /// Collected so far.
    public var amountReceived: Int64
    /// Authorised and still capturable.
    public var amountCapturable: Int64
    /// Why the last try failed (a gateway code such as `card_declined`).
    public var lastErrorCode: String?
    /// A message safe for operators.
    public var lastErrorMessage: String?
    /// Why a person must look at this attempt (e.g. WooshPay reports another amount).
    public var reviewReason: String?
    /// When the row last changed, epoch seconds (drives refresh-on-read).
    public var updatedAt: Int64
    /// When it was recorded succeeded, in microseconds since the epoch (`nil` otherwise).
    public var succeededAt: Int64?

    /// Creates a value (all fields; the store builds these).
    public init(
        id: String, orderID: String, mode: PaymentMode, status: AttemptStatus, gatewayStatus: String? = nil,
        amount: Money, captureMethod: CaptureMethod, paymentMethodTypes: [String], paymentMethod: String? = nil,
        usesRawCard: Bool = false, idempotencyKey: String, confirmCount: Int = 0, checkoutSessionID: String? = nil,
        checkoutURL: String? = nil, paymentIntentID: String? = nil, nextAction: GatewayNextAction? = nil,
        amountReceived: Int64 = 0, amountCapturable: Int64 = 0, lastErrorCode: String? = nil, lastErrorMessage: String? = nil,
        reviewReason: String? = nil, updatedAt: Int64 = 0, succeededAt: Int64? = nil
    ) {
        self.succeededAt = succeededAt
        self.reviewReason = reviewReason
        self.updatedAt = updatedAt
        self.id = id
        self.orderID = orderID
        self.mode = mode
        self.status = status
        self.gatewayStatus = gatewayStatus
        self.amount = amount
        self.captureMethod = captureMethod
        self.paymentMethodTypes = paymentMethodTypes
        self.paymentMethod = paymentMethod
        self.usesRawCard = usesRawCard
        self.idempotencyKey = idempotencyKey
        self.confirmCount = confirmCount
        self.checkoutSessionID = checkoutSessionID
        self.checkoutURL = checkoutURL
        self.paymentIntentID = paymentIntentID
        self.nextAction = nextAction
        self.amountReceived = amountReceived
        self.amountCapturable = amountCapturable
        self.lastErrorCode = lastErrorCode
        self.lastErrorMessage = lastErrorMessage
    }

    /// Whether WooshPay is known to hold an object for this attempt.
    public var hasGatewayObject: Bool {
        switch mode {
        case .checkout: return checkoutSessionID != nil
        case .sdk, .direct: return paymentIntentID != nil
        }
    }
}

/// What a new attempt is created with: everything the creating call at WooshPay needs
/// besides the order, so a retry can send exactly the same parameters.
public struct AttemptDraft: Sendable, Equatable {
    /// Which flow.
    public var mode: PaymentMode
    /// Capture method.
    public var captureMethod: CaptureMethod
    /// Types offered.
    public var paymentMethodTypes: [String]
    /// `pm_...` id or redirect type (direct flow).
    public var paymentMethod: String?
    /// Whether a raw card is used (not stored).
    public var usesRawCard: Bool
    /// Whether the method came with billing details or options, which are not stored
    /// either: a lost creating call is re-sent only with a retry's own copy.
    public var detailsWithheld = false
    /// Whether the storefront chose `payment_method_types` (refused, not narrowed, when
    /// one of them cannot pay the order's currency).
    public var typesRequested = false
    /// The request's `Idempotency-Key`, stored on the attempt it creates or continues.
    public var requestKey: String?
    /// Declines the order may have had before this start is refused (from the settings).
    public var maxPaymentFailures: Int = .max

    /// Creates a draft.
    public init(
        mode: PaymentMode, captureMethod: CaptureMethod, paymentMethodTypes: [String],
        paymentMethod: String? = nil, usesRawCard: Bool = false
    ) {
        self.mode = mode
        self.captureMethod = captureMethod
        self.paymentMethodTypes = paymentMethodTypes
        self.paymentMethod = paymentMethod
        self.usesRawCard = usesRawCard
    }
}
