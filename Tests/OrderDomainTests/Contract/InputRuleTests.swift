import OrderDomain
import Testing

/// Input rules the OpenAPI document states, checked where JSON Schema and Swift could read
/// the same text differently (code points against characters, Unicode case mapping).
@Suite("Input rules agree with the document (pure)")
struct InputRuleTests {
    @Test("currency codes are three ASCII letters; Unicode case mapping does not turn uſd into USD")
    func currencyIsASCII() {
        #expect(Currency(code: "usd")?.code == "USD")
        #expect(Currency(code: "u\u{17F}d") == nil)
        #expect(Currency(code: "ÜSD") == nil)
        #expect(Currency(code: "US") == nil)
    }

    @Test(
        "the e-mail rule works on code points: a combining mark cannot hide a dot or a space",
        arguments: [
            ("a@b.co", true), ("a@.\u{301}b.c", false), ("a@\u{301}b.c", true), ("a\u{600} b@c.d", false),
            ("a@b.c.", false), ("@b.c", false), ("a@bc", false), ("a@b@c.d", false),
        ])
    func emailOnCodePoints(_ email: String, _ plausible: Bool) {
        let command = PlaceOrderCommand(currency: "USD", items: [.init(sku: "MUG", quantity: 1)], customerEmail: email)
        let accepted = (try? command.validated(accepting: [Currency(code: "USD")!])) != nil
        #expect(accepted == plausible, "\(email.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("an order of free products is refused: WooshPay cannot charge nothing")
    func zeroTotal() {
        let usd = Currency(code: "USD")!
        let catalog = [
            "FREE": CatalogEntry(sku: "FREE", name: "Sticker", active: true, stock: nil, unitAmount: 0),
            "MUG": CatalogEntry(sku: "MUG", name: "Mug", active: true, stock: nil, unitAmount: 800),
        ]
        let refusal = #expect(throws: DomainError.self) {
            try OrderPricing.price([.init(sku: "FREE", quantity: 3)], currency: usd, catalog: catalog)
        }
        #expect(refusal?.code == "order_total_zero")
        // A free product beside a paid one is fine.
        #expect(
            (try? OrderPricing.price(
                [.init(sku: "FREE", quantity: 1), .init(sku: "MUG", quantity: 1)],
                currency: usd, catalog: catalog))?.1.amount == 800)
    }

    @Test("payment_method_types may not repeat a type; a cardholder name is at most 200 code points")
    func paymentInputs() throws {
        var settings = PaymentSettings()
        settings.paymentMethodTypes = ["card", "alipay"]
        #expect((try? StartPaymentRequest(mode: .checkout, paymentMethodTypes: ["card", "alipay"]).draft(settings: settings)) != nil)
        #expect(throws: DomainError.self) {
            try StartPaymentRequest(mode: .checkout, paymentMethodTypes: ["card", "card"]).draft(settings: settings)
        }
        let card = { (name: String) in GatewayCard(number: "4242424242424242", expMonth: 3, expYear: 2030, cvc: "123", name: name) }
        #expect(throws: Never.self) { try PaymentRules.validate(card(String(repeating: "e\u{301}", count: 100))) }
        #expect(throws: DomainError.self) { try PaymentRules.validate(card(String(repeating: "e\u{301}", count: 101))) }
    }
}
