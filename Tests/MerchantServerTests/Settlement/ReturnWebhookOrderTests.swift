import Foundation
import Testing
import WooshPaySandbox

/// The customer's return and WooshPay's webhook race; whichever comes first, the order ends
/// the same: paid once, one `order.paid` event, the attempt succeeded, the event processed.
@Suite("Return and webhook in either order") struct ReturnWebhookOrderTests {
    /// Pays a checkout on the hosted page and returns the order and our return path.
    static func payCheckout(_ h: PaymentHarness) async throws -> (order: (id: String, token: String), returnPath: String) {
        try await h.seedProduct("MUG", price: 1200)
        let order = try await h.placeOrder([("MUG", 1)])
        let start = try await h.pay(order, #"{"mode":"checkout"}"#)
        let paid = try await h.request(
            .POST, start.string("redirect_url") ?? "-", "card_number=4111111111111111&exp=03%2F30&cvc=123",
            contentType: "application/x-www-form-urlencoded")
        let location = paid.headers.first { $0.name.lowercased() == "location" }?.value ?? ""
        return (order, location.replacingOccurrences(of: "http://127.0.0.1:9", with: ""))
    }

    /// Waits (bounded) until `condition` holds.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// What both orders must end with.
    static func expectSettled(_ h: PaymentHarness, _ orderID: String) async throws {
        let drained = try await eventually {
            let open = try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status IN ('received', 'failed')")
            let processed = try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status = 'processed'")
            return open == 0 && processed > 0
        }
        #expect(drained)
        #expect(try await h.orderStatus(orderID) == "paid")
        #expect(try await h.attemptColumn(orderID, "status") == ["succeeded"])
        #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid'", [orderID]) == 1)
    }

    @Test func returnFirstThenWebhook() async throws {
        var faults = SandboxFaults()
        faults.webhookDelayMillisecondsMax = 1500  // the webhook most likely trails the return
        try await WebhookLiveHarness.with(faults: faults) { h in
            let (order, back) = try await Self.payCheckout(h)
            let answer = try await h.send(.GET, back)
            #expect(answer.status == 303)
            #expect(answer.headers.contains { $0.name.lowercased() == "location" && $0.value.contains("status=paid") })
            try await Self.expectSettled(h, order.id)
        }
    }

    @Test func webhookFirstThenReturn() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let (order, back) = try await Self.payCheckout(h)
            #expect(try await Self.eventually { try await h.orderStatus(order.id) == "paid" }, "the webhook alone settles it")
            let answer = try await h.send(.GET, back)
            #expect(answer.headers.contains { $0.name.lowercased() == "location" && $0.value.contains("status=paid") })
            try await Self.expectSettled(h, order.id)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause LIKE 'webhook:%'", [order.id]) == 1)
        }
    }
}
