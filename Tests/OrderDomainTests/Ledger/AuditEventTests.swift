import Testing

@testable import OrderDomain

/// The audit vocabulary: each event's stored type, and the notification it announces.
@Suite("Audit events and the notifications they announce") struct AuditEventTests {
    /// Each order status and the notification entering it announces.
    static let announced: [(OrderStatus, OrderNotification.Kind?)] = [
        (.paid, .paid), (.paymentFailed, .paymentFailed), (.authorized, .authorized), (.refunded, .refunded),
        (.partiallyRefunded, .refunded), (.canceled, .canceled), (.expired, .expired),
        (.awaitingPayment, nil), (.requiresAction, nil), (.processing, nil),
    ]

    @Test("an order entering a status announces its notification, or none", arguments: announced)
    func statusNotifications(status: OrderStatus, expected: OrderNotification.Kind?) {
        let event = AuditEvent.orderStatusChanged(from: .awaitingPayment, to: status)
        #expect(event.notification == expected)
        #expect(event.type == "order.\(status.rawValue)")
        #expect(event.data == ["from": "awaiting_payment"])
    }

    @Test("the table names every order status once")
    func everyStatus() {
        #expect(Self.announced.map(\.0).sorted { $0.rawValue < $1.rawValue } == OrderStatus.allCases.sorted { $0.rawValue < $1.rawValue })
    }

    @Test(
        "types and data as stored",
        arguments: [
            (
                AuditEvent.orderCanceled(from: .awaitingPayment, stockReleased: true), "order.canceled",
                ["from": "awaiting_payment", "stock_released": "true"], OrderNotification.Kind?.some(.canceled)
            ),
            (
                .orderExpired(from: .paymentFailed, stockReleased: false), "order.expired",
                ["from": "payment_failed", "stock_released": "false"], .expired
            ),
            (.orderNeedsReview(attemptID: nil, reason: "paid_without_stock"), "order.needs_review", ["reason": "paid_without_stock"], .needsReview),
            (
                .paymentChanged(attemptID: "pay_1", from: .pending, to: .failed, gatewayStatus: nil), "payment.failed",
                ["attempt": "pay_1", "from": "pending", "gateway_status": ""], nil
            ),
            (
                .paymentCaptureRequested(attemptID: "pay_1", amount: nil, request: "k"), "payment.capture_requested",
                ["attempt": "pay_1", "amount": "all", "request": "k"], nil
            ),
            (
                .paymentCaptureRequested(attemptID: "pay_1", amount: 5, request: nil), "payment.capture_requested",
                ["attempt": "pay_1", "amount": "5"], nil
            ),
            (
                .refundChanged(refundID: "rf_1", to: .succeeded, amount: 500, gatewayRefundID: nil), "refund.succeeded",
                ["refund": "rf_1", "amount": "500", "gateway_refund": ""], nil
            ),
            (
                .refundSeen(refundID: "rf_1", gatewayRefundID: "re_1", amount: 5), "refund.seen",
                ["refund": "rf_1", "gateway_refund": "re_1", "amount": "5", "source": "dashboard"], nil
            ),
            (.orderStockReleased, "order.stock_released", [:], nil),
            (
                .disputeOpened(disputeID: "dp_1", amount: 600, reason: "fraudulent", status: .needsResponse), "dispute.opened",
                ["dispute": "dp_1", "amount": "600", "reason": "fraudulent", "status": "needs_response"], .disputed
            ),
            (
                .disputeChanged(disputeID: "dp_1", from: .underReview, to: .won), "dispute.won",
                ["dispute": "dp_1", "from": "under_review"], .disputeClosed
            ),
        ] as [(AuditEvent, String, [String: String], OrderNotification.Kind?)])
    func rendering(event: AuditEvent, type: String, data: [String: String], notification: OrderNotification.Kind?) {
        #expect(event.type == type)
        #expect(event.data == data)
        #expect(event.notification == notification)
    }

    @Test("the inbox types what an event makes the processor sync, from the event's object")
    func syncTargets() {
        #expect(SyncTarget(kind: "refund", objectID: "re_1") == .refund(id: "re_1"))
        #expect(SyncTarget(kind: "payment", objectID: "re_looks_like_a_refund") == .payment(objectID: "re_looks_like_a_refund"))
        #expect(SyncTarget(kind: "payment", objectID: nil) == nil)
        #expect(SyncTarget(kind: "dispute", objectID: "dp_1") == .dispute(id: "dp_1"))
        #expect(SyncTarget(kind: "payout", objectID: "po_1") == nil)
        for target in [SyncTarget.payment(objectID: "pi_1"), .refund(id: "re_1"), .dispute(id: "dp_1")] {
            #expect(SyncTarget(kind: target.kind, objectID: target.objectID) == target)
        }
    }

    @Test(
        "causes are stored as the audit trail has always spelled them",
        arguments: [
            (SyncCause.api, "api"), (.return, "return"), (.read, "read"), (.poll, "poll"), (.sync, "sync"),
            (.webhook(eventID: "evt_1"), "webhook:evt_1"), (.admin(key: "ops"), "admin:ops"), (.cli, "cli"),
            (.reconcile(by: "cli"), "reconcile:cli"), (.duplicate(attemptID: "pay_1"), "duplicate:pay_1"),
        ])
    func causes(cause: SyncCause, stored: String) {
        #expect(cause.description == stored)
    }
}
