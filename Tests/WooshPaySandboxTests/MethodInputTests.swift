import Testing

/// A direct start as WooshPay takes it, per method: without the input a method's page
/// documents it is refused (400 `parameter_missing` naming the field, nothing stored);
/// with it, the method answers with its own `<type>_handle_redirect`, whose page can be
/// approved or denied.
@Suite struct MethodInputTests {
    /// A method, and the field a start without its documented input is refused for.
    struct Case: Sendable, CustomStringConvertible {
        let type: String
        let currency: String
        let missing: String?
        let action: String
        var description: String { type }
    }

    static let cases: [Case] = [
        Case(type: "alipay", currency: "CNY", missing: "payment_method_options[alipay][terminal_type]", action: "alipay_handle_redirect"),
        Case(
            type: "alipayplus", currency: "HKD", missing: "payment_method_options[alipayplus][terminal_type]",
            action: "alipay_handle_redirect"),
        Case(type: "upi", currency: "INR", missing: "payment_method_options[upi][app_type]", action: "upi_handle_redirect"),
        Case(type: "paynow", currency: "SGD", missing: "payment_method_data[billing_details][name]", action: "paynow_handle_redirect"),
        Case(type: "pix", currency: "BRL", missing: "payment_method_data[billing_details][name]", action: "pix_handle_redirect"),
        Case(
            type: "bank_transfer_uk", currency: "GBP", missing: "payment_method_data[billing_details][name]",
            action: "bank_transfer_uk_handle_redirect"),
        Case(
            type: "bank_transfer_eu", currency: "EUR", missing: "payment_method_data[billing_details][name]",
            action: "bank_transfer_eu_handle_redirect"),
        Case(type: "spei", currency: "MXN", missing: "payment_method_options[spei][curp]", action: "spei_handle_redirect"),
        Case(
            type: "mobile_money", currency: "UGX", missing: "payment_method_data[mobile_money][phone_number]",
            action: "mobile_money_handle_redirect"),
        Case(type: "promptpay", currency: "THB", missing: nil, action: "promptpay_handle_redirect"),
        Case(type: "bank_transfer_id", currency: "IDR", missing: nil, action: "bank_transfer_id_handle_redirect"),
    ]

    static func payer() -> [String: Any] {
        ["billing_details": ["name": "Ana Lima", "email": "ana@example.com", "address": ["country": "BR"]]]
    }

    /// The documented input of a type: `payment_method_data` fields and `payment_method_options.<type>`.
    static func input(_ type: String) -> (data: [String: Any], options: [String: Any]) {
        switch type {
        case "alipay": return ([:], ["terminal_type": "WEB"])
        case "alipayplus": return ([:], ["terminal_type": "APP"])
        case "upi": return (["billing_details": ["email": "a@example.com"]], ["app_type": "phonepe"])
        case "paynow", "pix", "bank_transfer_uk", "bank_transfer_eu": return (payer(), [:])
        case "spei": return (["billing_details": ["name": "Luis"]], ["curp": "GODE561231HDFRRN09", "rfc_pf": "GODE561231GR8"])
        case "mobile_money": return (["mobile_money": ["phone_number": "+256700000001", "provider_code": "mtn_ug"]], [:])
        default: return ([:], [:])
        }
    }

    static func start(_ sandbox: TestSandbox, _ c: Case, complete: Bool) async throws -> Reply {
        var data: [String: Any] = ["type": c.type]
        var body: [String: Any] = [
            "amount": 5000, "currency": c.currency, "confirm": true, "return_url": "https://shop.example/r",
        ]
        if complete {
            let input = Self.input(c.type)
            for (k, v) in input.data { data[k] = v }
            if !input.options.isEmpty { body["payment_method_options"] = [c.type: input.options] }
        }
        body["payment_method_data"] = data
        return try await sandbox.api(.POST, "/v1/payment_intents", body)
    }

    @Test(arguments: cases) func withoutItsInputAStartIsRefusedAndNothingStored(_ c: Case) async throws {
        try await TestSandbox.with { sandbox in
            guard let missing = c.missing else {
                // A method with no documented input starts with its type alone.
                let bare = try await Self.start(sandbox, c, complete: false)
                #expect(bare.status == 200 && bare.json.string("status") == "requires_action", "\(bare.text)")
                return
            }
            let refused = try await Self.start(sandbox, c, complete: false)
            #expect(refused.status == 400)
            #expect(refused.json.error.string("code") == "parameter_missing")
            #expect(refused.json.error.string("param") == missing)
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").isEmpty)
        }
    }

    @Test(arguments: cases) func withItTheMethodsOwnNextActionLeadsToSuccessOrFailure(_ c: Case) async throws {
        try await TestSandbox.with { sandbox in
            for approve in [true, false] {
                let reply = try await Self.start(sandbox, c, complete: true)
                #expect(reply.status == 200, "\(reply.text)")
                #expect(reply.json.string("status") == "requires_action")
                let action = reply.json.dict("next_action")
                #expect(action.string("type") == c.action)
                let url = try #require(action.dict(c.action).string("url"))
                let page = try await sandbox.page(url)
                #expect(page.status == 200)
                let id = try #require(reply.json.string("id"))
                let secret = try #require(reply.json.string("client_secret"))
                let done = try await sandbox.form(
                    "/redirect/\(id)", [("client_secret", secret), ("action", approve ? "approve" : "deny")])
                #expect(done.header("Location")?.hasSuffix(approve ? "redirect_status=succeeded" : "redirect_status=failed") == true)
                let status = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json.string("status")
                #expect(status == (approve ? "succeeded" : "requires_payment_method"))
            }
        }
    }

    @Test func aBadTerminalTypeIsRefused() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 20, "currency": "CNY", "confirm": true, "payment_method_data": ["type": "alipay"],
                    "payment_method_options": ["alipay": ["terminal_type": "TV"]],
                ])
            #expect(reply.status == 400)
            #expect(reply.json.error.string("param") == "payment_method_options[alipay][terminal_type]")
        }
    }

    /// Confirming later checks the same: options and billing details may arrive on the
    /// create or on the confirm, and a confirm without them changes nothing.
    @Test func aLaterConfirmIsCheckedToo() async throws {
        try await TestSandbox.with { sandbox in
            let created = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 900, "currency": "SGD"]).json
            let id = try #require(created.string("id"))
            let bare = try await sandbox.api(
                .POST, "/v1/payment_intents/\(id)/confirm", ["payment_method_data": ["type": "paynow"]])
            #expect(bare.status == 400)
            #expect(bare.json.error.string("param") == "payment_method_data[billing_details][name]")
            #expect(try await sandbox.truth(intent: id)?.string("status") == "requires_payment_method")
            var data = Self.payer()
            data["type"] = "paynow"
            let paid = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/confirm", ["payment_method_data": data])
            #expect(paid.json.dict("next_action").string("type") == "paynow_handle_redirect")
        }
    }

    /// bank_transfer_vn's next action carries the QR payload too, as observed.
    @Test func bankTransferVNCarriesAQRCode() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 50000, "currency": "VND", "confirm": true,
                    "payment_method_data": ["type": "bank_transfer_vn"],
                ])
            let detail = reply.json.dict("next_action").dict("bank_transfer_vn_handle_redirect")
            #expect(detail.string("url") != nil)
            #expect(detail.string("qrcode")?.isEmpty == false)
        }
    }

    /// WooshPay's one confirmed test card pays; with `request_three_d_secure: any` it asks
    /// for 3-D Secure.
    @Test func wooshPaysTestCardPaysAndCanBeChallenged() async throws {
        try await TestSandbox.with { sandbox in
            let card: [String: Any] = ["number": "4111111111111111", "exp_month": 3, "exp_year": 2030, "cvc": "123"]
            for (options, expected) in [("auto", "succeeded"), ("any", "requires_action")] {
                let reply = try await sandbox.api(
                    .POST, "/v1/payment_intents",
                    [
                        "amount": 100, "currency": "USD", "confirm": true,
                        "payment_method_data": ["type": "card", "card": card],
                        "payment_method_options": ["card": ["request_three_d_secure": options]],
                    ])
                #expect(reply.json.string("status") == expected, "\(options)")
                if expected == "requires_action" {
                    #expect(reply.json.dict("next_action").string("type") == "challenge_redirect")
                }
            }
        }
    }
}
