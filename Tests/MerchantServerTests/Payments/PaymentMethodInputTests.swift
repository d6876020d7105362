import CurlTransport
import OrderDomain
import Testing

/// Issue 22: a direct start carries what its method needs, or is refused before anything
/// is written or sent; the real service over PostgreSQL and the sandbox.
@Suite("Payment method input, end to end") struct PaymentMethodInputTests {
    static func brlOrder(_ h: PaymentHarness) async throws -> (id: String, token: String) {
        try await h.pool.withTransaction { tx in
            try tx.query("INSERT INTO product_prices (sku, currency, unit_amount) VALUES ('MUG', 'BRL', 2500)")
        }
        let answer = try await h.send(
            .POST, "/v1/orders", #"{"currency":"BRL","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"a@example.com"}}"#)
        return (try #require(answer.string("id")), try #require(answer.string("client_token")))
    }

    @Test func aDirectStartWithoutTheMethodsInputIsRefusedAndWritesNothing() async throws {
        try await PaymentHarness.with(configure: {
            $0.payments.paymentMethodTypes = ["card", "pix", "wechat_pay"]
            $0.currencies = ["USD", "BRL"].compactMap(Currency.init(code:))
            $0.payments.allowedCaptureMethods = [.automatic, .manual]
        }) { h in
            try await h.seedProduct("MUG", price: 700)
            let order = try await Self.brlOrder(h)
            let bare = try await h.pay(order, #"{"mode":"direct","payment_method_data":{"type":"pix"}}"#)
            #expect(bare.status == 400)
            #expect(bare.errorCode == "missing_parameter")
            #expect((bare.json["error"] as? [String: Any])?["param"] as? String == "payment_method_data.billing_details.name")
            let wechat = try await h.pay(order, #"{"mode":"direct","payment_method_data":{"type":"wechat_pay"}}"#)
            #expect(wechat.errorCode == "payment_method_checkout_only")
            let manual = try await h.pay(order, #"{"mode":"checkout","capture_method":"manual"}"#)
            #expect(manual.errorCode == "capture_method_not_allowed")
            #expect(try await h.attemptColumn(order.id, "id").isEmpty)

            let usd = try await h.placeOrder([("MUG", 1)])
            let payer = #""billing_details":{"name":"Ana Souza","email":"ana@example.com","address":{"country":"BR"}}"#
            let wrongCurrency = try await h.pay(usd, #"{"mode":"direct","payment_method_data":{"type":"pix",\#(payer)}}"#)
            #expect(wrongCurrency.errorCode == "payment_method_currency_not_supported")
            #expect(try await h.attemptColumn(usd.id, "id").isEmpty)

            let paid = try await h.pay(order, #"{"mode":"direct","payment_method_data":{"type":"pix",\#(payer)}}"#)
            #expect(paid.status == 201)
            #expect(paid.string("status") == "requires_action")
            let action = try #require(paid.json["next_action"] as? [String: Any])
            #expect((action["redirect_url"] as? String)?.isEmpty == false)
            #expect(action["details"] is [String: Any])
            #expect(try await h.attemptColumn(order.id, "payment_method") == ["pix"])
            // The payer's details went to WooshPay and are not in our row.
            #expect(try await h.attemptColumn(order.id, "details_withheld") == ["true"])
        }
    }
}
