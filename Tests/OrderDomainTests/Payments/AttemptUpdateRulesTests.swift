import Testing

@testable import OrderDomain

/// The rules every fact obeys, whatever its kind: WooshPay's facts arrive late, twice and out
/// of order, so applying one must be idempotent and a closed attempt must never move.
@Suite("Any fact applied to an attempt") struct AttemptUpdateRulesTests {
    /// An attempt WooshPay never answered (no object there), so a refusal would still apply.
    static func unlinked(_ status: AttemptStatus) -> PaymentAttempt {
        Fixture.attempt(status, mode: .checkout, linked: false)
    }

    @Test(
        "leaves a closed attempt's status, error, next action and review as they were",
        arguments: Fixture.closedStatuses, Fixture.facts)
    func aClosedAttemptNeverMoves(_ status: AttemptStatus, _ fact: Fact) {
        let before = Self.unlinked(status)
        let after = before.applying(fact.update)
        #expect(after.status == status)
        #expect(after.lastErrorCode == before.lastErrorCode)
        #expect(after.nextAction == before.nextAction)
        #expect(after.reviewReason == before.reviewReason)
    }

    @Test("applied twice is applied once", arguments: AttemptStatus.allCases, Fixture.facts)
    func applyingIsIdempotent(_ status: AttemptStatus, _ fact: Fact) {
        let once = Self.unlinked(status).applying(fact.update)
        #expect(once.applying(fact.update) == once)
    }

    @Test("an unknown outcome changes nothing at all", arguments: AttemptStatus.allCases, PaymentMode.allCases)
    func anUnknownOutcomeChangesNothing(_ status: AttemptStatus, _ mode: PaymentMode) {
        let attempt = Fixture.attempt(status, mode: mode)
        #expect(attempt.applying(.outcomeUnknown(reason: "timeout")) == attempt)
    }

    @Test("once an attempt closes, no later fact reopens it, in every rotation of the facts", arguments: Fixture.openStatuses)
    func closingIsForever(_ status: AttemptStatus) {
        for start in Fixture.facts.indices {
            let facts = Fixture.facts[start...] + Fixture.facts[..<start]
            var attempt = Self.unlinked(status)
            var closedAs: AttemptStatus?
            for fact in facts {
                attempt = attempt.applying(fact.update)
                if let closedAs { #expect(attempt.status == closedAs, "reopened by \(fact.testDescription)") }
                if !attempt.status.isOpen { closedAs = closedAs ?? attempt.status }
            }
        }
    }

    @Test("a closed attempt still records WooshPay's ids, spelling and amounts", arguments: Fixture.closedStatuses)
    func aClosedAttemptStillLearnsItsLinks(_ status: AttemptStatus) {
        let attempt = Self.unlinked(status)
            .applying(.checkoutSession(Fixture.session(.complete)))
            .applying(.paymentIntent(Fixture.intent(.succeeded, received: 3000)))
        #expect(attempt.checkoutSessionID == "cs_1")
        #expect(attempt.checkoutURL == "https://pay.example/cs_1")
        #expect(attempt.paymentIntentID == "pi_1")
        #expect(attempt.gatewayStatus == "succeeded")
        #expect(attempt.amountReceived == 3000)
        #expect(attempt.status == status)
    }

    @Test(
        "whether WooshPay holds an object depends on the mode's own object",
        arguments: [
            (PaymentMode.checkout, "cs_1", nil, true), (.checkout, nil, "pi_1", false), (.checkout, nil, nil, false),
            (.sdk, nil, "pi_1", true), (.sdk, "cs_1", nil, false), (.direct, nil, "pi_1", true), (.direct, nil, nil, false),
        ] as [(PaymentMode, String?, String?, Bool)])
    func hasGatewayObject(_ mode: PaymentMode, _ session: String?, _ intent: String?, _ holds: Bool) {
        var attempt = Fixture.attempt(.pending, mode: mode, linked: false)
        attempt.checkoutSessionID = session
        attempt.paymentIntentID = intent
        #expect(attempt.hasGatewayObject == holds)
    }
}
