import OrderDomain
import Testing
import WooshPayGateway

/// Payment intent operations against the sandbox over loopback, through libcurl.
@Suite("Sandbox: payment intents")
struct SandboxPaymentIntentTests {
    @Test("direct flow: create and confirm with a card that succeeds, then retrieve")
    func directFlow() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(
                    amount: 2500, currency: "usd", paymentMethod: .existing(id: "pm_card_visa"),
                    confirm: true, returnURL: "https://shop.example/return",
                    merchantOrderID: "ord_direct", metadata: ["order": "ord_direct"]),
                idempotencyKey: "direct-1")
            #expect(pi.status == .succeeded)
            #expect(pi.amount == 2500)
            #expect(pi.amountReceived == 2500)
            #expect(pi.currency == "USD")
            #expect(pi.merchantOrderID == "ord_direct")
            #expect(pi.metadata["order"] == "ord_direct")
            #expect(pi.nextAction == nil)
            let created = try #require(pi.created)
            #expect(created.epochSeconds > 1_700_000_000)
            let again = try await h.gateway.retrievePaymentIntent(id: pi.id)
            #expect(again == pi)
        }
    }

    @Test("SDK flow: create without confirming (client secret for the widget), then confirm")
    func sdkFlow() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 1200, currency: "EUR", paymentMethodTypes: ["card"]),
                idempotencyKey: "sdk-1")
            #expect(pi.status == .requiresPaymentMethod)
            #expect(pi.clientSecret?.hasPrefix(pi.id + "_secret_") == true)
            let confirmed = try await h.gateway.confirmPaymentIntent(
                id: pi.id, ConfirmPaymentIntentRequest(paymentMethod: .existing(id: "pm_card_visa")),
                idempotencyKey: "sdk-1-confirm")
            #expect(confirmed.status == .succeeded)
        }
    }

    @Test("3-D Secure: requires_action with a challenge redirect, then the customer passes it")
    func threeDSecure() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(
                    amount: 5000, currency: "GBP", paymentMethod: .existing(id: "pm_card_threeDSecure"),
                    confirm: true, returnURL: "https://shop.example/return"),
                idempotencyKey: "3ds-1")
            #expect(pi.status == .requiresAction)
            #expect(pi.nextAction?.type == "challenge_redirect")
            #expect(pi.nextAction?.redirectURL?.hasPrefix(h.sandbox.baseURL) == true)
            try await h.control("/_sandbox/payment_intents/\(pi.id)/outcome", #"{"outcome":"succeeded"}"#)
            #expect(try await h.gateway.retrievePaymentIntent(id: pi.id).status == .succeeded)
        }
    }

    @Test("a non-card redirect method (alipay) answers requires_action with a redirect URL")
    func alipayRedirect() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(
                    amount: 100, currency: "CNY", paymentMethod: .redirectMethod(type: "alipay"),
                    confirm: true, returnURL: "https://shop.example/return"),
                idempotencyKey: "alipay-1")
            #expect(pi.status == .requiresAction)
            #expect(pi.nextAction?.type == "alipay_handle_redirect")
            #expect(pi.nextAction?.redirectURL != nil)
        }
    }

    @Test("manual capture: authorise, capture part, the rest is released")
    func manualCapture() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(
                    amount: 2500, currency: "USD", captureMethod: .manual,
                    paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
                idempotencyKey: "manual-1")
            #expect(pi.status == .requiresCapture)
            #expect(pi.captureMethod == .manual)
            #expect(pi.amountCapturable == 2500)
            let captured = try await h.gateway.capturePaymentIntent(id: pi.id, amount: 1500, idempotencyKey: "manual-1-capture")
            #expect(captured.status == .succeeded)
            #expect(captured.amountReceived == 1500)
            #expect(captured.amountCapturable == 0)
        }
    }

    @Test("cancel an unconfirmed intent")
    func cancel() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 700, currency: "USD", paymentMethod: .existing(id: "pm_card_visa")),
                idempotencyKey: "cancel-1")
            #expect(pi.status == .requiresConfirmation)
            let canceled = try await h.gateway.cancelPaymentIntent(id: pi.id, reason: nil, idempotencyKey: "cancel-1-cancel")
            #expect(canceled.status == .canceled)
            #expect(canceled.status.isTerminal)
        }
    }

    @Test("the same key and parameters replay the first answer instead of creating a second intent")
    func idempotentReplay() async throws {
        try await withSandbox { h in
            let request = CreatePaymentIntentRequest(
                amount: 900, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"),
                confirm: true, metadata: ["b": "2", "a": "1"])
            let first = try await h.gateway.createPaymentIntent(request, idempotencyKey: "replay-1")
            let second = try await h.gateway.createPaymentIntent(request, idempotencyKey: "replay-1")
            #expect(first.id == second.id)
            #expect(try await h.truthIntents().count == 1)
        }
    }
}
