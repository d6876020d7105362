/// PaymentIntent statuses, spelled as WooshPay spells them.
enum IntentStatus: String, Sendable {
    /// Waiting for a payment method (new, or after a failed attempt).
    case requiresPaymentMethod = "requires_payment_method"
    /// Has a payment method; waiting for confirm.
    case requiresConfirmation = "requires_confirmation"
    /// Waiting for the customer (3-D Secure or redirect).
    case requiresAction = "requires_action"
    /// The payment is in flight.
    case processing
    /// Authorised; waiting for capture (manual capture).
    case requiresCapture = "requires_capture"
    /// Paid.
    case succeeded
    /// Canceled; terminal.
    case canceled

    /// Statuses from which a confirm (or a customer's attempt) may start.
    var isConfirmable: Bool {
        self == .requiresPaymentMethod || self == .requiresConfirmation || self == .requiresAction
    }

    /// Statuses `POST .../cancel` accepts (WooshPay's Cancel spec).
    var isCancelable: Bool {
        isConfirmable || self == .requiresCapture
    }
}

/// What the customer still has to do before the attempt can finish.
enum PendingAction: Sendable, Equatable {
    /// A 3-D Secure challenge at `/3ds/{pi}`.
    case threeDSecure
    /// A wallet or bank redirect at `/redirect/{pi}` for a non-card method.
    case redirect(type: String)
}

/// The payment error recorded on an intent after a failed attempt.
struct PaymentError: Sendable, Equatable {
    /// `card_error` or `invalid_request_error`.
    var type: String
    /// `card_declined`, `payment_intent_authentication_failure`, ...
    var code: String
    /// The issuer's reason (`generic_decline`, `insufficient_funds`), if any.
    var declineCode: String?
    /// Human-readable explanation.
    var message: String
}

/// The sandbox's record of one PaymentIntent: the truth the API renders from.
struct PaymentIntentRecord: Sendable {
    /// `pi_<digits>`.
    var id: String
    /// `<id>_secret_<random>`.
    var clientSecret: String
    /// Creation time, epoch milliseconds.
    var created: Int64
    /// Amount in minor units.
    var amount: Int64
    /// ISO code, upper-case.
    var currency: String
    /// Current status.
    var status: IntentStatus = .requiresPaymentMethod
    /// `automatic` or `manual`.
    var captureMethod: String = "automatic"
    /// The attached payment method id.
    var paymentMethod: String?
    /// Allowed method types.
    var paymentMethodTypes: [String] = ["card"]
    /// Whether the merchant gave `payment_method_types` (otherwise any type is accepted).
    var explicitPaymentMethodTypes = false
    /// Echoed as given.
    var paymentMethodOptions = JSONObject()
    /// Where the customer returns after a challenge or redirect.
    var returnURL: String?
    /// WooshPay's `merchant_order_id`.
    var merchantOrderID: String?
    /// WooshPay's `merchant_user_id`.
    var merchantUserID: String?
    /// `cus_...`, echoed.
    var customer: String?
    /// Free text, echoed.
    var description: String?
    /// Echoed.
    var receiptEmail: String?
    /// Echoed (`off_session`).
    var setupFutureUsage: String?
    /// Merchant metadata.
    var metadata = JSONObject()
    /// Amount taken: set on success or capture.
    var amountReceived: Int64 = 0
    /// Authorised and not yet captured (manual capture).
    var amountCapturable: Int64 = 0
    /// What is waiting for the customer in `requires_action`.
    var pendingAction: PendingAction?
    /// Why the last attempt failed.
    var lastPaymentError: PaymentError?
    /// Why it was canceled.
    var cancellationReason: String?
    /// Set when the intent was created for a checkout session.
    var checkoutSession: String?
    /// How many times money was actually taken (a charge created); never above 1.
    var chargeCount = 0
    /// Sum of refunds that succeeded.
    var amountRefunded: Int64 = 0
    /// Sum of refunds still pending (not yet refundable again, not yet refunded).
    var amountRefundPending: Int64 = 0

    /// Money that may still be refunded: captured minus succeeded and pending refunds.
    var refundableAmount: Int64 { amountReceived - amountRefunded - amountRefundPending }
}
