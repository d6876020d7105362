import Testing

@testable import OrderDomain

/// The values the pure tests build on: one order of USD 30.00, and its attempts, intents
/// and checkout sessions as WooshPay would report them.
enum Fixture {
    static let usd = Currency(code: "USD")!
    static let price = Money(amount: 3000, currency: usd)

    /// An attempt of `mode` in `status`; `linked` gives it WooshPay's objects (`cs_1` for a
    /// checkout, `pi_1` for every mode), as a sync would have recorded them.
    static func attempt(
        _ status: AttemptStatus, mode: PaymentMode = .sdk, linked: Bool = true, id: String = "pay_1",
        received: Int64 = 0, errorCode: String? = nil, succeededAt: Int64? = nil
    ) -> PaymentAttempt {
        PaymentAttempt(
            id: id, orderID: "ord_1", mode: mode, status: status, amount: price, captureMethod: .automatic,
            paymentMethodTypes: ["card"], idempotencyKey: "merchant-\(id)",
            checkoutSessionID: linked && mode == .checkout ? "cs_1" : nil, paymentIntentID: linked ? "pi_1" : nil,
            amountReceived: received, lastErrorCode: errorCode, succeededAt: succeededAt)
    }

    /// Attempts `pay_0`, `pay_1`... of `mode` in these statuses, in creation order.
    static func attempts(_ statuses: [AttemptStatus], mode: PaymentMode = .sdk) -> [PaymentAttempt] {
        statuses.enumerated().map { attempt($0.element, mode: mode, id: "pay_\($0.offset)") }
    }

    /// A payment intent for the attempt's amount unless told otherwise.
    static func intent(
        _ status: GatewayPaymentStatus, amount: Int64 = 3000, currency: String = "USD", id: String = "pi_1",
        received: Int64 = 0, nextAction: GatewayNextAction? = nil,
        error: GatewayPaymentError? = nil
    ) -> PaymentIntentSnapshot {
        PaymentIntentSnapshot(
            id: id, status: status, gatewayStatus: "\(status)", amount: amount, amountReceived: received,
            currency: currency, nextAction: nextAction, lastPaymentError: error)
    }

    /// A checkout session `cs_1` behind which WooshPay created `pi_1`.
    static func session(
        _ status: GatewayCheckoutSessionStatus, url: String? = "https://pay.example/cs_1",
        intentID: String? = "pi_1"
    ) -> CheckoutSessionSnapshot {
        CheckoutSessionSnapshot(id: "cs_1", status: status, paymentStatus: .unpaid, url: url, paymentIntentID: intentID)
    }

    /// Order `ord_1` of USD 30.00 in `status`.
    static func order(_ status: OrderStatus = .awaitingPayment, expiresAt: Int64 = 10_000, failures: Int = 0) -> Order {
        var order = Order(
            id: "ord_1", status: status, currency: usd, lines: [], total: price,
            refunded: Money(amount: 0, currency: usd), customerEmail: "a@b.co", customerName: nil,
            metadata: [:], createdAt: 0, expiresAt: expiresAt)
        order.paymentFailures = failures
        return order
    }

    static let challenge = GatewayNextAction(type: "challenge_redirect", redirectURL: "https://acs.example/1")
    static let declined = GatewayPaymentError(code: "card_declined", declineCode: "insufficient_funds", message: "Declined.")

    /// Every status WooshPay may report for an intent, a new one included.
    static let gatewayStatuses: [GatewayPaymentStatus] = [
        .requiresPaymentMethod, .requiresConfirmation, .requiresAction, .processing, .requiresCapture,
        .succeeded, .canceled, .failed, .unknown("requires_review"),
    ]

    /// The statuses in which an attempt may still change, and those in which it never does.
    static let openStatuses = AttemptStatus.allCases.filter(\.isOpen)
    static let closedStatuses = AttemptStatus.allCases.filter { !$0.isOpen }

    /// One of every kind of fact an attempt can learn.
    static let facts: [Fact] =
        gatewayStatuses.map { Fact("intent \($0)", .paymentIntent(intent($0))) } + [
            Fact("intent succeeded for 2999", .paymentIntent(intent(.succeeded, amount: 2999))),
            Fact("intent paid in full", .paymentIntent(intent(.succeeded, received: 3000))),
            Fact("intent declined", .paymentIntent(intent(.requiresPaymentMethod, error: declined))),
            Fact("intent with a challenge", .paymentIntent(intent(.requiresAction, nextAction: challenge))),
            Fact("session open", .checkoutSession(session(.open))), Fact("session complete", .checkoutSession(session(.complete))),
            Fact("session expired", .checkoutSession(session(.expired))),
            Fact("session paused", .checkoutSession(session(.unknown("paused")))),
            Fact("refused", .refused(code: "parameter_invalid", message: "Refused.")),
            Fact("outcome unknown", .outcomeUnknown(reason: "timeout")),
        ]
}

/// A fact with a short name for the test report.
struct Fact: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let update: AttemptUpdate

    init(_ name: String, _ update: AttemptUpdate) {
        testDescription = name
        self.update = update
    }
}
