import OrderDomain
import Testing

@testable import WooshPayGateway

/// Event bodies: type mapping and `data.object` dispatch.
@Suite("Event decoding")
struct EventDecodingTests {
    func event(_ json: String) throws(WebhookVerificationError) -> GatewayEvent {
        try WooshPayDecoding.event(from: Array(json.utf8))
    }

    @Test("a payment intent event with ms created")
    func paymentIntentEvent() throws {
        let e = try event(
            #"{"id":"evt_1","object":"event","api_version":"1.0.1","created":1754626531398,"type":"payment_intent.payment_failed","livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":"k"},"data":{"object":{"id":"pi_1","object":"payment_intent","amount":2500,"currency":"usd","status":"requires_payment_method","merchant_order_id":"ord_demo"}}}"#
        )
        #expect(e.type == .paymentIntentPaymentFailed)
        #expect(e.created == GatewayTimestamp(epochMilliseconds: 1_754_626_531_398))
        guard case .paymentIntent(let pi) = e.object else {
            Issue.record("expected a payment intent, got \(e.object)")
            return
        }
        #expect(pi.currency == "USD")
        #expect(pi.merchantOrderID == "ord_demo")
    }

    @Test("session, refund and other objects; unknown event types are kept")
    func otherObjects() throws {
        let expired = try event(
            #"{"id":"evt_2","created":1754626531,"type":"checkout.session.expired","data":{"object":{"id":"cs_1","object":"checkout.session","status":"expired","payment_status":"unpaid"}}}"#
        )
        #expect(expired.type == .checkoutSessionExpired)
        #expect(expired.object == .checkoutSession(CheckoutSessionSnapshot(id: "cs_1", status: .expired, paymentStatus: .unpaid)))
        let refund = try event(
            #"{"id":"evt_3","created":1754626531,"type":"charge.refund.updated","data":{"object":{"id":"re_1","object":"refund","amount":100,"currency":"usd","status":"succeeded","payment_intent":"pi_1"}}}"#
        )
        #expect(refund.type == .refundUpdated)
        guard case .refund(let snapshot) = refund.object else {
            Issue.record("expected a refund")
            return
        }
        #expect(snapshot.status == .succeeded)
        let dispute = try event(
            #"{"id":"evt_4","created":1754626531,"type":"charge.dispute.created","data":{"object":{"id":"dp_1","object":"dispute"}}}"#)
        #expect(dispute.type == .other("charge.dispute.created"))
        #expect(dispute.object == .other(kind: "dispute", id: "dp_1"), "a partial dispute is kept by kind and id")
        let full = try event(
            #"{"id":"evt_6","created":1754626531,"type":"charge.dispute.closed","data":{"object":{"id":"dp_2","object":"dispute","amount":66,"currency":"usd","status":"lost","payment_intent":"pi_9"}}}"#
        )
        guard case .dispute(let closed) = full.object else {
            Issue.record("expected a dispute, got \(full.object)")
            return
        }
        #expect(closed.status == .lost && closed.paymentIntentID == "pi_9" && closed.currency == "USD")
    }

    @Test("an object without its `object` field is recognised from the event type; stringified data.object")
    func inferredKind() throws {
        let e = try event(
            #"{"id":"evt_5","type":"payment_intent.succeeded","data":{"object":"{\"id\":\"pi_5\",\"amount\":10,\"currency\":\"usd\",\"status\":\"succeeded\"}"}}"#
        )
        guard case .paymentIntent(let pi) = e.object else {
            Issue.record("expected a payment intent")
            return
        }
        #expect(pi.id == "pi_5")
        #expect(pi.status == .succeeded)
    }

    @Test(
        "every known event type string",
        arguments: [
            ("payment_intent.created", GatewayEventType.paymentIntentCreated),
            ("payment_intent.succeeded", .paymentIntentSucceeded),
            ("payment_intent.payment_failed", .paymentIntentPaymentFailed),
            ("payment_intent.requires_action", .paymentIntentRequiresAction),
            ("payment_intent.processing", .paymentIntentProcessing),
            ("payment_intent.canceled", .paymentIntentCanceled),
            ("payment_intent.amount_capturable_updated", .paymentIntentAmountCapturableUpdated),
            ("checkout.session.completed", .checkoutSessionCompleted),
            ("checkout.session.expired", .checkoutSessionExpired),
            ("charge.refund.updated", .refundUpdated),
            ("refund.updated", .refundUpdated),
            ("charge.refunded", .chargeRefunded),
            ("payout.paid", .other("payout.paid")),
        ])
    func eventTypes(_ raw: String, _ expected: GatewayEventType) {
        #expect(WireEventType.domainType(raw) == expected)
    }

    @Test("a payment intent event whose object is unreadable is malformed, not silently `.other`")
    func unreadableIntent() {
        #expect(throws: WebhookVerificationError.malformedPayload) {
            try event(#"{"id":"evt_6","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":"pi_6"}}}"#)
        }
        #expect(throws: WebhookVerificationError.malformedPayload) {
            try event(#"{"id":"evt_7","type":"payment_intent.succeeded"}"#)
        }
    }
}
