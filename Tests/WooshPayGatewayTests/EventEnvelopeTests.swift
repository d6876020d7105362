import OrderDomain
import Testing

@testable import WooshPayGateway

/// The webhook route decodes only the envelope; it must name what the full decoder names.
@Suite("Event envelope decoding")
struct EventEnvelopeTests {
    static let bodies = [
        #"{"id":"evt_1","object":"event","created":1754626531398,"type":"payment_intent.payment_failed","data":{"object":{"id":"pi_1","object":"payment_intent","amount":2500,"currency":"usd","status":"requires_payment_method","merchant_order_id":"ord_demo"}}}"#,
        #"{"id":"evt_2","created":1754626531,"type":"checkout.session.expired","data":{"object":{"id":"cs_1","object":"checkout.session","status":"expired","payment_status":"unpaid"}}}"#,
        #"{"id":"evt_3","created":1754626531,"type":"charge.refund.updated","data":{"object":{"id":"re_1","object":"refund","amount":100,"currency":"usd","status":"succeeded","payment_intent":"pi_1"}}}"#,
        #"{"id":"evt_4","created":1754626531,"type":"charge.dispute.created","data":{"object":{"id":"dp_1","object":"dispute"}}}"#,
        #"{"id":"evt_5","type":"payment_intent.succeeded","data":{"object":"{\"id\":\"pi_5\",\"amount\":10,\"currency\":\"usd\",\"status\":\"succeeded\"}"}}"#,
        #"{"id":"evt_6","created":1754626531,"type":"charge.dispute.closed","data":{"object":{"id":"dp_2","object":"dispute","amount":66,"currency":"usd","status":"lost","payment_intent":"pi_9"}}}"#,
        #"{"id":"evt_7","type":"payout.paid","data":{"object":{"id":"po_1","object":"payout"}}}"#,
        #"{"id":"evt_8","type":"charge.dispute.created","data":{"object":{"object":"dispute"}}}"#,
    ]

    @Test("the envelope is the full event's envelope", arguments: bodies)
    func agreesWithTheFullDecoder(_ body: String) throws {
        let full = try WooshPayDecoding.event(from: Array(body.utf8))
        #expect(try WooshPayDecoding.envelope(from: Array(body.utf8)) == WebhookEnvelope(full))
    }

    @Test("a payment intent whose other fields are unreadable still names its intent (the processor re-reads it)")
    func partialIntent() throws {
        let body = #"{"id":"evt_9","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":"pi_9"}}}"#
        #expect(throws: WebhookVerificationError.malformedPayload) { try WooshPayDecoding.event(from: Array(body.utf8)) }
        let envelope = try WooshPayDecoding.envelope(from: Array(body.utf8))
        #expect(envelope == WebhookEnvelope(id: "evt_9", type: .paymentIntentSucceeded, object: .paymentIntent(id: "pi_9")))
    }

    @Test(
        "no id, no type, no object, or a modelled object without its id is malformed",
        arguments: [
            "not json", #"{"id":"evt_1"}"#, #"{"type":"payment_intent.succeeded","data":{"object":{"id":"pi_1"}}}"#,
            #"{"id":"evt_1","type":"payment_intent.succeeded","data":{}}"#,
            #"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":7}}"#,
            #"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","amount":5}}}"#,
            #"{"id":"evt_1","type":"refund.updated","data":{"object":{"object":"refund"}}}"#,
            #"{"id":"evt_1","type":"checkout.session.completed","data":{"object":"{\"status\":\"complete\"}"}}"#,
        ])
    func malformed(_ body: String) {
        #expect(throws: WebhookVerificationError.malformedPayload) { try WooshPayDecoding.envelope(from: Array(body.utf8)) }
    }
}
