import Testing

@testable import OrderDomain

/// What an open attempt makes of its hosted checkout session, and of WooshPay refusing the
/// call that would have created its object.
@Suite("An open attempt learning its checkout session or a refusal") struct CheckoutSessionApplyTests {
    static func applied(_ session: CheckoutSessionSnapshot, to status: AttemptStatus) -> PaymentAttempt {
        Fixture.attempt(status, mode: .checkout).applying(.checkoutSession(session))
    }

    @Test("an expired session expires every open attempt", arguments: Fixture.openStatuses)
    func anExpiredSessionExpiresTheAttempt(_ status: AttemptStatus) {
        #expect(Self.applied(Fixture.session(.expired), to: status).status == .expired)
    }

    @Test("an open session only tells a pending attempt that WooshPay answered", arguments: Fixture.openStatuses)
    func anOpenSessionMovesOnlyAPendingAttempt(_ status: AttemptStatus) {
        let expected: AttemptStatus = status == .pending ? .requiresPaymentMethod : status
        #expect(Self.applied(Fixture.session(.open), to: status).status == expected)
    }

    @Test(
        "a complete or unknown session leaves the status to the payment intent",
        arguments: Fixture.openStatuses, [GatewayCheckoutSessionStatus.complete, .unknown("paused")])
    func theIntentDecidesTheMoney(_ status: AttemptStatus, _ session: GatewayCheckoutSessionStatus) {
        #expect(Self.applied(Fixture.session(session), to: status).status == status)
    }

    @Test("a session records its links and keeps those it does not repeat")
    func aSessionRecordsItsLinks() {
        let first = Fixture.attempt(.pending, mode: .checkout, linked: false).applying(.checkoutSession(Fixture.session(.open)))
        #expect(first.checkoutSessionID == "cs_1")
        #expect(first.checkoutURL == "https://pay.example/cs_1")
        #expect(first.paymentIntentID == "pi_1")
        let terse = first.applying(.checkoutSession(Fixture.session(.open, url: nil, intentID: nil)))
        #expect(terse.checkoutURL == "https://pay.example/cs_1")
        #expect(terse.paymentIntentID == "pi_1")
    }

    @Test(
        "a refusal fails an attempt WooshPay never saw, with its reason",
        arguments: Fixture.openStatuses, PaymentMode.allCases)
    func aRefusalFailsAnAttemptWithoutObject(_ status: AttemptStatus, _ mode: PaymentMode) {
        let attempt = Fixture.attempt(status, mode: mode, linked: false)
            .applying(.refused(code: "parameter_invalid", message: "Refused."))
        #expect(attempt.status == .failed)
        #expect(attempt.lastErrorCode == "parameter_invalid")
        #expect(attempt.lastErrorMessage == "Refused.")
    }

    @Test(
        "a refusal is ignored once WooshPay holds the attempt's object (it decides from then on)",
        arguments: Fixture.openStatuses, PaymentMode.allCases)
    func aRefusalIsIgnoredWithAnObject(_ status: AttemptStatus, _ mode: PaymentMode) {
        let attempt = Fixture.attempt(status, mode: mode)
        #expect(attempt.applying(.refused(code: "parameter_invalid", message: "Refused.")) == attempt)
    }
}
