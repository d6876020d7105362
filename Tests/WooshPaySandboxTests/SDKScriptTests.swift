import Testing

/// `GET /js/wooshpay.js`: the sandbox's JS SDK is served as JavaScript, readable from any
/// origin, with the API the demo storefront calls.
@Suite struct SDKScriptTests {
    @Test func scriptIsServedAsJavaScriptWithTheSDKsAPI() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.page("/js/wooshpay.js")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/javascript; charset=utf-8")
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            for name in [
                "window.WooshPay = {", "init(options)", "paymentIntentId", "clientSecret", "mount(target)",
                "async confirm(options)", "document.currentScript", "'card_number'", "'exp'", "'cvc'",
                "'4111111111111111'", "'03/30'", "'123'", "'Content-Type': 'application/json'",
                "JSON.stringify(body)", "/v1/payment_intents/", "client_secret", "return_url",
                "window.location.href = url",
            ] {
                #expect(reply.text.contains(name), "the script lacks \(name)")
            }
            // JSON only, never a form body; plain script, no module syntax or build artefacts.
            #expect(!reply.text.contains("URLSearchParams") && !reply.text.contains("confirmCardPayment"))
            #expect(!reply.text.contains("import ") && !reply.text.contains("export "))
        }
    }
}
