import CurlTransport
import Foundation
import PostgresStore
import TestSupport
import Testing

/// Capture, cancel and void through the admin API against the sandbox, and the keys that
/// guard every money operation.
@Suite("Admin capture, cancel and void") struct CaptureCancelTests {
    /// An order authorised with manual capture (direct payment with the test card).
    static func authorized(_ h: PaymentHarness, price: Int64 = 1250, stock: Int? = nil) async throws -> (order: String, intent: String, sku: String) {
        let sku = "CAP-\(UUID().uuidString.prefix(8))"
        try await h.seedProduct(sku, price: price, stock: stock)
        let order = try await h.placeOrder([(sku, 2)])
        let answer = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
        guard answer.status == 201, let intent = answer.string("payment_intent") else {
            throw HarnessError("authorisation not made: \(answer.status) \(answer.text)")
        }
        return (order.id, intent, sku)
    }

    @Test func aPartialCaptureTakesLessAndCapsTheRefunds() async throws {
        try await PaymentHarness.with(configure: { $0.payments.defaultCaptureMethod = .manual }) { h in
            let key = try await h.adminKey("ops-capture")
            let auth = try await Self.authorized(h)
            #expect(try await h.orderStatus(auth.order) == "authorized")
            #expect(try await h.scalar("SELECT authorized_at IS NOT NULL FROM payment_attempts WHERE order_id = $1", [auth.order]) == "true")
            let lapsing = try await h.admin(.GET, "/authorizations/lapsing?within_hours=168", nil, key: key).json["data"] as? [[String: Any]]
            #expect(lapsing?.first?["order"] as? String == auth.order, "lapses within 7 days")
            #expect(
                (try await h.admin(.GET, "/authorizations/lapsing?within_hours=24", nil, key: key).json["data"] as? [Any])?.isEmpty == true,
                "authorised just now: not lapsing within a day")

            let tooMuch = try await h.admin(.POST, "/orders/\(auth.order)/capture", #"{"amount_to_capture":2501}"#, key: key)
            #expect(tooMuch.status == 422 && tooMuch.errorCode == "capture_exceeds_authorized")
            #expect(try await h.sandboxIntent(auth.intent)["status"] as? String == "requires_capture", "nothing sent")

            let captured = try await h.admin(.POST, "/orders/\(auth.order)/capture", #"{"amount_to_capture":1000}"#, key: key)
            #expect(captured.status == 200, "\(captured.text)")
            #expect(captured.string("status") == "succeeded" && captured.json["amount_received"] as? Int == 1000)
            #expect(try await h.orderStatus(auth.order) == "paid")
            #expect(try await h.sandboxIntent(auth.intent)["amount_captured"] as? Int == 1000)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND cause = 'admin:ops-capture' AND type = 'payment.capture_requested'",
                    [auth.order]) == 1)
            let again = try await h.admin(.POST, "/orders/\(auth.order)/capture", nil, key: key)
            #expect(again.status == 409 && again.errorCode == "order_not_capturable")

            // Only what was captured can be refunded.
            let over = try await h.admin(.POST, "/orders/\(auth.order)/refunds", #"{"amount":1001}"#, key: key)
            #expect(over.errorCode == "refund_exceeds_captured")
            #expect(try await h.admin(.POST, "/orders/\(auth.order)/refunds", nil, key: key).status == 201)
            #expect(try await h.orderStatus(auth.order) == "refunded")
            #expect(try await h.orderColumn(auth.order, "refunded_amount") == "1000")
        }
    }

    @Test func cancelingAnUnpaidCheckoutOrderExpiresItsSessionAndReleasesStock() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("ops-cancel")
            try await h.seedProduct("MUG", stock: 5)
            let (order, start) = try await h.orderPaying(quantity: 2, mode: "checkout")
            let sessionID = try #require(start.string("checkout_session"))
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "3")

            let canceled = try await h.admin(.POST, "/orders/\(order.id)/cancel", nil, key: key)
            #expect(canceled.status == 200 && canceled.string("status") == "canceled", "\(canceled.text)")
            let session = try await h.truth("checkout_sessions").first { $0["id"] as? String == sessionID }
            #expect(session?["status"] as? String == "expired", "expired at WooshPay: it can no longer be paid")
            #expect(try await h.orderStatus(order.id) == "canceled")
            #expect(try await h.attemptColumn(order.id, "status") == ["expired"])
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "5", "stock released")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.canceled' AND cause = 'admin:ops-cancel'",
                    [order.id]) == 1)
            // Canceling again changes nothing; paying is refused.
            #expect(try await h.admin(.POST, "/orders/\(order.id)/cancel", nil, key: key).status == 200)
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = 'MUG'") == "5")
            #expect(try await h.pay(order, #"{"mode":"sdk"}"#).errorCode == "order_not_payable")
        }
    }

    @Test func cancelingAnSDKOrderCancelsItsIntent() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            try await h.seedProduct("MUG")
            let (order, start) = try await h.orderPaying(mode: "sdk")
            let intent = try #require(start.string("payment_intent"))
            #expect(try await h.admin(.POST, "/orders/\(order.id)/cancel", nil, key: key).status == 200)
            #expect(try await h.sandboxIntent(intent)["status"] as? String == "canceled")
            #expect(try await h.orderStatus(order.id) == "canceled")
        }
    }

    @Test func cancelingAnAuthorizedOrderVoidsTheAuthorization() async throws {
        try await PaymentHarness.with(configure: { $0.payments.defaultCaptureMethod = .manual }) { h in
            let key = try await h.adminKey()
            let auth = try await Self.authorized(h, stock: 4)
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = $1", [auth.sku]) == "2")
            let voided = try await h.admin(.POST, "/orders/\(auth.order)/cancel", nil, key: key)
            #expect(voided.status == 200, "\(voided.text)")
            let intent = try await h.sandboxIntent(auth.intent)
            #expect(intent["status"] as? String == "canceled" && intent["amount_captured"] as? Int == 0, "the authorisation is released")
            #expect(try await h.orderStatus(auth.order) == "canceled")
            #expect(try await h.scalar("SELECT stock FROM products WHERE sku = $1", [auth.sku]) == "4")
        }
    }

    @Test func aPaidOrderIsNotCanceledAndACustomerWhoPaysFirstWins() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let paid = try await h.paidOrder()
            let refused = try await h.admin(.POST, "/orders/\(paid.order)/cancel", nil, key: key)
            #expect(refused.status == 409 && refused.errorCode == "order_already_paid")

            // The customer pays at WooshPay; we have not heard yet. Cancel re-reads first.
            try await h.seedProduct("MUG")
            let (order, start) = try await h.orderPaying(mode: "sdk")
            try await h.drive(try #require(start.string("payment_intent")), to: "succeeded")
            let late = try await h.admin(.POST, "/orders/\(order.id)/cancel", nil, key: key)
            #expect(late.status == 409 && late.errorCode == "order_already_paid", "\(late.text)")
            #expect(try await h.orderStatus(order.id) == "paid")
        }
    }

    @Test func forceSyncReadsWooshPayForTheOrder() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            try await h.seedProduct("MUG")
            let (order, start) = try await h.orderPaying(mode: "sdk")
            try await h.drive(try #require(start.string("payment_intent")), to: "succeeded")
            #expect(try await h.orderStatus(order.id) == "awaiting_payment")
            let synced = try await h.admin(.POST, "/orders/\(order.id)/sync", nil, key: key)
            #expect(synced.status == 200 && synced.json["synced"] as? Int == 1, "\(synced.text)")
            #expect(try await h.orderStatus(order.id) == "paid")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND cause = 'admin:ops' AND type IN ('order.sync_requested', 'order.paid')",
                    [order.id]) == 2, "the request and what it found are audited with the key's name")
            #expect(try await h.admin(.POST, "/orders/ord_nope/sync", nil, key: key).status == 404)
        }
    }

    @Test func withoutAKeyOrWithARevokedKeyEveryMoneyOperationIs401AndChangesNothing() async throws {
        try await PaymentHarness.with { h in
            let revoked = try await h.adminKey("gone")
            _ = try await AdminKeyStore(pool: h.pool).revoke("gone")
            let paid = try await h.paidOrder()
            try await h.seedProduct("MUG")
            let (unpaid, _) = try await h.orderPaying(mode: "sdk")
            let before = try await h.count("SELECT count(*) AS n FROM order_events")
            let calls: [(CurlTransport.HTTPRequest.Method, String, String?)] = [
                (.POST, "/orders/\(paid.order)/refunds", #"{"amount":100}"#), (.GET, "/orders/\(paid.order)/refunds", nil),
                (.POST, "/orders/\(paid.order)/capture", nil), (.POST, "/orders/\(unpaid.id)/cancel", nil),
                (.POST, "/orders/\(unpaid.id)/sync", nil), (.GET, "/authorizations/lapsing", nil),
            ]
            for (method, path, body) in calls {
                for key in [nil, revoked, "mk_not_a_real_key"] {
                    let answer = try await h.admin(method, path, body, key: key)
                    #expect(answer.status == 401 && answer.errorCode == "invalid_api_key", "\(method) \(path) with \(key ?? "no key")")
                }
            }
            #expect(try await h.count("SELECT count(*) AS n FROM order_events") == before)
            #expect(try await h.count("SELECT count(*) AS n FROM refunds") == 0)
            #expect(try await h.orderStatus(unpaid.id) == "awaiting_payment")
            #expect(try await h.sandboxRefunds(paid.intent).isEmpty)
        }
    }
}
