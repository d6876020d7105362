import Testing

@testable import OrderDomain

/// How reconciliation compares our attempt with WooshPay's intent, and what it does about
/// each difference once the intent has been recorded.
@Suite("Reconciliation judges an attempt against WooshPay's intent") struct ReconcilerJudgementTests {
    typealias Kind = ReconciliationFinding.Kind

    static let requiresPaymentMethod = Fixture.attempt(.requiresPaymentMethod)

    @Test(
        "finds what differs: the link, the state, the amount, the currency",
        arguments: [
            (AttemptStatus.requiresPaymentMethod, Fixture.intent(.requiresPaymentMethod), [Kind]()),
            (.requiresPaymentMethod, Fixture.intent(.succeeded), [.stateDiffers]),
            (.requiresPaymentMethod, Fixture.intent(.unknown("new_status")), []),
            (.requiresPaymentMethod, Fixture.intent(.requiresPaymentMethod, currency: "usd"), []),
            (
                .requiresPaymentMethod, Fixture.intent(.requiresPaymentMethod, amount: 2999, currency: "eur", id: "pi_2"),
                [.notLinked, .amountDiffers, .currencyDiffers]
            ),
            (.expired, Fixture.intent(.canceled), []),
            (.expired, Fixture.intent(.succeeded), [.stateDiffers]),
            (.canceled, Fixture.intent(.canceled), []),
            (.succeeded, Fixture.intent(.succeeded, amount: 3001), [.amountDiffers]),
        ])
    func differences(_ status: AttemptStatus, _ intent: PaymentIntentSnapshot, _ kinds: [Kind]) {
        #expect(Reconciler.differences(Fixture.attempt(status), intent) == kinds)
    }

    @Test(
        "an expired checkout and its canceled intent say the same; nothing else is read loosely",
        arguments: AttemptStatus.allCases, AttemptStatus.allCases)
    func agreement(_ ours: AttemptStatus, _ theirs: AttemptStatus) {
        #expect(Reconciler.agrees(ours, theirs) == (ours == theirs || (ours, theirs) == (.expired, .canceled)))
    }

    @Test(
        "decides per difference: repaired when gone, flagged where money is at stake, else reported",
        arguments: [
            (Kind.amountDiffers, [Kind](), GatewayPaymentStatus.succeeded, ReconciliationFinding.Action.flagged),
            (.currencyDiffers, [], .requiresPaymentMethod, .flagged),
            (.stateDiffers, [], .succeeded, .repaired),
            (.notLinked, [], .canceled, .repaired),
            (.stateDiffers, [.stateDiffers], .succeeded, .flagged),
            (.stateDiffers, [.stateDiffers], .processing, .flagged),
            (.stateDiffers, [.stateDiffers], .requiresCapture, .flagged),
            (.stateDiffers, [.stateDiffers], .unknown("new"), .flagged),
            (.stateDiffers, [.stateDiffers], .requiresPaymentMethod, .reported),
            (.notLinked, [.notLinked], .canceled, .reported),
            (.stateDiffers, [.stateDiffers, .amountDiffers], .requiresPaymentMethod, .flagged),
        ])
    func action(_ kind: Kind, _ remaining: [Kind], _ status: GatewayPaymentStatus, _ action: ReconciliationFinding.Action) {
        #expect(Reconciler.action(kind, remaining: remaining, intent: Fixture.intent(status)) == action)
    }

    @Test("a money difference is told with both sides' amounts")
    func describesMoney() {
        let intent = Fixture.intent(.succeeded, amount: 2999, currency: "eur")
        let line = Reconciler.describe(.amountDiffers, Self.requiresPaymentMethod, intent)
        #expect(line == "pay_1 asks 3000 USD, WooshPay's pi_1 is 2999 EUR")
        #expect(Reconciler.describe(.currencyDiffers, Self.requiresPaymentMethod, intent) == line)
    }

    @Test(
        "a report needs a person when a finding was not repaired or the list was cut short",
        arguments: [
            ([ReconciliationFinding.Action](), false, false), ([.repaired], false, false), ([], true, true),
            ([.repaired, .reported], false, true), ([.flagged], false, true), ([.failed], false, true),
        ])
    func needsAttention(_ actions: [ReconciliationFinding.Action], _ truncated: Bool, _ attention: Bool) {
        let findings = actions.map {
            ReconciliationFinding(
                kind: .stateDiffers, action: $0, intent: Fixture.intent(.succeeded),
                attempt: Self.requiresPaymentMethod, detail: "")
        }
        let report = ReconciliationReport(since: 0, until: nil, truncated: truncated, findings: findings)
        #expect(report.needsAttention == attention)
        #expect(report.count(.stateDiffers) == actions.count)
    }
}
