import Foundation
import PostgresStore
import Testing

/// The give-up rule end to end: abandoned payments are released at WooshPay and the order
/// expires with its stock back exactly once; an unknown outcome is flagged, never failed.
@Suite("Poll: expiry and give-up") struct PollExpiryTests {
    @Test func anAbandonedCheckoutIsExpiredAtWooshPayAndLocallyAfterCheckoutExpiry() async throws {
        try await PaymentHarness.with(configure: { $0.orderLifetimeSeconds = 5 }) { h in  // long enough to start paying on a loaded machine
            try await h.seedProduct("MUG", stock: 5)
            let (order, start) = try await h.orderPaying(quantity: 2, mode: "checkout")
            let sessionID = try #require(start.string("checkout_session"))
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "3")
            try await h.makeDue(order.id)

            try await h.whileRunning(h.poller()) {
                try await h.eventually("order expired") { try await h.orderStatus(order.id) == "expired" }
            }
            let session = try await h.truth("checkout_sessions").first { $0["id"] as? String == sessionID }
            #expect(session?["status"] as? String == "expired", "expired at WooshPay, so it can no longer be paid")
            #expect(try await h.attemptColumn(order.id, "status") == ["expired"])
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "5", "stock released")
            #expect(try await h.scalar("SELECT stock_reserved FROM orders WHERE id = $1", [order.id]) == "false")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.expired' AND cause = 'poll'",
                    [order.id]) == 1)

            // Released exactly once, however often the sweep runs again.
            let queue = PostgresSyncQueue(pool: h.pool)
            #expect(try await queue.expireOrders(limit: 10).isEmpty)
            try await h.exec("UPDATE orders SET status = 'awaiting_payment' WHERE id = $1", [order.id])
            #expect(try await queue.expireOrders(limit: 10) == [order.id])
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "5", "stock_reserved guards a second release")
        }
    }

    @Test func anAbandonedSDKIntentIsCanceledAtWooshPayAndTheOrderExpires() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", stock: 1)
            let (order, start) = try await h.orderPaying(mode: "sdk")
            let intentID = try #require(start.string("payment_intent"))
            try await h.expireNow(order.id)
            try await h.makeDue(order.id)

            let report = await h.poller().tick()
            #expect(report.claimed == 1)
            #expect(report.expiredOrders == 1, "expired in the same tick as its payment was released")
            #expect(try await h.intent(intentID)["status"] as? String == "canceled")
            #expect(try await h.intent(intentID)["cancellation_reason"] as? String == "abandoned")
            #expect(try await h.attemptColumn(order.id, "status") == ["canceled"])
            #expect(try await h.orderStatus(order.id) == "expired")
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "1")
        }
    }

    @Test func aProcessingPaymentPastExpiryIsFlaggedForReviewNotFailed() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", stock: 4)
            let (order, start) = try await h.orderPaying(mode: "sdk")
            let intentID = try #require(start.string("payment_intent"))
            try await h.drive(intentID, to: "processing")
            try await h.expireNow(order.id)
            try await h.makeDue(order.id)
            let poller = h.poller(PaymentHarness.pollSettings(schedule: [1, 2, 7]))

            let before = try await h.databaseNow()
            #expect(await poller.tick().claimed == 1)
            let after = try await h.databaseNow()
            #expect(try await h.orderStatus(order.id) == "processing", "neither failed nor expired")
            #expect(try await h.attemptColumn(order.id, "status") == ["processing"])
            #expect(try await h.scalar("SELECT needs_review FROM orders WHERE id = $1", [order.id]) == "true")
            #expect(try await h.scalar("SELECT review_reason FROM orders WHERE id = $1", [order.id]) == "payment_processing_after_expiry")
            #expect(try await h.intent(intentID)["status"] as? String == "processing", "nothing canceled at WooshPay")
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "3", "stock still held")
            // Still polled, at the schedule's last (capped) interval.
            #expect(try await h.rescheduled(order.id, by: 7, tickBetween: before, and: after), "the schedule's capped last delay")

            // Flagged once, not once per poll; WooshPay settling it is still picked up.
            try await h.makeDue(order.id)
            #expect(await poller.tick().claimed == 1)
            try await h.drive(intentID, to: "succeeded")
            try await h.makeDue(order.id)
            #expect(await poller.tick().synced == 1)
            #expect(try await h.orderStatus(order.id) == "paid")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.needs_review' AND cause = 'poll'",
                    [order.id]) == 1)
        }
    }
}
