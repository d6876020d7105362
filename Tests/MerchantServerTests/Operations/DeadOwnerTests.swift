import Foundation
import TestSupport
import Testing

/// A keyed request whose replica died after its work committed but before its answer was
/// stored: the repeat with the same key waits out the lease, then runs again and finds
/// what the dead run made, so nothing is made twice.
@Suite("Idempotency-Key after a dead owner") struct DeadOwnerTests {
    /// The state such a death leaves: the claim unanswered and not renewed for a minute.
    static let ownerDied = """
        UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, claimed_at = now() - interval '1 minute'
        """

    /// A key of its own per test run (order creation takes 20+ characters: a UUID v4).
    static func keyed(_ key: String) -> [(name: String, value: String)] {
        [(name: "Idempotency-Key", value: "\(key)-\(runID)")]
    }
    static let runID = UUID().uuidString

    /// Both answers name the same object in `field` (and name one at all).
    static func same(_ field: String, _ a: PaymentHarness.Answer, _ b: PaymentHarness.Answer) -> Bool {
        a.string(field) != nil && a.string(field) == b.string(field)
    }

    @Test func orderCreationRunsAgainAndReturnsTheSameOrderWithANewToken() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900, stock: 5)
            let body = #"{"currency":"USD","items":[{"sku":"LAMP","quantity":2}],"customer":{"email":"a@example.com"}}"#
            let first = try await h.send(.POST, "/v1/orders", body, headers: Self.keyed("place-1"))
            #expect(first.status == 201, "\(first.text)")
            // While the owner's claim is fresh, a repeat is told to wait.
            try await h.exec("UPDATE idempotency_keys SET response_status = NULL, response_body = NULL")
            let waiting = try await h.send(.POST, "/v1/orders", body, headers: Self.keyed("place-1"))
            #expect(waiting.status == 409 && waiting.errorCode == "idempotency_key_in_use", "\(waiting.text)")

            try await h.exec(Self.ownerDied)
            let rerun = try await h.send(.POST, "/v1/orders", body, headers: Self.keyed("place-1"))
            #expect(rerun.status == 201, "\(rerun.text)")
            #expect(Self.same("id", rerun, first))
            let oldToken = try #require(first.string("client_token"))
            let newToken = try #require(rerun.string("client_token"))
            #expect(newToken != oldToken, "the first token never reached the client: a new one replaces it")
            #expect(try await h.count("SELECT count(*) AS n FROM orders") == 1)
            #expect(try await h.scalar("SELECT stock::text FROM products WHERE sku = 'LAMP'") == "3", "stock reserved once")
            let id = try #require(first.string("id"))
            #expect(try await h.send(.GET, "/v1/orders/\(id)", headers: [(name: "X-Order-Token", value: oldToken)]).status == 404)
            #expect(try await h.send(.GET, "/v1/orders/\(id)", headers: [(name: "X-Order-Token", value: newToken)]).status == 200)
            #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.create_repeated'", [id]) == 1)

            // The re-run's answer is stored: the next repeat replays it.
            let replay = try await h.send(.POST, "/v1/orders", body, headers: Self.keyed("place-1"))
            #expect(replay.text == rerun.text)
            #expect(replay.headers.contains { $0.name.lowercased() == "idempotent-replayed" && $0.value == "true" })
            // Another key is another order.
            #expect(try await h.send(.POST, "/v1/orders", body, headers: Self.keyed("place-2")).string("id") != first.string("id"))
        }
    }

    @Test func aPaymentStartRunsAgainAndAnswersWithThePaymentItMadeNotAlreadyPaid() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 1)])
            let body = #"{"mode":"direct","payment_method":"pm_card_visa"}"#
            let first = try await h.pay(order, body, headers: Self.keyed("pay-1"))
            #expect(first.status == 201 && first.string("status") == "succeeded", "\(first.text)")
            try await h.exec(Self.ownerDied)
            let rerun = try await h.pay(order, body, headers: Self.keyed("pay-1"))
            #expect(rerun.status == 200 && rerun.string("status") == "succeeded", "\(rerun.text)")
            #expect(Self.same("id", rerun, first))
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts WHERE order_id = $1", [order.id]) == 1)
            #expect(try await h.truth("payment_intents").count == 1)
            // Another request to pay the paid order is still refused.
            let other = try await h.pay(order, body, headers: Self.keyed("pay-2"))
            #expect(other.status == 409 && other.errorCode == "order_already_paid", "\(other.text)")
        }
    }

    @Test func aRefundRunsAgainAndReturnsTheRefundItMadeWithoutRefundingTwice() async throws {
        try await PaymentHarness.with { h in
            let admin = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1250, quantity: 2)
            let headers = [(name: "Authorization", value: "Bearer \(admin)")] + Self.keyed("refund-1")
            let first = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", #"{"amount":1250}"#, headers: headers)
            #expect(first.status == 201, "\(first.text)")
            try await h.exec(Self.ownerDied)
            let rerun = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", #"{"amount":1250}"#, headers: headers)
            #expect(rerun.status == 201, "\(rerun.text)")
            #expect(Self.same("id", rerun, first))
            #expect(try await h.count("SELECT count(*) AS n FROM refunds WHERE order_id = $1", [paid.order]) == 1)
            #expect(try await h.sandboxRefunds(paid.intent).count == 1)
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "1250")
            #expect(try await h.orderStatus(paid.order) == "partially_refunded")
        }
    }

    @Test func aRefundWhoseAnswerTheDeadRunNeverHeardIsSentAgainWithItsKeyOnly() async throws {
        try await PaymentHarness.with { h in
            let admin = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 1)
            let headers = [(name: "Authorization", value: "Bearer \(admin)")] + Self.keyed("refund-2")
            // WooshPay refunds, then answers 500 (the sandbox fails after applying): the refund
            // stays pending, with no WooshPay id.
            try await h.faults(#"{"api_error_rate":1}"#)
            let first = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", nil, headers: headers)
            try await h.faults(#"{"api_error_rate":0}"#)
            #expect(first.status == 202 && first.string("status") == "pending", "\(first.text)")
            #expect(try await h.sandboxRefunds(paid.intent).count == 1)

            try await h.exec(Self.ownerDied)
            let rerun = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", nil, headers: headers)
            #expect(rerun.status == 201 && rerun.string("status") == "succeeded", "\(rerun.text)")
            #expect(Self.same("id", rerun, first))
            #expect(try await h.sandboxRefunds(paid.intent).count == 1, "sent again with the refund's own key")
            #expect(try await h.orderStatus(paid.order) == "refunded")
        }
    }

    @Test func aRefusedRefundRunsAgainToTheSameRefusal() async throws {
        try await PaymentHarness.with { h in
            let admin = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 1)
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/refund", #"{"amount":700}"#)
            let headers = [(name: "Authorization", value: "Bearer \(admin)")] + Self.keyed("refund-3")
            let first = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", nil, headers: headers)
            #expect(first.status == 402 && first.errorCode == "refund_failed", "\(first.text)")
            try await h.exec(Self.ownerDied)
            let rerun = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", nil, headers: headers)
            #expect(rerun.status == 402 && rerun.errorCode == "refund_failed", "\(rerun.text)")
            #expect(
                rerun.json["error"].flatMap { ($0 as? [String: Any])?["message"] as? String }
                    == first.json["error"].flatMap { ($0 as? [String: Any])?["message"] as? String })
            #expect(try await h.count("SELECT count(*) AS n FROM refunds WHERE order_id = $1 AND source = 'api'", [paid.order]) == 1)
        }
    }

    @Test func aCaptureRunsAgainAndAnswersWithTheCapturedPaymentNotARefusal() async throws {
        try await PaymentHarness.with(configure: { $0.payments.defaultCaptureMethod = .manual }) { h in
            let admin = try await h.adminKey()
            let auth = try await CaptureCancelTests.authorized(h, price: 1250)
            let headers = [(name: "Authorization", value: "Bearer \(admin)")] + Self.keyed("capture-1")
            let first = try await h.send(.POST, "/v1/admin/orders/\(auth.order)/capture", #"{"amount_to_capture":2000}"#, headers: headers)
            #expect(first.status == 200 && first.json["amount_received"] as? Int == 2000, "\(first.text)")
            try await h.exec(Self.ownerDied)
            let rerun = try await h.send(.POST, "/v1/admin/orders/\(auth.order)/capture", #"{"amount_to_capture":2000}"#, headers: headers)
            #expect(rerun.status == 200 && rerun.json["amount_received"] as? Int == 2000, "\(rerun.text)")
            #expect(Self.same("attempt", rerun, first))
            // Without the key (or with another), capturing a captured order is still refused.
            let other = try await h.send(
                .POST, "/v1/admin/orders/\(auth.order)/capture", nil,
                headers: [(name: "Authorization", value: "Bearer \(admin)")] + Self.keyed("capture-2"))
            #expect(other.status == 409 && other.errorCode == "order_not_capturable", "\(other.text)")
            #expect(try await h.sandboxIntent(auth.intent)["amount_captured"] as? Int == 2000)
        }
    }

    @Test func theSameKeyFromTwoAdminKeysMakesTwoRefunds() async throws {
        try await PaymentHarness.with { h in
            let anna = try await h.adminKey("anna")
            let ben = try await h.adminKey("ben")
            let paid = try await h.paidOrder(price: 1000, quantity: 2)
            for admin in [anna, ben] {
                let answer = try await h.send(
                    .POST, "/v1/admin/orders/\(paid.order)/refunds", #"{"amount":500}"#,
                    headers: [(name: "Authorization", value: "Bearer \(admin)")] + Self.keyed("same"))
                #expect(answer.status == 201, "\(answer.text)")
            }
            #expect(try await h.sandboxRefunds(paid.intent).count == 2)
        }
    }
}
