import Testing

/// The hosted checkout page as a customer uses it: plain HTML forms and 303 redirects.
@Suite struct HostedCheckoutTests {
    @Test func pageShowsTheOrderAndACancelLink() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox)
            let url = try #require(session.string("url"))
            let page = try await sandbox.page(url)
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("30.00 USD"))
            #expect(page.text.contains("Tee") && page.text.contains("Mug"))
            #expect(page.text.contains("href=\"https://shop.example/cancel\""))
            #expect(page.text.contains("4000000000003220"))
            let wrongKey = try await sandbox.page("/pay/\(try #require(session.string("id")))?key=pk_test_other")
            #expect(wrongKey.status == 403)
        }
    }

    @Test func declineThenRetryThenSuccessRedirect() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox)
            let id = try #require(session.string("id"))
            let url = try #require(session.string("url"))
            let declined = try await sandbox.form(url, [("card_number", "4000000000000002"), ("exp", "12/34"), ("cvc", "123")])
            #expect(declined.status == 402)
            #expect(declined.text.contains("Your card was declined."))
            #expect(declined.text.contains("<form"))
            let paid = try await sandbox.form(url, [("card_number", "4111 1111 1111 1111"), ("exp", "12/34"), ("cvc", "123")])
            #expect(paid.status == 303)
            #expect(paid.header("Location") == "https://shop.example/ok?cs=\(id)")
            let after = try await sandbox.api(.GET, "/v1/checkout/sessions/\(id)").json
            #expect(after.string("status") == "complete" && after.string("payment_status") == "paid")
            let pi = try await sandbox.api(.GET, "/v1/payment_intents/\(try #require(session.string("payment_intent")))").json
            #expect(pi.string("status") == "succeeded")
            // Paying again is impossible: the page now only points back to the merchant.
            let again = try await sandbox.form(url, [("card_number", "4111111111111111"), ("exp", "12/34"), ("cvc", "123")])
            #expect(again.status == 303)
            #expect(try await sandbox.truth(intent: try #require(session.string("payment_intent")))?.int("charge_count") == 1)
        }
    }

    @Test func threeDSecureInCheckoutReturnsToSuccessURLOrThePayPage() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox)
            let id = try #require(session.string("id"))
            let url = try #require(session.string("url"))
            let challenge = try await sandbox.form(url, [("card_number", "4000000000003220"), ("exp", "12/34"), ("cvc", "123")])
            #expect(challenge.status == 303)
            let challengeURL = try #require(challenge.header("Location"))
            #expect(challengeURL.hasPrefix("\(sandbox.baseURL)/3ds/"))
            #expect(try await sandbox.page(challengeURL).status == 200)
            let pi = try #require(session.string("payment_intent"))
            let secret = try #require(try await sandbox.api(.GET, "/v1/payment_intents/\(pi)").json.string("client_secret"))
            let denied = try await sandbox.form("/3ds/\(pi)", [("client_secret", secret), ("action", "deny")])
            #expect(denied.header("Location")?.hasPrefix(url + "&error=") == true)
            #expect(try await sandbox.page(try #require(denied.header("Location"))).text.contains("failed authentication"))
            // Second try: challenge approved.
            _ = try await sandbox.form(url, [("card_number", "4000000000003220"), ("exp", "12/34"), ("cvc", "123")])
            let approved = try await sandbox.form("/3ds/\(pi)", [("client_secret", secret), ("action", "approve")])
            #expect(approved.header("Location") == "https://shop.example/ok?cs=\(id)")
            #expect(try await sandbox.api(.GET, "/v1/checkout/sessions/\(id)").json.string("status") == "complete")
        }
    }

    @Test func walletButtonLeadsToTheRedirectPage() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox, extra: ["payment_method_types": ["card", "alipay"]])
            let id = try #require(session.string("id"))
            let page = try await sandbox.page(try #require(session.string("url")))
            #expect(page.text.contains("Pay with alipay"))
            let redirect = try await sandbox.form("/pay/\(id)/method?key=\(TestSandbox.publishableKey)", [("type", "alipay")])
            #expect(redirect.status == 303)
            #expect(redirect.header("Location")?.hasPrefix("\(sandbox.baseURL)/redirect/") == true)
            let pi = try #require(session.string("payment_intent"))
            let secret = try #require(try await sandbox.api(.GET, "/v1/payment_intents/\(pi)").json.string("client_secret"))
            let done = try await sandbox.form("/redirect/\(pi)", [("client_secret", secret), ("action", "approve")])
            #expect(done.header("Location") == "https://shop.example/ok?cs=\(id)")
        }
    }
}
