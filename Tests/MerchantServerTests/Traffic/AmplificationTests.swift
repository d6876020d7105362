import Foundation
import MerchantServer
import OrderDomain
import TestSupport
import Testing

/// Review finding 5: each hit of the unauthenticated return URL made two WooshPay reads,
/// and a pending attempt even re-sent its creating call.
@Suite("No WooshPay amplification") struct AmplificationTests {
    /// WooshPay GETs of the payment's objects, from the sandbox's request log.
    static func reads(_ h: PaymentHarness) async throws -> Int {
        let log = try await h.request(.GET, h.sandbox.baseURL + "/_sandbox/requests").json["data"] as? [[String: Any]] ?? []
        return log.filter { ($0["method"] as? String) == "GET" }.count
    }

    @Test("40 concurrent return hits for one checkout payment share one read")
    func returnFloodSharesOneRead() async throws {
        // 30 s: on a loaded machine the 40 hits may take seconds to arrive.
        try await PaymentHarness.with(configure: { $0.traffic.syncMinIntervalSeconds = 30 }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let started = try await h.pay(order, #"{"mode":"checkout"}"#)
            #expect(started.status == 201, "\(started.text)")
            let before = try await Self.reads(h)
            let statuses = try await withThrowingTaskGroup(of: Int.self, returning: [Int].self) { group in
                for _ in 0..<40 { group.addTask { try await h.send(.GET, "/v1/orders/\(order.id)/return").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 303 }, "\(statuses)")
            let reads = try await Self.reads(h) - before
            // One sync of a checkout attempt is at most two GETs (its intent and its session).
            #expect(reads >= 1 && reads <= 2, "WooshPay reads for 40 hits: \(reads)")
            // After the interval a hit reads again.
            try await h.pool.withConnection { conn in
                try conn.query("UPDATE payment_attempts SET gateway_read_at = now() - interval '31 seconds' WHERE order_id = $1", [order.id])
            }
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return")
            #expect(try await Self.reads(h) - before > reads)
        }
    }

    @Test("a read skipped inside the interval leaves a poll owed right after it, so a webhook's news is not lost")
    func skippedReadOwesPoll() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.syncMinIntervalSeconds = 30 }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            _ = try await h.pay(order, #"{"mode":"sdk"}"#)
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return")
            try await h.pool.withConnection { conn in
                try conn.query("UPDATE payment_attempts SET next_sync_at = now() + interval '1 hour' WHERE order_id = $1", [order.id])
            }
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return")
            let owed = try await h.count(
                """
                SELECT (extract(epoch FROM next_sync_at - gateway_read_at) * 1000)::int AS n FROM payment_attempts WHERE order_id = $1
                """, [order.id])
            #expect((29_000...30_100).contains(owed), "next poll \(owed) ms after the read")
        }
    }

    @Test("the return URL never re-sends a lost creating call")
    func returnDoesNotCreate() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.syncMinIntervalSeconds = 2 }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            try await h.pool.withConnection { conn in
                try conn.query(
                    """
                    INSERT INTO payment_attempts (id, order_id, mode, status, amount, currency, capture_method, payment_method_types,
                                                  idempotency_key, next_sync_at)
                    SELECT 'pay_lost', id, 'checkout', 'pending', total_amount, currency, 'automatic', 'card', 'merchant-pay_lost', now()
                    FROM orders WHERE id = $1
                    """, [order.id])
            }
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=pay_lost")
            #expect(try await h.truth("checkout_sessions").isEmpty, "an unauthenticated GET made WooshPay create a session")
        }
    }
}
