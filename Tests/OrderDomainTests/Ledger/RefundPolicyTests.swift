import Testing

@testable import OrderDomain

/// What a refund may take, and what WooshPay's report does to a refund: the rules the
/// refund store once held in its SQL transaction.
@Suite("Refund decisions: what can still be refunded, and closed refunds never move")
struct RefundPolicyTests {
    static let paid = Fixture.attempt(.succeeded, received: 3000)

    @Test(
        "the kept payment minus what is held bounds a refund; nil asks for all that remains",
        arguments: [
            (held: Int64(0), asked: Int64?.none, granted: Int64(3000)),
            (held: 1000, asked: nil, granted: 2000),
            (held: 1000, asked: 2000, granted: 2000),
            (held: 0, asked: 1, granted: 1),
        ])
    func granted(held: Int64, asked: Int64?, granted: Int64) throws {
        let plan = try RefundPolicy.decide(kept: Self.paid, held: held, amount: asked)
        #expect(plan.amount == granted)
        #expect(plan.attempt.id == "pay_1")
        #expect(plan.paymentIntentID == "pi_1")
    }

    @Test(
        "refusals, each with its code",
        arguments: [
            (kept: PaymentAttempt?.none, held: Int64(0), asked: Int64?.none, code: ErrorCode.orderNotRefundable),
            (kept: Fixture.attempt(.succeeded, linked: false, received: 3000), held: 0, asked: nil, code: .orderNotRefundable),
            (kept: RefundPolicyTests.paid, held: 3000, asked: nil, code: .orderFullyRefunded),
            (kept: RefundPolicyTests.paid, held: 3500, asked: 1, code: .orderFullyRefunded),
            (kept: RefundPolicyTests.paid, held: 1000, asked: 2001, code: .refundExceedsCaptured),
        ])
    func refused(kept: PaymentAttempt?, held: Int64, asked: Int64?, code: ErrorCode) {
        #expect { _ = try RefundPolicy.decide(kept: kept, held: held, amount: asked) } throws: {
            ($0 as? DomainError)?.errorCode == code
        }
    }

    @Test("held: every refund but a failed or canceled one counts against the captured amount")
    func holding() {
        #expect(Refund.Status.allCases.filter(\.holdsCapturedMoney) == [.pending, .requiresAction, .succeeded])
    }

    static func refund(_ status: Refund.Status, attempt: String = "pay_1") -> Refund {
        Refund(
            id: "rf_1", orderID: "ord_1", attemptID: attempt, paymentIntentID: "pi_1", amount: 500, currency: "USD",
            reason: .requestedByCustomer, status: status, idempotencyKey: "merchant-rf_1", cause: "admin:ops")
    }

    @Test(
        "an open refund takes WooshPay's status; a closed one keeps its own; an unknown status changes nothing",
        arguments: Refund.Status.allCases)
    func applying(stored: Refund.Status) {
        for reported in Refund.Status.allCases.map(Optional.some) + [nil] {
            let change = Self.refund(stored).applying(reported)
            let expected = stored.isOpen ? (reported ?? stored) : stored
            #expect(change.status == expected, "\(stored) reported \(String(describing: reported))")
            #expect(change.changed == (expected != stored))
        }
    }

    @Test(
        "only the first success of the kept payment's refund adds to the order's refunded amount",
        arguments: [
            (stored: Refund.Status.pending, reported: Refund.Status.succeeded, kept: "pay_1", added: Int64(500)),
            (stored: .requiresAction, reported: .succeeded, kept: "pay_1", added: 500),
            (stored: .pending, reported: .succeeded, kept: "pay_0", added: 0),
            (stored: .succeeded, reported: .succeeded, kept: "pay_1", added: 0),
            (stored: .pending, reported: .failed, kept: "pay_1", added: 0),
            (stored: .failed, reported: .succeeded, kept: "pay_1", added: 0),
        ])
    func increase(stored: Refund.Status, reported: Refund.Status, kept: String, added: Int64) {
        let refund = Self.refund(stored)
        #expect(refund.refundedIncrease(after: refund.applying(reported), keptAttemptID: kept) == added)
    }
}
