import Testing

@testable import OrderDomain

/// What an open attempt makes of a payment intent snapshot.
@Suite("An open attempt learning its payment intent") struct PaymentIntentApplyTests {
    /// WooshPay's status and the attempt status it stands for.
    static let meanings: [(GatewayPaymentStatus, AttemptStatus)] = [
        (.requiresPaymentMethod, .requiresPaymentMethod), (.requiresConfirmation, .requiresConfirmation),
        (.requiresAction, .requiresAction), (.processing, .processing), (.requiresCapture, .requiresCapture),
        (.succeeded, .succeeded), (.canceled, .canceled), (.failed, .failed),
    ]

    static func applied(
        _ intent: PaymentIntentSnapshot, to status: AttemptStatus = .requiresPaymentMethod,
        errorCode: String? = nil
    ) -> PaymentAttempt {
        Fixture.attempt(status, errorCode: errorCode).applying(.paymentIntent(intent))
    }

    @Test("takes the status the intent's status stands for", arguments: Fixture.openStatuses, meanings)
    func takesTheIntentsStatus(_ status: AttemptStatus, _ meaning: (GatewayPaymentStatus, AttemptStatus)) {
        #expect(Self.applied(Fixture.intent(meaning.0), to: status).status == meaning.1)
    }

    @Test(
        "keeps its last known status for a status it does not know, but records the spelling",
        arguments: Fixture.openStatuses)
    func anUnknownStatusKeepsTheLastKnownOne(_ status: AttemptStatus) {
        var intent = Fixture.intent(.unknown("requires_review"))
        intent.gatewayStatus = "requires_review"
        let attempt = Self.applied(intent, to: status)
        #expect(attempt.status == status)
        #expect(attempt.gatewayStatus == "requires_review")
    }

    @Test(
        "is held open for a person when WooshPay reports another amount or currency",
        arguments: [
            (Int64(2999), "USD"), (3001, "USD"), (3000, "EUR"), (3000, "usdx"),
        ])
    func aWrongAmountIsNeverPaid(_ amount: Int64, _ currency: String) {
        let attempt = Self.applied(Fixture.intent(.succeeded, amount: amount, currency: currency, received: amount))
        #expect(attempt.status == .requiresPaymentMethod)
        #expect(attempt.reviewReason?.hasPrefix("amount_mismatch: expected 3000 USD") == true)
    }

    @Test("reads the currency in any case")
    func theCurrencyIsCaseInsensitive() {
        let attempt = Self.applied(Fixture.intent(.succeeded, currency: "usd"))
        #expect(attempt.status == .succeeded)
        #expect(attempt.reviewReason == nil)
    }

    @Test(
        "never forgets money received, even from an older snapshot",
        arguments: [
            (Int64(0), Int64(3000), Int64(3000)), (3000, 0, 3000), (1000, 3000, 3000),
        ])
    func theAmountReceivedNeverGoesDown(_ known: Int64, _ reported: Int64, _ kept: Int64) {
        let attempt = Fixture.attempt(.processing, received: known)
            .applying(.paymentIntent(Fixture.intent(.processing, received: reported)))
        #expect(attempt.amountReceived == kept)
    }

    @Test("keeps a next action only while the customer must act", arguments: meanings)
    func aNextActionOnlyWhileTheCustomerMustAct(_ meaning: (GatewayPaymentStatus, AttemptStatus)) {
        let attempt = Self.applied(Fixture.intent(meaning.0, nextAction: Fixture.challenge))
        #expect(attempt.nextAction == (meaning.1 == .requiresAction ? Fixture.challenge : nil))
    }

    @Test(
        "records a decline by the issuer's reason first",
        arguments: [
            (GatewayPaymentError(code: "card_declined", declineCode: "insufficient_funds", message: "m"), "insufficient_funds"),
            (GatewayPaymentError(code: "card_declined", declineCode: nil, message: "m"), "card_declined"),
            (GatewayPaymentError(code: nil, declineCode: "stolen_card", message: "m"), "stolen_card"),
        ])
    func aDeclineIsRecorded(_ error: GatewayPaymentError, _ code: String) {
        let attempt = Self.applied(Fixture.intent(.requiresPaymentMethod, error: error))
        #expect(attempt.lastErrorCode == code)
        #expect(attempt.lastErrorMessage == "m")
    }

    @Test(
        "forgets an earlier decline once the payment moves on, not while a new method is awaited",
        arguments: meanings)
    func anEarlierDeclineIsForgottenWhenThePaymentMovesOn(_ meaning: (GatewayPaymentStatus, AttemptStatus)) {
        let attempt = Self.applied(Fixture.intent(meaning.0), errorCode: "card_declined")
        #expect(attempt.lastErrorCode == (meaning.1 == .requiresPaymentMethod ? "card_declined" : nil))
    }
}
