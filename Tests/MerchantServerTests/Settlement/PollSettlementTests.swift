import Foundation
import Testing

/// The polling fallback end to end: the real application, a fresh database, the sandbox
/// (which has no webhook URL, so every webhook is dropped) and the poller as `serve` runs it.
@Suite("Poll: settlement without webhooks") struct PollSettlementTests {
    @Test func everyPaidOrderBecomesPaidThroughPollingWhenAllWebhooksAreDropped() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 1250)
            // SDK: the widget pays, nobody tells us.
            let (sdkOrder, sdk) = try await h.orderPaying(mode: "sdk")
            try await h.drive(sdk.string("payment_intent") ?? "-", to: "succeeded")
            // Hosted checkout: the customer pays but never comes back (the return URL is unreachable).
            let (checkoutOrder, checkout) = try await h.orderPaying(mode: "checkout")
            let page = try await h.request(
                .POST, checkout.string("redirect_url") ?? "-", "card_number=4111111111111111&exp=03%2F30&cvc=123",
                contentType: "application/x-www-form-urlencoded")
            #expect(page.status == 303)
            #expect(try await h.orderStatus(sdkOrder.id) == "awaiting_payment")
            #expect(try await h.orderStatus(checkoutOrder.id) == "awaiting_payment")
            try await h.makeDue(sdkOrder.id)
            try await h.makeDue(checkoutOrder.id)

            try await h.whileRunning(h.poller()) {
                try await h.eventually("both orders paid") {
                    let sdkStatus = try await h.orderStatus(sdkOrder.id)
                    let checkoutStatus = try await h.orderStatus(checkoutOrder.id)
                    return sdkStatus == "paid" && checkoutStatus == "paid"
                }
            }
            for order in [sdkOrder.id, checkoutOrder.id] {
                #expect(
                    try await h.count(
                        "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'poll'",
                        [order]) == 1)
                #expect(try await h.attemptColumn(order, "status") == ["succeeded"])
                #expect(try await h.attemptColumn(order, "next_sync_at") == [""], "a closed attempt is never polled again")
                #expect(try await h.attemptColumn(order, "lease_owner") == [""], "the lease is released")
            }
        }
    }

    @Test func wooshPayDownDuringASyncIsSettledByPollingOnceItIsBack() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let (order, start) = try await h.orderPaying(mode: "sdk")
            try await h.drive(start.string("payment_intent") ?? "-", to: "succeeded")
            try await h.faults(#"{"api_error_rate":1}"#)
            try await h.makeDue(order.id)
            // The second delay is long, so "not due again yet" holds however slow the machine.
            let poller = h.poller(PaymentHarness.pollSettings(schedule: [1, 20]))

            let before = try await h.databaseNow()
            let report = await poller.tick()
            let after = try await h.databaseNow()
            #expect(report.claimed == 1)
            #expect(report.synced == 0, "WooshPay answered 500 to every try")
            #expect(try await h.attemptColumn(order.id, "status") == ["requires_payment_method"], "kept open, not failed")
            #expect(try await h.orderStatus(order.id) == "awaiting_payment")
            #expect(try await h.attemptColumn(order.id, "sync_attempts") == ["1"])
            #expect(try await h.attemptColumn(order.id, "lease_owner") == [""])
            // Rescheduled by the backoff (the schedule's second delay), not lost and not hammered.
            #expect(try await h.rescheduled(order.id, by: 20, tickBetween: before, and: after), "the schedule's second delay")
            #expect(await poller.tick().claimed == 0, "not due again yet")

            try await h.faults(#"{"api_error_rate":0}"#)
            try await h.makeDue(order.id)
            try await h.whileRunning(poller) {
                try await h.eventually("paid after WooshPay is back") { try await h.orderStatus(order.id) == "paid" }
            }
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'poll'",
                    [order.id]) == 1)
        }
    }
}
