import Testing

@testable import OrderDomain

/// A start request checked against the shop's settings before anything is written: a
/// request may narrow what the shop offers, never widen it.
@Suite("A payment start request is shaped by the shop's settings") struct StartPaymentRequestTests {
    static let settings: PaymentSettings = {
        var settings = PaymentSettings()
        settings.paymentMethodTypes = ["card", "alipay"]
        return settings
    }()

    static let web = PaymentMethodDetails(options: ["terminal_type": "WEB"])

    static func card(_ number: String = "4242424242424242", month: Int = 3, year: Int = 2030, cvc: String = "123") -> GatewayPaymentMethodInput {
        .card(GatewayCard(number: number, expMonth: month, expYear: year, cvc: cvc))
    }

    /// The draft's method, or the refusal's code.
    static func outcome(_ request: StartPaymentRequest, rawCards: Bool = false) -> String {
        var settings = Self.settings
        settings.allowRawCardData = rawCards
        do {
            let draft = try request.draft(settings: settings)
            return "\(draft.paymentMethodTypes.joined(separator: "+")) \(draft.paymentMethod ?? "-") \(draft.captureMethod)"
        } catch {
            return error.code
        }
    }

    @Test(
        "what each request becomes, or why it is refused",
        arguments: [
            (StartPaymentRequest(mode: .checkout), "card+alipay - automatic"),
            (StartPaymentRequest(mode: .sdk), "card - automatic"),
            (StartPaymentRequest(mode: .sdk, paymentMethodTypes: ["card"]), "card - automatic"),
            (StartPaymentRequest(mode: .sdk, paymentMethodTypes: ["alipay"]), "payment_method_type_not_allowed"),
            (StartPaymentRequest(mode: .checkout, paymentMethodTypes: ["alipay"]), "alipay - automatic"),
            (StartPaymentRequest(mode: .sdk, paymentMethodTypes: []), "payment_method_type_not_allowed"),
            (StartPaymentRequest(mode: .sdk, paymentMethodTypes: ["wechat_pay"]), "payment_method_type_not_allowed"),
            (StartPaymentRequest(mode: .checkout, captureMethod: .manual), "capture_method_not_allowed"),
            (StartPaymentRequest(mode: .checkout, paymentMethod: .existing(id: "pm_1")), "payment_method_not_allowed"),
            (StartPaymentRequest(mode: .direct), "payment_method_required"),
            (StartPaymentRequest(mode: .direct, paymentMethod: .existing(id: "pm_card_visa")), "card+alipay pm_card_visa automatic"),
            (StartPaymentRequest(mode: .direct, paymentMethod: .existing(id: "card_1")), "invalid_payment_method"),
            (StartPaymentRequest(mode: .direct, paymentMethod: .existing(id: "pm_")), "invalid_payment_method"),
            (StartPaymentRequest(mode: .direct, paymentMethod: .redirectMethod(type: "alipay")), "missing_parameter"),
            (StartPaymentRequest(mode: .direct, paymentMethod: .redirectMethod(type: "alipay", details: web)), "alipay alipay automatic"),
            (StartPaymentRequest(mode: .sdk, captureMethod: .manual), "capture_method_not_allowed"),
            (StartPaymentRequest(mode: .direct, paymentMethod: .redirectMethod(type: "wechat_pay")), "payment_method_type_not_allowed"),
            (StartPaymentRequest(mode: .direct, paymentMethod: card()), "raw_card_data_not_allowed"),
        ])
    func drafts(_ request: StartPaymentRequest, _ outcome: String) {
        #expect(Self.outcome(request) == outcome)
    }

    @Test(
        "a raw card, where the shop allows it, must be a real-looking card",
        arguments: [
            (card(), "card card automatic"), (card("4242424242424241"), "invalid_card_data"), (card("42424242"), "invalid_card_data"),
            (card("4242 4242 4242 4242"), "invalid_card_data"), (card(month: 13), "invalid_card_data"),
            (card(year: 30), "invalid_card_data"), (card(cvc: "12"), "invalid_card_data"), (card(cvc: "12a"), "invalid_card_data"),
            (card("378282246310005", cvc: "1234"), "card card automatic"),
        ])
    func rawCards(_ method: GatewayPaymentMethodInput, _ outcome: String) {
        #expect(Self.outcome(StartPaymentRequest(mode: .direct, paymentMethod: method), rawCards: true) == outcome)
    }

    @Test("a shop that allows manual capture lets the request choose it")
    func manualCapture() throws {
        var settings = Self.settings
        settings.allowedCaptureMethods = [.automatic, .manual]
        #expect(try StartPaymentRequest(mode: .sdk, captureMethod: .manual).draft(settings: settings).captureMethod == .manual)
    }
}
