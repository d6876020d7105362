import TestSupport
import Testing

/// Checkout Sessions: creation, expiry, completion through the outcome control.
@Suite struct CheckoutSessionTests {
    /// Creates a two-line USD session and returns its JSON.
    static func createSession(_ sandbox: TestSandbox, extra: [String: Any] = [:], key: String? = nil) async throws -> [String: Any] {
        var body: [String: Any] = [
            "mode": "payment", "success_url": "https://shop.example/ok?cs={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://shop.example/cancel", "customer_email": "c@example.com", "client_reference_id": "ord_9",
            "metadata": ["order_id": "ord_9"], "payment_method_types": ["card"],
            "line_items": [
                ["quantity": 2, "price_data": ["currency": "USD", "unit_amount": 1250, "product_data": ["name": "Tee"]]],
                ["quantity": 1, "price_data": ["currency": "USD", "unit_amount": 500, "product_data": ["name": "Mug"]]],
            ],
        ]
        for (k, v) in extra { body[k] = v }
        let reply = try await sandbox.api(.POST, "/v1/checkout/sessions", body, idempotencyKey: key)
        #expect(reply.status == 200, "\(reply.text)")
        return reply.json
    }

    @Test func createdSessionHasItsIntentAndURL() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await Self.createSession(sandbox)
            let id = try #require(session.string("id"))
            #expect(id.wholeMatch(of: /cs_test_\d+/) != nil)
            #expect(session.string("object") == "checkout.session")
            #expect(session.string("url") == "\(sandbox.baseURL)/pay/\(id)?key=\(TestSandbox.publishableKey)")
            #expect(session.int("amount_total") == 3000)
            #expect(session.string("status") == "open" && session.string("payment_status") == "unpaid")
            #expect(session.string("client_reference_id") == "ord_9")
            let created = try #require(session.int("created"))
            #expect(session.int("expires_at") == created + 86_400_000, "milliseconds, as WooshPay sends them")
            #expect(session.dict("line_items").list("data").count == 2)
            let pi = try await sandbox.api(.GET, "/v1/payment_intents/\(try #require(session.string("payment_intent")))")
            #expect(pi.json.string("status") == "requires_payment_method")
            #expect(pi.json.int("amount") == 3000)
            let fetched = try await sandbox.api(.GET, "/v1/checkout/sessions/\(id)")
            #expect(fetched.json.string("id") == id)
        }
    }

    @Test func publicBaseURLIsUsedForHandedOutURLs() async throws {
        try await TestSandbox.with({ $0.publicBaseURL = "https://pay.example.test" }) { sandbox in
            #expect(sandbox.baseURL.hasPrefix("http://127.0.0.1:"))
            #expect(sandbox.running.configuration.publicBaseURL == "https://pay.example.test")
            let session = try await Self.createSession(sandbox)
            #expect(session.string("url")?.hasPrefix("https://pay.example.test/pay/cs_test_") == true)
        }
    }

    @Test func invalidSessionsAreRefused() async throws {
        try await TestSandbox.with { sandbox in
            let noLines = try await sandbox.api(
                .POST, "/v1/checkout/sessions",
                ["mode": "payment", "success_url": "https://s", "cancel_url": "https://c"])
            #expect(noLines.status == 400)
            #expect(noLines.json.error.string("param") == "line_items")
            let noSuccess = try await sandbox.api(.POST, "/v1/checkout/sessions", ["mode": "payment", "cancel_url": "https://c"])
            #expect(noSuccess.json.error.string("param") == "success_url")
            #expect(try await sandbox.api(.GET, "/v1/checkout/sessions/cs_test_1").status == 404)
        }
    }

    @Test func expireCancelsTheIntentOnce() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await Self.createSession(sandbox)
            let id = try #require(session.string("id"))
            let expired = try await sandbox.api(.POST, "/v1/checkout/sessions/\(id)/expire", [:])
            #expect(expired.status == 200)
            #expect(expired.json.string("status") == "expired")
            #expect(expired.json.isNull("url"))
            let pi = try await sandbox.api(.GET, "/v1/payment_intents/\(try #require(session.string("payment_intent")))")
            #expect(pi.json.string("status") == "canceled")
            let again = try await sandbox.api(.POST, "/v1/checkout/sessions/\(id)/expire", [:])
            #expect(again.status == 400)
            let events = try await sandbox.control(.GET, "/_sandbox/events").json.list("data").compactMap { $0.string("type") }
            #expect(events.contains("checkout.session.expired") && events.contains("payment_intent.canceled"))
            let page = try await sandbox.page("/pay/\(id)?key=\(TestSandbox.publishableKey)")
            #expect(page.status == 410)
        }
    }

    @Test func sessionsExpireOnTheirOwnAtExpiresAt() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await Self.createSession(sandbox)
            let created = try #require(session.int("created"))
            // 5 s ahead: the second create must still find it in the future on a loaded machine.
            let short = try await Self.createSession(sandbox, extra: ["expires_at": created + 5000])
            let id = try #require(short.string("id"))
            #expect(short.int("expires_at") == created + 5000)
            let expired = await eventually(timeout: .seconds(15)) {
                (try? await sandbox.control(.GET, "/_sandbox/events").json.list("data")
                    .contains { $0.string("type") == "checkout.session.expired" && $0.string("object_id") == id }) ?? false
            }
            #expect(expired)
            #expect(try await sandbox.api(.GET, "/v1/checkout/sessions/\(id)").json.string("status") == "expired")
            let past = try await Self.createSessionStatus(sandbox, expiresAt: created - 10_000)
            #expect(past == 400)
        }
    }

    /// WooshPay shows `capture_method` only on a PaymentIntent, never in a session's
    /// `payment_intent_data`: the sandbox refuses it instead of inventing manual capture.
    @Test func manualCaptureThroughPaymentIntentDataIsRefused() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/checkout/sessions",
                [
                    "mode": "payment", "success_url": "https://shop.example/ok", "cancel_url": "https://shop.example/no",
                    "payment_intent_data": ["capture_method": "manual"],
                    "line_items": [["quantity": 1, "price_data": ["currency": "USD", "unit_amount": 500, "product_data": ["name": "Mug"]]]],
                ])
            #expect(reply.status == 400)
            #expect(reply.json.error.string("code") == "parameter_unknown")
            #expect(reply.json.error.string("param") == "payment_intent_data[capture_method]")
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").isEmpty)
        }
    }

    private static func createSessionStatus(_ sandbox: TestSandbox, expiresAt: Int) async throws -> Int {
        try await sandbox.api(
            .POST, "/v1/checkout/sessions",
            [
                "mode": "payment", "success_url": "https://s", "cancel_url": "https://c", "expires_at": expiresAt,
                "line_items": [["quantity": 1, "price_data": ["currency": "USD", "unit_amount": 5, "product_data": ["name": "x"]]]],
            ]
        ).status
    }

    @Test func outcomeControlCompletesTheSession() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await Self.createSession(sandbox)
            let pi = try #require(session.string("payment_intent"))
            let driven = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/outcome", ["outcome": "succeeded"])
            #expect(driven.status == 200)
            #expect(driven.json.string("status") == "succeeded")
            let after = try await sandbox.api(.GET, "/v1/checkout/sessions/\(try #require(session.string("id")))").json
            #expect(after.string("status") == "complete")
            #expect(after.string("payment_status") == "paid")
            let truth = try #require(try await sandbox.truth(intent: pi))
            #expect(truth.int("charge_count") == 1)
            #expect(truth.string("checkout_session") == session.string("id"))
            let twice = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/outcome", ["outcome": "succeeded"])
            #expect(twice.status == 400)
            #expect(try await sandbox.truth(intent: pi)?.int("charge_count") == 1)
        }
    }
}
