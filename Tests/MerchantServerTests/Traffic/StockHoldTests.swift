import Foundation
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// Review finding 4: ten anonymous requests held all the stock for the order's whole
/// 24-hour CHECKOUT_EXPIRY.
@Suite("Stock is held for minutes, not a day") struct StockHoldTests {
    static func stock(_ h: PaymentHarness) async throws -> Int {
        try await h.count("SELECT stock AS n FROM products WHERE sku = 'TEE'")
    }

    /// Moves the order's hold into the past, as `STOCK_HOLD` passing would.
    static func lapse(_ h: PaymentHarness, _ orderID: String) async throws {
        try await h.pool.withConnection { conn in
            try conn.query("UPDATE orders SET stock_held_until = now() - interval '1 second' WHERE id = $1", [orderID])
        }
    }

    static func release(_ h: PaymentHarness) async throws -> [String] {
        try await PostgresSyncQueue(pool: h.pool).releaseLapsedStock(limit: 50)
    }

    @Test("placing holds stock for STOCK_HOLD; once it lapses with no payment the stock is back, and a start takes it again")
    func lapseAndRetake() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.stockHoldSeconds = 900 }) { h in
            try await h.seedProduct("TEE", stock: 10)
            let order = try await h.placeOrder([("TEE", 10)])
            let held = try await h.count(
                """
                SELECT extract(epoch FROM stock_held_until - created_at)::int AS n FROM orders WHERE id = $1
                """, [order.id])
            #expect((899...901).contains(held), "held \(held) s")
            #expect(try await Self.release(h).isEmpty, "not before the hold lapses")
            try await Self.lapse(h, order.id)
            #expect(try await Self.release(h) == [order.id])
            #expect(try await Self.stock(h) == 10)
            #expect(try await h.orderStatus(order.id) == "awaiting_payment", "still payable")
            #expect(try await Self.release(h).isEmpty, "released once")
            let started = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(started.status == 201 && started.string("status") == "succeeded", "\(started.text)")
            #expect(try await Self.stock(h) == 0)
        }
    }

    @Test("a start after the stock sold out meanwhile is 409 out_of_stock and WooshPay is not called")
    func soldOutMeanwhile() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("TEE", stock: 2)
            let hoarder = try await h.placeOrder([("TEE", 2)])
            try await Self.lapse(h, hoarder.id)
            _ = try await Self.release(h)
            let buyer = try await h.placeOrder([("TEE", 2)])
            let refused = try await h.pay(hoarder, #"{"mode":"checkout"}"#)
            #expect(refused.status == 409 && refused.errorCode == "out_of_stock", "\(refused.text)")
            #expect(try await h.truth("checkout_sessions").isEmpty)
            #expect(try await h.count("SELECT count(*)::int AS n FROM payment_attempts WHERE order_id = $1", [hoarder.id]) == 0)
            #expect(try await h.pay(buyer, #"{"mode":"direct","payment_method":"pm_card_visa"}"#).status == 201)
            #expect(try await Self.stock(h) == 0)
        }
    }

    @Test("an open checkout session keeps the stock held after STOCK_HOLD")
    func openCheckoutKeepsHold() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("TEE", stock: 3)
            let order = try await h.placeOrder([("TEE", 3)])
            #expect(try await h.pay(order, #"{"mode":"checkout"}"#).status == 201)
            try await Self.lapse(h, order.id)
            #expect(try await Self.release(h).isEmpty)
            #expect(try await Self.stock(h) == 0)
        }
    }

    @Test("money moving after the stock went back takes it again, or flags the order when it sold out; never an oversell")
    func lateSuccess() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("TEE", stock: 4)
            for soldOut in [false, true] {
                let order = try await h.placeOrder([("TEE", 2)])
                let started = try await h.pay(order, #"{"mode":"sdk"}"#)
                let intent = try #require(started.string("payment_intent"))
                try await Self.lapse(h, order.id)
                #expect(try await Self.release(h) == [order.id])
                if soldOut { _ = try await h.placeOrder([("TEE", try await Self.stock(h))]) }
                let before = try await Self.stock(h)
                try await h.drive(intent, to: "succeeded")
                _ = try await h.send(.GET, "/v1/orders/\(order.id)/return")
                #expect(try await h.orderStatus(order.id) == "paid")
                let review = try await h.count("SELECT (CASE WHEN needs_review THEN 1 ELSE 0 END) AS n FROM orders WHERE id = $1", [order.id])
                #expect(try await Self.stock(h) == (soldOut ? 0 : before - 2), "sold out: \(soldOut)")
                #expect(review == (soldOut ? 1 : 0))
            }
            #expect(try await Self.stock(h) >= 0)
        }
    }
}
