import Testing

/// 3-D Secure challenges and wallet redirects for direct-API intents, completed on the
/// sandbox's pages, returning to `return_url` the way Stripe does.
@Suite struct RedirectFlowTests {
    private func startThreeDS(_ sandbox: TestSandbox) async throws -> (id: String, url: String) {
        let reply = try await sandbox.api(
            .POST, "/v1/payment_intents",
            [
                "amount": 4200, "currency": "USD", "confirm": true, "payment_method": "pm_card_threeDSecure",
                "return_url": "https://shop.example/return?order=7",
            ])
        #expect(reply.status == 200)
        #expect(reply.json.string("status") == "requires_action")
        let action = reply.json.dict("next_action")
        #expect(action.string("type") == "challenge_redirect")
        #expect(action.dict("challenge_redirect").string("return_url") == "https://shop.example/return?order=7")
        let url = try #require(action.dict("challenge_redirect").string("url"))
        #expect(url.hasPrefix(sandbox.baseURL + "/3ds/"))
        return (try #require(reply.json.string("id")), url)
    }

    @Test func threeDSecureApproved() async throws {
        try await TestSandbox.with { sandbox in
            let (id, url) = try await startThreeDS(sandbox)
            let page = try await sandbox.page(url)
            #expect(page.status == 200)
            #expect(page.text.contains("Approve") && page.text.contains("Deny"))
            let secret = try #require(try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json.string("client_secret"))
            let done = try await sandbox.form("/3ds/\(id)", [("client_secret", secret), ("action", "approve")])
            #expect(done.status == 303)
            let location = try #require(done.header("Location"))
            #expect(location.hasPrefix("https://shop.example/return?order=7&payment_intent=\(id)&"))
            #expect(location.contains("redirect_status=succeeded"))
            #expect(try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json.string("status") == "succeeded")
            // The challenge cannot be answered twice.
            let stale = try await sandbox.form("/3ds/\(id)", [("client_secret", secret), ("action", "deny")])
            #expect(stale.status == 409)
        }
    }

    @Test func threeDSecureDenied() async throws {
        try await TestSandbox.with { sandbox in
            let (id, _) = try await startThreeDS(sandbox)
            let wrongSecret = try await sandbox.form("/3ds/\(id)", [("client_secret", "nope"), ("action", "approve")])
            #expect(wrongSecret.status == 404)
            let secret = try #require(try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json.string("client_secret"))
            let done = try await sandbox.form("/3ds/\(id)", [("client_secret", secret), ("action", "deny")])
            #expect(done.status == 303)
            #expect(done.header("Location")?.contains("redirect_status=failed") == true)
            let pi = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(pi.string("status") == "requires_payment_method")
            #expect(pi.dict("last_payment_error").string("code") == "payment_intent_authentication_failure")
            #expect(try await sandbox.truth(intent: id)?.int("charge_count") == 0)
        }
    }

    @Test func alipayRedirectAuthorized() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 20, "currency": "CNY", "confirm": true, "payment_method_data": ["type": "alipay"],
                    "payment_method_options": ["alipay": ["terminal_type": "WEB"]], "return_url": "https://shop.example/r",
                ])
            #expect(reply.json.string("status") == "requires_action")
            let action = reply.json.dict("next_action")
            #expect(action.string("type") == "alipay_handle_redirect")
            let url = try #require(action.dict("alipay_handle_redirect").string("url"))
            let page = try await sandbox.page(url)
            #expect(page.status == 200 && page.text.contains("Authorize"))
            let id = try #require(reply.json.string("id"))
            let secret = try #require(reply.json.string("client_secret"))
            let done = try await sandbox.form("/redirect/\(id)", [("client_secret", secret), ("action", "approve")])
            #expect(
                done.header("Location")
                    == "https://shop.example/r?payment_intent=\(id)&payment_intent_client_secret=\(secret)&redirect_status=succeeded")
            #expect(try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json.string("status") == "succeeded")
        }
    }

    @Test func otherWalletsUseTheirOwnHandleRedirectAndCanFail() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 300, "currency": "HKD", "confirm": true, "payment_method_data": ["type": "wechat_pay"],
                    "return_url": "https://shop.example/r",
                ])
            let action = reply.json.dict("next_action")
            #expect(action.string("type") == "wechat_pay_handle_redirect")
            #expect(action.dict("wechat_pay_handle_redirect").string("url")?.contains("/redirect/") == true)
            #expect(action["redirect_to_url"] == nil)
            let id = try #require(reply.json.string("id"))
            let secret = try #require(reply.json.string("client_secret"))
            let done = try await sandbox.form("/redirect/\(id)", [("client_secret", secret), ("action", "deny")])
            #expect(done.header("Location")?.hasSuffix("redirect_status=failed") == true)
            let pi = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(pi.string("status") == "requires_payment_method")
            #expect(pi.dict("last_payment_error").string("code") == "payment_intent_payment_attempt_failed")
        }
    }

    @Test func errorOnRequiresActionFailsInstead() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 300, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa",
                    "error_on_requires_action": true, "payment_method_options": ["card": ["request_three_d_secure": "any"]],
                ])
            #expect(reply.status == 402)
            #expect(reply.json.error.string("code") == "authentication_required")
        }
    }
}
