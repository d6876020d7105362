import CurlTransport
import OrderDomain
import Testing

@testable import WooshPayGateway

/// What goes on the wire: URLs, headers and JSON bodies.
@Suite("Request encoding")
struct RequestEncodingTests {
    @Test("POST: Basic auth, JSON headers, idempotency key, timeout, and the intent body")
    func createIntent() async throws {
        let s = ScriptedGateway([.respond(200, Samples.intent(status: "requires_action"))])
        let request = CreatePaymentIntentRequest(
            amount: 2500, currency: "usd", captureMethod: .manual, paymentMethodTypes: ["alipay"],
            paymentMethod: .redirectMethod(type: "alipay"), confirm: true, returnURL: "https://shop/return",
            merchantOrderID: "ord_1", description: "Order 1", metadata: ["order": "ord_1"])
        _ = try await s.gateway.createPaymentIntent(request, idempotencyKey: "idem-1")
        let sent = try #require(await s.transport.requests.first)
        #expect(sent.method == .POST)
        #expect(sent.url == "https://api.example/v1/payment_intents")
        #expect(sent.header("Authorization") == "Basic c2tfdGVzdF94Og==")
        #expect(sent.header("Content-Type") == "application/json")
        #expect(sent.header("Accept") == "application/json")
        #expect(sent.header("Idempotency-Key") == "idem-1")
        #expect(sent.header("User-Agent")?.isEmpty == false)
        #expect(sent.timeout == .seconds(7))
        let body = try #require(sent.jsonBody)
        #expect(body["amount"] as? Int == 2500)
        #expect(body["currency"] as? String == "USD")
        #expect(body["capture_method"] as? String == "manual")
        #expect(body["confirm"] as? Bool == true)
        #expect((body["payment_method_data"] as? [String: Any])?["type"] as? String == "alipay")
        #expect(body["payment_method"] == nil)
        #expect(body["payment_method_types"] as? [String] == ["alipay"])
        #expect(body["return_url"] as? String == "https://shop/return")
        #expect(body["merchant_order_id"] as? String == "ord_1")
        #expect(body["metadata"] as? [String: String] == ["order": "ord_1"])
    }

    @Test("a method's billing details, own object and options go where WooshPay's pages put them")
    func methodDetails() async throws {
        let s = ScriptedGateway([.respond(200, Samples.intent(status: "requires_action")), .respond(200, Samples.intent())])
        let pix = PaymentMethodDetails(
            billing: BillingDetails([.name: "Ana", .email: "ana@example.com", .country: "BR", .postalCode: "01000"]),
            options: [:])
        _ = try await s.gateway.createPaymentIntent(
            CreatePaymentIntentRequest(amount: 100, currency: "BRL", paymentMethod: .redirectMethod(type: "pix", details: pix), confirm: true),
            idempotencyKey: "k1")
        let money = PaymentMethodDetails(methodData: ["phone_number": "256700000000", "provider_code": "mtn_ug"])
        let spei = PaymentMethodDetails(billing: BillingDetails([.name: "Ana"]), options: ["curp": "C", "rfc_pf": "R"])
        _ = try await s.gateway.confirmPaymentIntent(
            id: "pi_1", ConfirmPaymentIntentRequest(paymentMethod: .redirectMethod(type: "spei", details: spei)), idempotencyKey: "k2")
        let bodies = await s.transport.requests.compactMap(\.jsonBody)
        let data = try #require(bodies.first?["payment_method_data"] as? [String: Any])
        #expect(data["type"] as? String == "pix")
        let billing = try #require(data["billing_details"] as? [String: Any])
        #expect(billing["name"] as? String == "Ana")
        #expect(billing["email"] as? String == "ana@example.com")
        #expect(billing["phone"] == nil)
        #expect(billing["address"] as? [String: String] == ["country": "BR", "postal_code": "01000"])
        #expect(bodies.first?["payment_method_options"] == nil)
        #expect(bodies.last?["payment_method_options"] as? [String: [String: String]] == ["spei": ["curp": "C", "rfc_pf": "R"]])
        #expect(((bodies.last?["payment_method_data"] as? [String: Any])?["billing_details"] as? [String: String]) == ["name": "Ana"])
        let mm = WirePaymentMethodFields(.redirectMethod(type: "mobile_money", details: money))
        #expect(mm.paymentMethodData?.methodFields == ["phone_number": "256700000000", "provider_code": "mtn_ug"])
        #expect(mm.paymentMethodData?.billingDetails == nil)
    }

    @Test("a saved payment method goes in payment_method; empty options are omitted")
    func savedMethod() async throws {
        let s = ScriptedGateway([.respond(200, Samples.intent())])
        _ = try await s.gateway.createPaymentIntent(
            CreatePaymentIntentRequest(amount: 1, currency: "EUR", paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
            idempotencyKey: "k")
        let body = try #require(await s.transport.requests.first?.jsonBody)
        #expect(body["payment_method"] as? String == "pm_card_visa")
        #expect(body["payment_method_data"] == nil)
        #expect(body["metadata"] == nil)
        #expect(body["payment_method_types"] == nil)
        #expect(body["capture_method"] as? String == "automatic")
    }

    @Test("checkout session: payment mode, inline price_data, references")
    func checkoutSession() async throws {
        let s = ScriptedGateway([.respond(200, #"{"id":"cs_1","status":"open","payment_status":"unpaid","url":"https://pay/cs_1"}"#)])
        let session = try await s.gateway.createCheckoutSession(
            CreateCheckoutSessionRequest(
                currency: "gbp", lineItems: [GatewayLineItem(name: "Tea", unitAmount: 450, quantity: 2)],
                successURL: "https://shop/ok", cancelURL: "https://shop/cancel",
                merchantReference: "ord_9", paymentMethodTypes: ["card"]),
            idempotencyKey: "k")
        #expect(session.url == "https://pay/cs_1")
        let sent = try #require(await s.transport.requests.first)
        #expect(sent.url == "https://api.example/v1/checkout/sessions")
        let body = try #require(sent.jsonBody)
        #expect(body["mode"] as? String == "payment")
        #expect(body["success_url"] as? String == "https://shop/ok")
        #expect(body["cancel_url"] as? String == "https://shop/cancel")
        #expect(body["client_reference_id"] as? String == "ord_9")
        // WooshPay documents no payment_intent_data.capture_method on sessions.
        #expect(body["payment_intent_data"] == nil)
        let item = try #require((body["line_items"] as? [[String: Any]])?.first)
        #expect(item["quantity"] as? Int == 2)
        let price = try #require(item["price_data"] as? [String: Any])
        #expect(price["currency"] as? String == "GBP")
        #expect(price["unit_amount"] as? Int == 450)
        #expect((price["product_data"] as? [String: Any])?["name"] as? String == "Tea")
    }

    @Test("GET has no body, no idempotency key; ids are escaped into one path segment")
    func retrieveEscapes() async throws {
        let s = ScriptedGateway([.respond(200, Samples.intent())])
        _ = try await s.gateway.retrievePaymentIntent(id: "pi_1/../../v1/refunds?x=#")
        let sent = try #require(await s.transport.requests.first)
        #expect(sent.method == .GET)
        #expect(sent.url == "https://api.example/v1/payment_intents/pi_1%2F%2E%2E%2F%2E%2E%2Fv1%2Frefunds%3Fx%3D%23")
        #expect(sent.body == nil)
        #expect(sent.header("Idempotency-Key") == nil)
        #expect(sent.header("Content-Type") == nil)
    }

    @Test("confirm, capture, cancel, expire, refund: paths and bodies")
    func otherMutations() async throws {
        let refund = #"{"id":"re_1","amount":500,"currency":"USD","status":"pending","payment_intent":"pi_1"}"#
        let session = #"{"id":"cs_1","status":"expired","payment_status":"unpaid"}"#
        let s = ScriptedGateway([
            .respond(200, Samples.intent()), .respond(200, Samples.intent()),
            .respond(200, Samples.intent(status: "canceled")), .respond(200, session),
            .respond(200, refund), .respond(200, refund),
        ])
        _ = try await s.gateway.confirmPaymentIntent(
            id: "pi_1",
            ConfirmPaymentIntentRequest(
                paymentMethod: .existing(id: "pm_card_visa"), returnURL: "https://shop/r"), idempotencyKey: "k1")
        _ = try await s.gateway.capturePaymentIntent(id: "pi_1", amount: 1000, idempotencyKey: "k2")
        _ = try await s.gateway.cancelPaymentIntent(id: "pi_1", reason: nil, idempotencyKey: "k3")
        let expired = try await s.gateway.expireCheckoutSession(id: "cs_1", idempotencyKey: "k4")
        let created = try await s.gateway.createRefund(
            CreateRefundRequest(paymentIntentID: "pi_1", amount: 500, reason: .requestedByCustomer), idempotencyKey: "k5")
        _ = try await s.gateway.retrieveRefund(id: "re_1")
        #expect(expired.status == .expired)
        #expect(created.status == .pending)
        let requests = await s.transport.requests
        #expect(
            requests.map(\.url) == [
                "https://api.example/v1/payment_intents/pi_1/confirm", "https://api.example/v1/payment_intents/pi_1/capture",
                "https://api.example/v1/payment_intents/pi_1/cancel", "https://api.example/v1/checkout/sessions/cs_1/expire",
                "https://api.example/v1/refunds", "https://api.example/v1/refunds/re_1",
            ])
        #expect(requests.map { $0.header("Idempotency-Key") } == ["k1", "k2", "k3", "k4", "k5", nil])
        #expect(requests[0].jsonBody?["payment_method"] as? String == "pm_card_visa")
        #expect(requests[0].jsonBody?["return_url"] as? String == "https://shop/r")
        #expect(requests[1].jsonBody?["amount_to_capture"] as? Int == 1000)
        #expect(requests[2].jsonBody?["cancellation_reason"] as? String == "requested_by_customer")
        #expect(requests[3].jsonBody?.isEmpty == true)
        #expect(requests[4].jsonBody?["payment_intent"] as? String == "pi_1")
        #expect(requests[4].jsonBody?["amount"] as? Int == 500)
        #expect(requests[4].jsonBody?["reason"] as? String == "requested_by_customer")
    }

    @Test("a full capture sends no amount; JSON keys are sorted so retries are byte-identical")
    func captureAllAndSortedKeys() async throws {
        let s = ScriptedGateway([.respond(200, Samples.intent()), .respond(200, Samples.intent())])
        _ = try await s.gateway.capturePaymentIntent(id: "pi_1", amount: nil, idempotencyKey: "k")
        _ = try await s.gateway.createPaymentIntent(
            CreatePaymentIntentRequest(amount: 1, currency: "USD", metadata: ["b": "2", "a": "1", "c": "3"]),
            idempotencyKey: "k2")
        let requests = await s.transport.requests
        #expect(requests[0].jsonBody?.isEmpty == true)
        let text = String(decoding: requests[1].body ?? [], as: UTF8.self)
        #expect(text.contains(#"{"a":"1","b":"2","c":"3"}"#))
    }
}
