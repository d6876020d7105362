import Testing

@testable import OrderDomain

/// What the poller does with an attempt still open after its order can no longer be paid.
@Suite("Giving up on an attempt whose order can no longer be paid") struct GiveUpRuleTests {
    static let waitingForTheCustomer: [AttemptStatus] = [.requiresPaymentMethod, .requiresConfirmation, .requiresAction]

    @Test(
        "leaves closed attempts and authorised money alone (capturing is the merchant's call)",
        arguments: [AttemptStatus.succeeded, .failed, .canceled, .expired, .requiresCapture], PaymentMode.allCases)
    func nothingToGiveUp(_ status: AttemptStatus, _ mode: PaymentMode) {
        #expect(GiveUpRule.decide(Fixture.attempt(status, mode: mode)) == .none)
    }

    @Test(
        "asks a person when the outcome is unknown, never failing it silently",
        arguments: [
            (AttemptStatus.processing, "payment_processing_after_expiry"), (.pending, "payment_outcome_unknown_after_expiry"),
        ], PaymentMode.allCases)
    func anUnknownOutcomeIsFlagged(_ flag: (AttemptStatus, String), _ mode: PaymentMode) {
        #expect(GiveUpRule.decide(Fixture.attempt(flag.0, mode: mode)) == .flagReview(reason: flag.1))
    }

    @Test("expires a checkout's session with a key of its own", arguments: waitingForTheCustomer)
    func aCheckoutSessionIsExpired(_ status: AttemptStatus) {
        #expect(
            GiveUpRule.decide(Fixture.attempt(status, mode: .checkout))
                == .expireSession(id: "cs_1", idempotencyKey: "merchant-pay_1-expire"))
    }

    @Test("cancels an SDK or direct intent with a key of its own", arguments: waitingForTheCustomer, [PaymentMode.sdk, .direct])
    func anIntentIsCanceled(_ status: AttemptStatus, _ mode: PaymentMode) {
        #expect(
            GiveUpRule.decide(Fixture.attempt(status, mode: mode))
                == .cancelIntent(id: "pi_1", idempotencyKey: "merchant-pay_1-cancel"))
    }

    @Test(
        "flags an attempt without its mode's object instead of canceling something else",
        arguments: waitingForTheCustomer, PaymentMode.allCases)
    func withoutAnObjectItIsFlagged(_ status: AttemptStatus, _ mode: PaymentMode) {
        var attempt = Fixture.attempt(status, mode: mode, linked: false)
        if mode == .checkout { attempt.paymentIntentID = "pi_1" }  // a checkout's intent is not its object
        #expect(GiveUpRule.decide(attempt) == .flagReview(reason: "payment_without_gateway_object_after_expiry"))
    }

    @Test("keys are derived from the attempt, so a retry after a lost answer repeats the same call")
    func keysAreDeterministic() {
        let first = GiveUpRule.decide(Fixture.attempt(.requiresAction, id: "pay_7"))
        #expect(first == GiveUpRule.decide(Fixture.attempt(.requiresAction, id: "pay_7")))
        #expect(first == .cancelIntent(id: "pi_1", idempotencyKey: "merchant-pay_7-cancel"))
        #expect(first != GiveUpRule.decide(Fixture.attempt(.requiresAction, id: "pay_8")))
    }
}
