import Foundation
import TestSupport
import Testing

/// Review findings 1 and 8: an `Idempotency-Key` never crosses callers, and the key store
/// is reached only by requests that are authenticated and routed.
@Suite("Idempotency-Key isolation") struct IdempotencyIsolationTests {
    static let key = "7f1c2a9e-5b4d-4e8f-9a31-0c6d2b8e4f17"
    static func keyed(_ key: String = key, token: String? = nil) -> [(name: String, value: String)] {
        [(name: "Idempotency-Key", value: key)] + (token.map { [(name: "X-Order-Token", value: $0)] } ?? [])
    }
    static let victimBody = #"{"currency":"USD","items":[{"sku":"LAMP","quantity":1}],"customer":{"email":"victim@example.com"}}"#
    static let attackerBody = #"{"currency":"USD","items":[{"sku":"LAMP","quantity":2}],"customer":{"email":"mallory@example.com"}}"#

    @Test("another body with the shopper's key and an invented X-Order-Token gets 409, never the shopper's order")
    func keyReuseWithInventedTokenIsRefused() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900, stock: 5)
            let victim = try await h.send(.POST, "/v1/orders", Self.victimBody, headers: Self.keyed())
            #expect(victim.status == 201, "\(victim.text)")
            let id = try #require(victim.string("id"))
            let token = try #require(victim.string("client_token"))
            for invented in ["x", "otok_guess", token + "x"] {
                let attack = try await h.send(.POST, "/v1/orders", Self.attackerBody, headers: Self.keyed(token: invented))
                #expect(attack.status == 409 && attack.errorCode == "idempotency_key_reused", "\(attack.text)")
                #expect(!attack.text.contains(id) && !attack.text.contains("victim@"), "\(attack.text)")
            }
            // The same happens when the shopper's run died unanswered and its lease lapsed:
            // the take-over needs the same body, so the attacker's request cannot resume it.
            try await h.exec(DeadOwnerTests.ownerDied)
            let afterDeath = try await h.send(.POST, "/v1/orders", Self.attackerBody, headers: Self.keyed(token: "x"))
            #expect(afterDeath.status == 409 && afterDeath.errorCode == "idempotency_key_reused", "\(afterDeath.text)")
            #expect(!afterDeath.text.contains(id), "\(afterDeath.text)")
            // The shopper's token still opens the order, and no order was added.
            #expect(try await h.send(.GET, "/v1/orders/\(id)", headers: [(name: "X-Order-Token", value: token)]).status == 200)
            #expect(try await h.count("SELECT count(*) AS n FROM orders") == 1)
        }
    }

    @Test("order creation refuses keys shorter than 20 characters: 400 invalid_idempotency_key, nothing placed")
    func shortKeysAreRefusedOnAnonymousRoutes() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900, stock: 5)
            for short in ["1", "order-42", String(repeating: "a", count: 19)] {
                let answer = try await h.send(.POST, "/v1/orders", Self.victimBody, headers: Self.keyed(short))
                #expect(answer.status == 400 && answer.errorCode == "invalid_idempotency_key", "\(short): \(answer.text)")
            }
            #expect(try await h.count("SELECT count(*) AS n FROM orders") == 0)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 0)
            let ok = try await h.send(.POST, "/v1/orders", Self.victimBody, headers: Self.keyed(String(repeating: "a", count: 20)))
            #expect(ok.status == 201, "\(ok.text)")
        }
    }

    @Test("unauthenticated or unrouted keyed POSTs write no idempotency record")
    func unauthenticatedPostsWriteNothing() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900, stock: 5)
            let nowhere = try await h.send(.POST, "/no/such/path/\(String(repeating: "p", count: 3000))", "{}", headers: Self.keyed())
            #expect(nowhere.status == 404, "\(nowhere.text)")
            let admin = try await h.send(
                .POST, "/v1/admin/products", #"{"sku":"X"}"#,
                headers: Self.keyed() + [(name: "Authorization", value: "Bearer mk_nope")])
            #expect(admin.status == 401, "\(admin.text)")
            let pay = try await h.send(.POST, "/v1/orders/ord_unknown/payments", #"{"mode":"sdk"}"#, headers: Self.keyed(token: "otok_x"))
            #expect(pay.status == 404, "\(pay.text)")
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 0)
        }
    }

    @Test("a payment start without its order token is 401 even with a used key")
    func missingTokenIs401BeforeTheKeyStore() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900, stock: 5)
            let order = try await h.placeOrder([("LAMP", 1)])
            let first = try await h.pay(order, #"{"mode":"sdk"}"#, headers: Self.keyed())
            #expect(first.status == 201, "\(first.text)")
            // Without a token, the same key twice with two bodies: each is 401, never a 409
            // from a key store that should not have been reached.
            for body in [#"{"mode":"checkout"}"#, #"{"mode":"sdk"}"#] {
                let anonymous = try await h.send(.POST, "/v1/orders/\(order.id)/payments", body, headers: Self.keyed())
                #expect(anonymous.status == 401 && anonymous.errorCode == "order_token_required", "\(anonymous.text)")
            }
            let wrong = try await h.send(.POST, "/v1/orders/\(order.id)/payments", #"{"mode":"sdk"}"#, headers: Self.keyed(token: "otok_x"))
            #expect(wrong.status == 404 && wrong.errorCode == "order_not_found", "\(wrong.text)")
        }
    }
}
