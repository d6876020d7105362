import Foundation
import Testing
import WooshPaySandbox

/// The webhook inbox for operators, with the sandbox delivering real signed webhooks to the
/// app and the app's processor running (as `merchant serve` runs them).
@Suite("Admin: webhook inbox") struct AdminWebhookInboxTests {
    /// The stored event of `type` about `object`.
    static func eventID(_ h: PaymentHarness, type: String, object: String) async throws -> String {
        try await h.scalar("SELECT event_id FROM webhook_events WHERE type = $1 AND object_id = $2", [type, object])
    }

    @Test func listShowAndReplayOfAProcessedEvent() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let key = try await h.adminKey("replayer")
            let payment = try await h.sdkPayment()
            try await h.drive(payment.intent, to: "succeeded")
            try await h.eventually("both events processed and the order paid") {
                let processed = try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status = 'processed'")
                let status = try await h.orderStatus(payment.order)
                return processed == 2 && status == "paid"
            }
            let succeeded = try await Self.eventID(h, type: "payment_intent.succeeded", object: payment.intent)
            let created = try await Self.eventID(h, type: "payment_intent.created", object: payment.intent)

            // Newest first by arrival: the sandbox delivers concurrently, so on a loaded machine
            // the creation event can arrive after the success (a run here saw it).
            let arrived = try await h.pool.withConnection { conn in
                try conn.query("SELECT event_id FROM webhook_events ORDER BY received_at DESC, event_id DESC").map {
                    try $0.decode("event_id", as: String.self)
                }
            }
            #expect(Set(arrived) == [succeeded, created])
            let (newest, older) = (arrived[0], arrived[1])
            let list = try await h.admin(.GET, "/webhook-events", key: key)
            #expect(list.status == 200, "\(list.text)")
            #expect(PaymentHarness.ids(list) == arrived, "newest first")
            #expect(PaymentHarness.data(list).allSatisfy { $0["raw_body"] == nil && $0["status"] as? String == "processed" })
            #expect(PaymentHarness.data(list).first?["object_id"] as? String == payment.intent)
            let first = try await h.admin(.GET, "/webhook-events?limit=1", key: key)
            #expect(PaymentHarness.ids(first) == [newest])
            #expect(first.json["has_more"] as? Bool == true)
            let second = try await h.admin(.GET, "/webhook-events?limit=1&starting_after=\(newest)", key: key)
            #expect(PaymentHarness.ids(second) == [older])
            #expect(second.json["has_more"] as? Bool == false)
            #expect(PaymentHarness.ids(try await h.admin(.GET, "/webhook-events?status=processed", key: key)).count == 2)
            #expect(PaymentHarness.ids(try await h.admin(.GET, "/webhook-events?status=failed", key: key)).isEmpty)
            for (query, code) in [
                ("status=done", "invalid_status"), ("limit=0", "invalid_limit"), ("starting_after=evt_nope", "invalid_cursor"),
                ("type=x", "unknown_parameter"),
            ] {
                let bad = try await h.admin(.GET, "/webhook-events?" + query, key: key)
                #expect(bad.status == 400 && bad.errorCode == code, "\(query): \(bad.text)")
            }

            let show = try await h.admin(.GET, "/webhook-events/\(succeeded)", key: key)
            #expect(show.status == 200)
            #expect(show.json["type"] as? String == "payment_intent.succeeded")
            #expect(show.json["attempts"] as? Int == 1)
            #expect(show.json["last_error"] is NSNull)
            #expect(show.json["processed_at"] is Int)
            let raw = try #require(show.json["raw_body"] as? String)
            #expect(raw.contains(payment.intent))
            #expect(raw.contains(#""client_secret":null"#), "\(raw)")
            let stored = try await h.scalar("SELECT raw_body FROM webhook_events WHERE event_id = $1", [succeeded])
            #expect(!stored.contains("_secret_"), "the intent's client secret is not stored (review finding 9): \(stored)")
            #expect(!show.text.contains("_secret_"), "nor shown")

            let replay = try await h.admin(.POST, "/webhook-events/\(succeeded)/replay", key: key)
            #expect(replay.status == 202, "\(replay.text)")
            #expect(replay.json["status"] as? String == "received")
            #expect(replay.json["processed_at"] is NSNull)
            #expect(replay.json["lease_until"] is NSNull)
            try await h.eventually("the replayed event processed again") {
                try await h.inboxRow(succeeded)?["status"] == "processed"
            }
            #expect(try await h.inboxRow(succeeded)?["attempts"] == "2")
            #expect(
                try await h.count(
                    """
                    SELECT count(*) AS n FROM order_events
                    WHERE order_id = $1 AND type = 'webhook.replayed' AND cause = 'admin:replayer' AND data->>'event' = $2
                      AND data->>'previous_status' = 'processed'
                    """, [payment.order, succeeded]) == 1)
            #expect(try await h.orderStatus(payment.order) == "paid")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid'",
                    [payment.order]) == 1, "a replay cannot pay twice")

            // A refund event names the refund, not a payment: its replay is noted on the
            // order of the refund.
            let refund = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(payment.intent)/refund", #"{"amount":100}"#)
            let refundID = try #require(refund.string("id"), "\(refund.text)")
            try await h.eventually("the refund event processed") {
                try await h.scalar("SELECT status FROM webhook_events WHERE object_id = $1", [refundID]) == "processed"
            }
            let refundEvent = try await h.scalar("SELECT event_id FROM webhook_events WHERE object_id = $1", [refundID])
            #expect(try await h.admin(.POST, "/webhook-events/\(refundEvent)/replay", key: key).status == 202)
            #expect(
                try await h.count(
                    """
                    SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'webhook.replayed' AND data->>'event' = $2
                    """, [payment.order, refundEvent]) == 1)

            for path in ["/webhook-events/evt_nope", "/webhook-events/evt_nope/replay"] {
                let missing = try await h.admin(path.hasSuffix("replay") ? .POST : .GET, path, key: key)
                #expect(missing.status == 404 && missing.errorCode == "webhook_event_not_found", "\(path): \(missing.text)")
            }
        }
    }

    @Test func replayOfAnIgnoredEventRunsItAgainWithoutAnAuditRow() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let key = try await h.adminKey("replayer")
            #expect(try await h.deliver(PaymentHarness.intentEvent("evt_stranger", intent: "pi_stranger")).status == 200)
            try await h.eventually("ignored") { try await h.inboxRow("evt_stranger")?["status"] == "ignored" }
            let replay = try await h.admin(.POST, "/webhook-events/evt_stranger/replay", key: key)
            #expect(replay.status == 202)
            try await h.eventually("ignored again") {
                let row = try await h.inboxRow("evt_stranger")
                return row?["status"] == "ignored" && row?["attempts"] == "2"
            }
            #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE type = 'webhook.replayed'") == 0, "no order to note it on")
            let show = try await h.admin(.GET, "/webhook-events/evt_stranger", key: key)
            #expect((show.json["last_error"] as? String)?.contains("pi_stranger") == true)
            #expect(show.json["status"] as? String == "ignored")
        }
    }
}
