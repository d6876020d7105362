import Testing

@testable import OrderDomain

/// When an order may be canceled or expire, and the audit event each writes.
@Suite("Cancel and expiry decisions") struct CancelAndExpiryTests {
    @Test(
        "a cancel of an unpaid order whose attempts are closed cancels it, giving back what it reserved",
        arguments: [OrderStatus.awaitingPayment, .paymentFailed, .requiresAction], [true, false])
    func cancels(status: OrderStatus, reserved: Bool) throws {
        let decision = try CancelPolicy.decide(status: status, attempts: Fixture.attempts([.failed, .canceled]), stockReserved: reserved)
        #expect(decision == .cancel(releaseStock: reserved, event: .orderCanceled(from: status, stockReleased: reserved)))
    }

    @Test("a canceled order is canceled again as a no-op")
    func repeated() throws {
        #expect(try CancelPolicy.decide(status: .canceled, attempts: [], stockReserved: false) == .alreadyCanceled)
    }

    @Test(
        "refusals: no order, paid, a succeeded attempt, expired, an attempt still open",
        arguments: [
            (status: OrderStatus?.none, attempts: [AttemptStatus](), code: ErrorCode.orderNotFound),
            (status: .paid, attempts: [.succeeded], code: .orderAlreadyPaid),
            (status: .refunded, attempts: [.succeeded], code: .orderAlreadyPaid),
            (status: .partiallyRefunded, attempts: [.failed], code: .orderAlreadyPaid),
            (status: .processing, attempts: [.succeeded], code: .orderAlreadyPaid),
            (status: .expired, attempts: [.expired], code: .orderExpired),
            (status: .awaitingPayment, attempts: [.failed, .requiresAction], code: .orderNotCancelable),
            (status: .authorized, attempts: [.requiresCapture], code: .orderNotCancelable),
        ])
    func refused(status: OrderStatus?, attempts: [AttemptStatus], code: ErrorCode) {
        #expect { _ = try CancelPolicy.decide(status: status, attempts: Fixture.attempts(attempts), stockReserved: true) } throws: {
            ($0 as? DomainError)?.errorCode == code
        }
    }

    @Test("expiry: only an unpaid order past its time with no attempt open expires", arguments: OrderStatus.allCases)
    func expiry(status: OrderStatus) {
        for (past, open) in [(true, false), (true, true), (false, false)] {
            let decision = OrderExpiry.decide(status: status, pastExpiry: past, hasOpenAttempt: open, stockReserved: true)
            let expires = [.awaitingPayment, .paymentFailed, .requiresAction].contains(status) && past && !open
            #expect(
                decision == (expires ? .expire(releaseStock: true, event: .orderExpired(from: status, stockReleased: true)) : .keep),
                "\(status) past \(past) open \(open)")
        }
    }
}
