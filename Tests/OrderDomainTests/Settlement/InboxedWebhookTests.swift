import Testing

@testable import OrderDomain

/// What the inbox stores of an event's envelope: the object's id and what a sync re-reads.
@Suite("Inboxed webhook rows")
struct InboxedWebhookTests {
    @Test(
        "each object kind's stored ids",
        arguments: [
            (WebhookEnvelope.ObjectReference.paymentIntent(id: "pi_1"), "pi_1", SyncTarget.payment(objectID: "pi_1")),
            (.checkoutSession(id: "cs_1"), "cs_1", .payment(objectID: "cs_1")),
            (.refund(id: "re_1"), "re_1", .refund(id: "re_1")),
            (.dispute(id: "dp_1"), "dp_1", .dispute(id: "dp_1")),
            (.other(kind: "payout", id: "po_1"), "po_1", nil),
            (.other(kind: "dispute", id: nil), nil, nil),
        ] as [(WebhookEnvelope.ObjectReference, String?, SyncTarget?)])
    func rows(_ object: WebhookEnvelope.ObjectReference, _ objectID: String?, _ sync: SyncTarget?) {
        let row = InboxedWebhook(
            WebhookEnvelope(id: "evt_1", type: .paymentIntentSucceeded, object: object), rawBody: Array("{}".utf8))
        #expect(row.eventID == "evt_1" && row.type == "payment_intent.succeeded" && row.rawBody == "{}")
        #expect(row.objectID == objectID)
        #expect(row.syncTarget == sync)
    }

    @Test(
        "a decoded event's envelope names its object by kind and id",
        arguments: [
            (GatewayEventObject.other(kind: "dispute", id: "dp_2"), WebhookEnvelope.ObjectReference.dispute(id: "dp_2")),
            (.other(kind: "dispute", id: nil), .other(kind: "dispute", id: nil)),
            (.other(kind: "payout", id: "po_2"), .other(kind: "payout", id: "po_2")),
            (
                .checkoutSession(CheckoutSessionSnapshot(id: "cs_2", status: .expired, paymentStatus: .unpaid)),
                .checkoutSession(id: "cs_2")
            ),
        ] as [(GatewayEventObject, WebhookEnvelope.ObjectReference)])
    func envelopes(_ object: GatewayEventObject, _ expected: WebhookEnvelope.ObjectReference) {
        let event = GatewayEvent(id: "evt_2", type: .other("x.y"), created: nil, object: object)
        #expect(WebhookEnvelope(event) == WebhookEnvelope(id: "evt_2", type: .other("x.y"), object: expected))
    }
}
