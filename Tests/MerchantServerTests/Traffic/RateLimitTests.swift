import Foundation
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// Review finding 3 (no rate limits anywhere): limits shared through PostgreSQL, per
/// client, per order and per admin key; a refusal is 429 with Retry-After and changes nothing.
@Suite("Rate limits") struct RateLimitTests {
    @Test("the database's GCRA agrees with the pure one: a burst of N, then refusals with the wait")
    func sqlMatchesPure() async throws {
        try await TestDatabase.with { pool, _ in
            let limiter = PostgresRateLimiter(pool: pool)
            // One per 15 min: a loaded machine taking seconds between calls cannot refill it.
            let limit = RateLimit(count: 4, periodSeconds: 3600)
            var allowed = 0
            var waits: [Int] = []
            for _ in 0..<6 {
                let verdict = try await limiter.take(key: "t:1", limit: limit, cost: 1)
                if verdict.allowed { allowed += 1 } else { waits.append(verdict.retryAfterSeconds) }
            }
            #expect(allowed == 4)
            #expect(waits.count == 2 && waits.allSatisfy { (800...900).contains($0) }, "one request per 900 s: \(waits)")
            // Another key has its own allowance; asking costs nothing; a forced charge counts.
            #expect(try await limiter.take(key: "t:2", limit: limit, cost: 0).allowed)
            for _ in 0..<4 { try await limiter.charge(key: "t:2", limit: limit, cost: 1) }
            #expect(try await limiter.take(key: "t:2", limit: limit, cost: 0).allowed == false)
            #expect(try await limiter.purgeRested() == 0, "rows still owe time are kept")
        }
    }

    @Test("past RATE_LIMIT_ORDERS a client gets 429 rate_limited with Retry-After, and no order is written")
    func ordersLimited() async throws {
        try await PaymentHarness.with(configure: {
            $0.traffic.rateLimits[.orders] = RateLimit(count: 3, periodSeconds: 3600)
        }) { h in
            try await h.seedProduct("MUG", stock: 100)
            for _ in 0..<3 { _ = try await h.placeOrder() }
            let refused = try await h.send(
                .POST, "/v1/orders", #"{"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"a@example.com"}}"#)
            #expect(refused.status == 429 && refused.errorCode == "rate_limited", "\(refused.text)")
            let retry = refused.headers.first { $0.name.lowercased() == "retry-after" }?.value
            #expect(retry.flatMap(Int.init).map { (1100...1200).contains($0) } == true, "one order per 1200 s: Retry-After \(retry ?? "-")")
            #expect(try await h.count("SELECT count(*)::int AS n FROM orders") == 3)
            #expect(try await h.count("SELECT (100 - stock)::int AS n FROM products WHERE sku = 'MUG'") == 6, "stock only for the 3 orders")
            // Reads are another class and still pass.
            #expect(try await h.send(.GET, "/v1/products").status == 200)
        }
    }

    @Test("a payment start over the per-order limit is refused before WooshPay is called")
    func paymentsLimitedPerOrder() async throws {
        try await PaymentHarness.with(configure: {
            $0.traffic.rateLimits[.payments] = RateLimit(count: 2, periodSeconds: 3600)
            $0.traffic.trustedProxies = [CIDR("127.0.0.1")!]
        }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            // Two starts from one client, the third from another: the order's own limit refuses it.
            for _ in 0..<2 { #expect(try await h.pay(order, #"{"mode":"sdk"}"#).status < 300) }
            let sessionsBefore = try await h.truth("payment_intents").count
            let third = try await h.pay(order, #"{"mode":"sdk"}"#, headers: [(name: "X-Forwarded-For", value: "203.0.113.50")])
            #expect(third.status == 429 && third.errorCode == "rate_limited", "\(third.text)")
            #expect(try await h.truth("payment_intents").count == sessionsBefore)
            let requests = try await h.request(.GET, h.sandbox.baseURL + "/_sandbox/requests").text
            #expect(requests.components(separatedBy: "/v1/payment_intents/").count - 1 <= 1, "the refused start read nothing")
        }
    }

    @Test("each admin key has its own RATE_LIMIT_ADMIN allowance")
    func adminPerKey() async throws {
        try await PaymentHarness.with(configure: {
            $0.traffic.rateLimits[.admin] = RateLimit(count: 2, periodSeconds: 3600)
        }) { h in
            let first = try await AdminKeyStore(pool: h.pool).create(name: "ops-1", role: .viewer).token.text
            let second = try await AdminKeyStore(pool: h.pool).create(name: "ops-2", role: .viewer).token.text
            func list(_ token: String) async throws -> Int {
                try await h.send(.GET, "/v1/admin/orders", headers: [(name: "Authorization", value: "Bearer \(token)")]).status
            }
            #expect(try await list(first) == 200)
            #expect(try await list(first) == 200)
            #expect(try await list(first) == 429)
            #expect(try await list(second) == 200, "another key is not affected")
            #expect(try await h.send(.GET, "/v1/admin/orders", headers: [(name: "Authorization", value: "Bearer wrong")]).status == 401)
        }
    }

    @Test("WooshPay's webhooks are never rate limited")
    func webhooksUnlimited() async throws {
        try await PaymentHarness.with(configure: {
            for c in TrafficClass.allCases { $0.traffic.rateLimits[c] = RateLimit(count: 1, periodSeconds: 3600) }
        }) { h in
            for _ in 0..<5 {
                let answer = try await h.send(.POST, "/webhooks/wooshpay", "{}")
                #expect(answer.status != 429, "\(answer.status)")
            }
        }
    }
}
