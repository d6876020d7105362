import Foundation
import Testing
import WooshPaySandbox

/// `POST /webhooks/wooshpay` against the live app: verify, store raw once, acknowledge;
/// anything unauthenticated or unreadable is refused with nothing stored.
@Suite("Webhook receive") struct WebhookReceiveTests {
    @Test func aSignedEventIsStoredRawOnceAndADuplicateIsAcknowledged() async throws {
        try await PaymentHarness.with { h in
            let body = PaymentHarness.intentEvent("evt_100", intent: "pi_100")
            let first = try await h.deliver(body)
            #expect(first.status == 200)
            #expect(first.text == #"{"received":true}"#)
            let row = try #require(try await h.inboxRow("evt_100"))
            #expect(row["status"] == "received")
            #expect(row["attempts"] == "0")
            #expect(row["type"] == "payment_intent.succeeded")
            #expect(row["object_id"] == "pi_100")
            #expect(row["sync_object_id"] == "pi_100")
            #expect(row["raw_body"] == body, "stored byte for byte, never re-serialised")

            // WooshPay delivers again (a retry, or the same event twice): one row, still 200.
            let again = try await h.deliver(body)
            #expect(again.status == 200)
            #expect(again.text == #"{"duplicate":true,"received":true}"#)
            #expect(try await h.count("SELECT count(*) AS n FROM webhook_events") == 1)
            #expect(try await h.inboxRow("evt_100")?["status"] == "received", "nothing is processed inline")
        }
    }

    @Test func aRefundEventSyncsItsRefundAndOtherObjectsNothing() async throws {
        try await PaymentHarness.with { h in
            let refund =
                #"{"id":"evt_r1","object":"event","type":"charge.refund.updated","created":1754626531,"#
                + #""data":{"object":{"id":"re_1","object":"refund","amount":500,"currency":"USD","payment_intent":"pi_9","status":"succeeded"}}}"#
            let answer = try await h.deliver(refund)
            #expect(answer.status == 200)
            #expect(try await h.inboxRow("evt_r1")?["object_id"] == "re_1")
            #expect(try await h.inboxRow("evt_r1")?["sync_object_id"] == "re_1", "the refund is re-read, not its payment")
            let payout =
                #"{"id":"evt_p1","object":"event","type":"payout.paid","created":1754626531,"data":{"object":{"id":"po_1","object":"payout"}}}"#
            #expect(try await h.deliver(payout).status == 200)
            #expect(try await h.inboxRow("evt_p1")?["type"] == "payout.paid")
            #expect(try await h.inboxRow("evt_p1")?["sync_object_id"] == "")
        }
    }

    /// The route decodes only the envelope: an authentic event naming its intent is stored
    /// even when the intent's other fields are unreadable, and the processor re-reads the
    /// intent at WooshPay (refusing it would only make WooshPay send the same bytes again).
    @Test func anEventWhoseObjectIsPartialIsStoredForItsObjectToBeReRead() async throws {
        try await PaymentHarness.with { h in
            let partial = #"{"id":"evt_300","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":"pi_300"}}}"#
            let stored = try await h.deliver(partial)
            #expect(stored.status == 200)
            #expect(try await h.inboxRow("evt_300")?["sync_object_id"] == "pi_300")
            let noID = #"{"id":"evt_301","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent"}}}"#
            #expect(try await h.deliver(noID).errorCode == "invalid_payload", "nothing to re-read")
            #expect(try await h.inboxRow("evt_301") == nil)
        }
    }

    @Test func forgedMissingStaleAndMalformedDeliveriesAreRefusedWithNothingStored() async throws {
        try await PaymentHarness.with { h in
            let body = PaymentHarness.intentEvent("evt_200", intent: "pi_200")
            let now = Int64(Date().timeIntervalSince1970)
            let cases: [(String, String, String??)] = [
                ("no header", "invalid_signature", .some(nil)),
                ("garbage header", "invalid_signature", "nonsense"),
                (
                    "wrong secret", "invalid_signature",
                    WooshPaySandbox.WebhookSigner(secret: "whsec_other").header(timestamp: now, body: Array(body.utf8))
                ),
                // Signed for another body: the signature covers the exact bytes.
                ("other body", "invalid_signature", h.signer.header(timestamp: now, body: Array((body + " ").utf8))),
                // Four days old: beyond WooshPay's 72-hour retry window.
                ("stale", "stale_signature", h.signer.header(timestamp: now - 4 * 86400, body: Array(body.utf8))),
            ]
            for (name, code, signature) in cases {
                let answer = try await h.deliver(body, signature: signature)
                #expect(answer.status == 400, "\(name)")
                #expect(answer.errorCode == code, "\(name): \(answer.text)")
            }
            let malformed = try await h.deliver(#"{"id":"evt_201","type":"payment_intent.succeeded"#)
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "invalid_payload")
            let noObject = try await h.deliver(#"{"id":"evt_202","type":"payment_intent.succeeded","data":{}}"#)
            #expect(noObject.errorCode == "invalid_payload")
            #expect(try await h.count("SELECT count(*) AS n FROM webhook_events") == 0)
        }
    }

    @Test func anOversizedBodyIs413AndNotStored() async throws {
        try await PaymentHarness.with { h in
            let padding = String(repeating: "x", count: 257 * 1024)
            let body =
                #"{"id":"evt_300","object":"event","type":"payment_intent.succeeded","pad":"\#(padding)","#
                + #""data":{"object":{"id":"pi_300","object":"payment_intent","amount":1,"currency":"USD","status":"succeeded"}}}"#
            let answer = try await h.deliver(body)
            #expect(answer.status == 413)
            #expect(answer.errorCode == "body_too_large")
            // Just under the limit is fine: the limit is about size, not this event.
            let small = body.replacingOccurrences(of: padding, with: String(repeating: "x", count: 200 * 1024))
            #expect(try await h.deliver(small).status == 200)
            #expect(try await h.count("SELECT count(*) AS n FROM webhook_events") == 1)
        }
    }
}
