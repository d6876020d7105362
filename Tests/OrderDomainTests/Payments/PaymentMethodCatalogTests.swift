import Testing

@testable import OrderDomain

/// The method table: what a direct start must send per type, refused before anything is
/// written or sent, and the flows and currencies each method is offered in.
@Suite("Payment method requirements") struct PaymentMethodCatalogTests {
    static let payer = BillingDetails([.name: "Ana Souza", .email: "ana@example.com", .country: "br"])

    /// The validated details' description, or the refusal as `code param`.
    static func outcome(_ type: String, _ details: PaymentMethodDetails) -> String {
        do {
            return try PaymentMethodCatalog.validate(type: type, details: details).description
        } catch {
            return "\(error.code) \(error.param ?? "-")"
        }
    }

    @Test(
        "a bare start of a method with documented input names the first missing field",
        arguments: [
            ("pix", "missing_parameter payment_method_data.billing_details.name"),
            ("paynow", "missing_parameter payment_method_data.billing_details.name"),
            ("bank_transfer_uk", "missing_parameter payment_method_data.billing_details.name"),
            ("bank_transfer_eu", "missing_parameter payment_method_data.billing_details.name"),
            ("spei", "missing_parameter payment_method_options.spei.curp"),
            ("upi", "missing_parameter payment_method_options.upi.app_type"),
            ("mobile_money", "missing_parameter payment_method_data.mobile_money.phone_number"),
            ("alipay", "missing_parameter payment_method_options.alipay.terminal_type"),
            ("alipayplus", "missing_parameter payment_method_options.alipayplus.terminal_type"),
            ("promptpay", "details()"),
            ("bank_transfer_id", "details()"),
            ("wechat_pay", "payment_method_checkout_only payment_method_data.type"),
            ("klarna", "payment_method_checkout_only payment_method_data.type"),
        ])
    func bare(_ type: String, _ expected: String) {
        #expect(Self.outcome(type, PaymentMethodDetails()) == expected)
    }

    @Test("complete input passes, normalised; bad shapes and unknown fields are refused with their path")
    func shapes() {
        #expect(Self.outcome("pix", PaymentMethodDetails(billing: Self.payer)).hasPrefix("details("))
        let pix = try? PaymentMethodCatalog.validate(type: "pix", details: PaymentMethodDetails(billing: Self.payer))
        #expect(pix?.billing.value(of: .country) == "BR")
        var badMail = Self.payer
        badMail.values[.email] = "not-an-address"
        #expect(Self.outcome("pix", PaymentMethodDetails(billing: badMail)) == "invalid_email payment_method_data.billing_details.email")
        var badCountry = Self.payer
        badCountry.values[.country] = "Brazil"
        #expect(
            Self.outcome("pix", PaymentMethodDetails(billing: badCountry))
                == "invalid_parameter payment_method_data.billing_details.address.country")
        #expect(
            Self.outcome("alipay", PaymentMethodDetails(options: ["terminal_type": "PHONE"]))
                == "invalid_parameter payment_method_options.alipay.terminal_type")
        #expect(
            Self.outcome("alipay", PaymentMethodDetails(options: ["terminal_type": "WEB", "os_type": "x"]))
                == "unknown_parameter payment_method_options.alipay.os_type")
        let phone = ["phone_number": "+256 700 000000", "provider_code": "mtn_ug"]
        #expect(Self.outcome("mobile_money", PaymentMethodDetails(methodData: phone)).hasPrefix("details("))
        #expect(
            Self.outcome("mobile_money", PaymentMethodDetails(methodData: ["phone_number": "call me", "provider_code": "mtn_ug"]))
                == "invalid_parameter payment_method_data.mobile_money.phone_number")
        var long = Self.payer
        long.values[.name] = String(repeating: "a", count: 201)
        #expect(Self.outcome("pix", PaymentMethodDetails(billing: long)) == "invalid_parameter payment_method_data.billing_details.name")
    }

    @Test("details never render their values")
    func redaction() {
        let details = PaymentMethodDetails(billing: Self.payer, options: ["curp": "GOMA800101HDFRRN09"])
        for text in [
            details.description, details.debugDescription, String(reflecting: details), "\(Mirror(reflecting: details).children.map(\.value))",
        ] {
            #expect(!text.contains("Ana") && !text.contains("GOMA800101HDFRRN09") && !text.contains("example.com"))
        }
    }

    @Test("flows: cards everywhere, documented methods in checkout and direct, the rest in checkout only")
    func flows() {
        #expect(PaymentMethodCatalog.spec(for: "card").flows == [.checkout, .sdk, .direct])
        #expect(PaymentMethodCatalog.spec(for: "pix").flows == [.checkout, .direct])
        #expect(PaymentMethodCatalog.spec(for: "wechat_pay").flows == [.checkout])
        #expect(PaymentMethodCatalog.spec(for: "9pay").flows == [.checkout])
    }

    @Test("an order's currency refuses a direct method or narrows a hosted page's list")
    func currencies() throws {
        let direct = AttemptDraft(mode: .direct, captureMethod: .automatic, paymentMethodTypes: ["pix"], paymentMethod: "pix")
        #expect(throws: DomainError.self) { try direct.fitted(currency: "USD") }
        #expect(try direct.fitted(currency: "BRL").paymentMethodTypes == ["pix"])
        let page = AttemptDraft(mode: .checkout, captureMethod: .automatic, paymentMethodTypes: ["card", "pix", "promptpay"])
        #expect(try page.fitted(currency: "THB").paymentMethodTypes == ["card", "promptpay"])
        var chosen = page
        chosen.typesRequested = true
        do {
            _ = try chosen.fitted(currency: "THB")
            Issue.record("a chosen method that cannot pay THB must be refused")
        } catch {
            #expect(error.code == "payment_method_currency_not_supported")
        }
        // A saved card started directly in USD: the configured local methods are narrowed
        // away, not a reason to refuse the card (make run's list refused every USD card).
        let card = AttemptDraft(
            mode: .direct, captureMethod: .automatic, paymentMethodTypes: ["card", "promptpay", "pix"], paymentMethod: "pm_card_visa")
        #expect(try card.fitted(currency: "USD").paymentMethodTypes == ["card"])
        let none = AttemptDraft(mode: .checkout, captureMethod: .automatic, paymentMethodTypes: ["pix"])
        #expect(throws: DomainError.self) { try none.fitted(currency: "EUR") }
    }
}
