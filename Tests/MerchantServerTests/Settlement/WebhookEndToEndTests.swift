import Foundation
import Testing
import WooshPaySandbox

/// The sandbox delivers real signed webhooks to the live app, every one of them twice,
/// every other one overtaken by the next, all randomly delayed. No poller and no return
/// runs here, so webhooks alone must bring every order to WooshPay's final state, each
/// event stored and processed exactly once.
@Suite("Webhooks end to end") struct WebhookEndToEndTests {
    @Test func duplicatedReorderedDelayedWebhooksSettleEveryOrderOnce() async throws {
        var faults = SandboxFaults()
        faults.webhookDuplicateRate = 1
        faults.webhookReorder = true
        faults.webhookDelayMillisecondsMax = 400
        try await WebhookLiveHarness.with(faults: faults) { h in
            let paid = try await h.sdkPayment()
            try await h.drive(paid.intent, to: "succeeded")
            let declined = try await h.sdkPayment()
            try await h.drive(declined.intent, to: "failed")
            // processing then succeeded: whichever event arrives last, the order ends paid.
            let slow = try await h.sdkPayment()
            try await h.drive(slow.intent, to: "processing")
            try await h.drive(slow.intent, to: "succeeded")
            let challenged = try await h.sdkPayment()
            try await h.drive(challenged.intent, to: "requires_action")
            try await h.seedProduct("CUP", price: 800)
            let hosted = try await h.placeOrder([("CUP", 1)])
            let session = try await h.pay(hosted, #"{"mode":"checkout"}"#)
            let page = try await h.request(
                .POST, session.string("redirect_url") ?? "-", "card_number=4111111111111111&exp=03%2F30&cvc=123",
                contentType: "application/x-www-form-urlencoded")
            #expect(page.status == 303, "paid on the hosted page; the return redirect is not followed")

            let expected = [
                paid.order: "paid", declined.order: "payment_failed", slow.order: "paid",
                challenged.order: "requires_action", hosted.id: "paid",
            ]
            try await Self.waitUntilSettled(h, expected: expected)

            for (order, status) in expected {
                #expect(try await h.orderStatus(order) == status, "\(order)")
                #expect(
                    try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND cause LIKE 'webhook:evt_%'", [order]) >= 1,
                    "\(order) moved by webhooks")
            }
            for order in [paid.order, slow.order, hosted.id] {
                #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid'", [order]) == 1)
            }
            let events = try await h.truth("events")
            #expect(events.allSatisfy { ($0["delivery_attempts"] as? Int ?? 0) >= 2 }, "every event was delivered twice")
            let ids = Set(events.compactMap { $0["id"] as? String })
            let stored = try await h.pool.withConnection { conn in
                try conn.query("SELECT event_id, status, attempts, type FROM webhook_events").map {
                    (
                        id: try $0.decode("event_id", as: String.self), status: try $0.decode("status", as: String.self),
                        attempts: try $0.decode("attempts", as: Int.self), type: try $0.decode("type", as: String.self)
                    )
                }
            }
            #expect(stored.count == ids.count)
            #expect(Set(stored.map(\.id)) == ids, "each event stored once")
            #expect(stored.allSatisfy { $0.attempts == 1 }, "each event processed once")
            // Only a creation event may beat our own record of the intent (then it is ignored).
            #expect(
                stored.allSatisfy { $0.status == "processed" || ($0.status == "ignored" && $0.type == "payment_intent.created") },
                "\(stored.filter { $0.status != "processed" })")
        }
    }

    /// Waits until the sandbox has delivered everything, the inbox is drained and the
    /// orders read as `expected` (or 30 s pass).
    static func waitUntilSettled(_ h: PaymentHarness, expected: [String: String]) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let events = try await h.truth("events")
            // Both copies of each event: the second trails the first by a few milliseconds.
            let delivered = events.allSatisfy { $0["delivered"] as? Bool == true && ($0["delivery_attempts"] as? Int ?? 0) >= 2 }
            let open = try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status IN ('received', 'failed')")
            var statuses = [String: String]()
            for order in expected.keys { statuses[order] = try await h.orderStatus(order) }
            if delivered, open == 0, statuses == expected { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
