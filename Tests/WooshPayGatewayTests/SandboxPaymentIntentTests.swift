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
                    amount: 100, currency: "CNY",
                    paymentMethod: .redirectMethod(type: "alipay", details: PaymentMethodDetails(options: ["terminal_type": "WEB"])),
                    confirm: true, returnURL: "https://shop.example/return"),
                idempotencyKey: "alipay-1")
            #expect(pi.status == .requiresAction)
            #expect(pi.nextAction?.type == "alipay_handle_redirect")
            #expect(pi.nextAction?.redirectURL != nil)
        }
    }

    /// The adapter's wire shape for billing details and per-type fields meets the
    /// sandbox's own copy of WooshPay's requirements (not the adapter's table), and each
    /// method's `<type>_handle_redirect` reaches the snapshot; without them WooshPay refuses.
    @Test("methods needing billing details or their own fields start with them, and are refused without")
    func methodInputsOnTheWire() async throws {
        let payer = BillingDetails([.name: "Ana Lima", .email: "ana@example.com", .country: "BR"])
        let cases: [(String, String, PaymentMethodDetails)] = [
            ("pix", "BRL", PaymentMethodDetails(billing: payer)),
            ("paynow", "SGD", PaymentMethodDetails(billing: payer)),
            ("upi", "INR", PaymentMethodDetails(billing: BillingDetails([.email: "a@example.com"]), options: ["app_type": "paytm"])),
            ("spei", "MXN", PaymentMethodDetails(billing: BillingDetails([.name: "Luis"]), options: ["curp": "C", "rfc_pf": "R"])),
            ("mobile_money", "UGX", PaymentMethodDetails(methodData: ["phone_number": "+256700000001", "provider_code": "mtn_ug"])),
        ]
        try await withSandbox { h in
            for (index, (type, currency, details)) in cases.enumerated() {
                let pi = try await h.gateway.createPaymentIntent(
                    CreatePaymentIntentRequest(
                        amount: 5000, currency: currency, paymentMethod: .redirectMethod(type: type, details: details),
                        confirm: true, returnURL: "https://shop.example/return"),
                    idempotencyKey: "method-\(index)")
                #expect(pi.status == .requiresAction, "\(type)")
                #expect(pi.nextAction?.type == "\(type)_handle_redirect")
                #expect(pi.nextAction?.redirectURL != nil, "\(type)")
                await #expect(throws: GatewayError.self, "\(type) without its input") {
                    _ = try await h.gateway.createPaymentIntent(
                        CreatePaymentIntentRequest(
                            amount: 5000, currency: currency, paymentMethod: .redirectMethod(type: type), confirm: true),
                        idempotencyKey: "bare-\(index)")
                }
            }
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
