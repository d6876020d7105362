import Testing

@testable import OrderDomain

/// The order's status from its attempts (in creation order) and its refunds.
@Suite("An order's status derived from its attempts and refunds") struct OrderStatusDerivedTests {
    static func derived(
        _ current: OrderStatus = .awaitingPayment, _ attempts: [PaymentAttempt],
        refunded: Int64 = 0
    ) -> OrderStatus {
        OrderStatus.derived(current: current, attempts: attempts, refunded: refunded, total: Fixture.price.amount)
    }

    @Test(
        "follows the attempts: money first, then a closed order, then the latest attempt",
        arguments: [
            (OrderStatus.awaitingPayment, [AttemptStatus](), OrderStatus.awaitingPayment),
            (.awaitingPayment, [.pending], .awaitingPayment),
            (.awaitingPayment, [.requiresConfirmation], .awaitingPayment),
            (.awaitingPayment, [.requiresAction], .requiresAction),
            (.awaitingPayment, [.failed], .paymentFailed),
            (.awaitingPayment, [.failed, .requiresAction], .requiresAction),
            (.awaitingPayment, [.requiresAction, .failed], .paymentFailed),
            (.awaitingPayment, [.canceled], .awaitingPayment),
            (.awaitingPayment, [.expired], .awaitingPayment),
            (.awaitingPayment, [.processing, .failed], .processing),
            (.awaitingPayment, [.requiresCapture, .failed], .authorized),
            (.awaitingPayment, [.failed, .succeeded, .requiresAction], .paid),
            (.paymentFailed, [.failed, .requiresPaymentMethod], .awaitingPayment),
            (.canceled, [.succeeded], .paid),
            (.expired, [.succeeded], .paid),
            (.canceled, [.requiresCapture], .authorized),
            (.expired, [.processing], .expired),
            (.canceled, [.requiresAction], .canceled),
            (.expired, [], .expired),
        ])
    func followsTheAttempts(_ current: OrderStatus, _ statuses: [AttemptStatus], _ expected: OrderStatus) {
        #expect(Self.derived(current, Fixture.attempts(statuses)) == expected)
    }

    @Test("a decline waiting for a new method reads as a failed payment")
    func aDeclineIsAFailedPayment() {
        let declined = Fixture.attempt(.requiresPaymentMethod, errorCode: "card_declined")
        #expect(Self.derived(.awaitingPayment, [declined]) == .paymentFailed)
        #expect(Self.derived(.awaitingPayment, [Fixture.attempt(.requiresPaymentMethod)]) == .awaitingPayment)
    }

    @Test(
        "refunds count against what the kept payment captured",
        arguments: [
            (Int64(0), Int64(0), OrderStatus.paid), (0, 1, .partiallyRefunded), (0, 2999, .partiallyRefunded), (0, 3000, .refunded),
            (1800, 1799, .partiallyRefunded), (1800, 1800, .refunded), (5000, 3000, .refunded), (5000, 2999, .partiallyRefunded),
        ])
    func refundsAgainstTheCapture(_ received: Int64, _ refunded: Int64, _ expected: OrderStatus) {
        let paid = Fixture.attempt(.succeeded, received: received)
        #expect(Self.derived(.paid, [paid], refunded: refunded) == expected)
    }

    @Test(
        "the kept payment is the first one recorded succeeded; creation order breaks ties",
        arguments: [
            (Int64?(20), Int64?(10), "pay_1"), (10, 20, "pay_0"), (10, 10, "pay_0"), (nil, 10, "pay_1"), (nil, nil, "pay_0"),
        ])
    func theFirstSuccessIsKept(_ first: Int64?, _ second: Int64?, _ kept: String) {
        let attempts = [
            Fixture.attempt(.succeeded, id: "pay_0", succeededAt: first),
            Fixture.attempt(.requiresAction, id: "pay_x"),
            Fixture.attempt(.succeeded, id: "pay_1", succeededAt: second),
        ]
        #expect(attempts.kept?.id == kept)
        #expect([Fixture.attempt(.requiresCapture)].kept == nil)
    }

    @Test("a capture without a reported amount counts the attempt's amount")
    func capturedAmount() {
        #expect(Fixture.attempt(.succeeded).capturedAmount == 3000)
        #expect(Fixture.attempt(.succeeded, received: 1200).capturedAmount == 1200)
    }

    @Test("an order that is paid never accepts another payment", arguments: OrderStatus.allCases)
    func paidNeverAcceptsPayment(_ status: OrderStatus) {
        #expect(!(status.isPaid && status.acceptsPayment))
    }
}
