import Testing

/// The JS SDK's confirm: `POST /v1/payment_intents/{id}/confirm`, JSON, with the
/// publishable key and the intent's client secret in the body instead of the secret key.
/// It must behave as the secret-key confirm does, and a publishable key must open nothing else.
@Suite struct BrowserConfirmTests {
    @Test func confirmWithTheClientSecretSucceeds() async throws {
        try await TestSandbox.with { sandbox in
            let (id, secret) = try await sandbox.createIntent(amount: 1500)
            let reply = try await sandbox.browserConfirm(id, clientSecret: secret)
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.json.string("id") == id)
            #expect(reply.json.string("status") == "succeeded")
            let read = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(read.string("status") == "succeeded")
            #expect(read.int("amount_received") == 1500)
            #expect(try await sandbox.truth(intent: id)?.int("charge_count") == 1)
            // The same webhooks as a server's confirm, naming the browser's request.
            let events = try await sandbox.api(.GET, "/v1/events", ["type": "payment_intent.succeeded"]).json.list("data")
            #expect(events.count == 1)
            #expect(events.first?.dict("data").dict("object").string("id") == id)
            #expect(events.first?.dict("request").string("id") == reply.header("Request-Id"))
        }
    }

    @Test func wrongOrMissingClientSecretOrKeyIsRefusedAndChangesNothing() async throws {
        try await TestSandbox.with { sandbox in
            let (id, secret) = try await sandbox.createIntent()
            let (_, otherSecret) = try await sandbox.createIntent()
            let evil = "https://evil.example/"
            let missing = try await sandbox.browserConfirm(id, clientSecret: nil, returnURL: evil)
            #expect(missing.status == 400)
            #expect(missing.json.error.string("code") == "parameter_missing")
            #expect(missing.json.error.string("param") == "client_secret")
            #expect(missing.header("Access-Control-Allow-Origin") == "*")
            for wrong in [otherSecret, secret + "x", "\(id)_secret_", ""] {
                let reply = try await sandbox.browserConfirm(id, clientSecret: wrong, returnURL: evil)
                #expect(reply.status == 400, "secret \(wrong)")
                #expect(reply.json.error.string("param") == "client_secret")
                #expect(reply.header("Access-Control-Allow-Origin") == "*")
            }
            #expect(
                try await sandbox.browserConfirm(id, clientSecret: otherSecret).json.error.string("code")
                    == "payment_intent_invalid_parameter")
            for key in [nil, "pk_test_wrong", TestSandbox.secretKey] {
                let reply = try await sandbox.browserConfirm(id, clientSecret: secret, key: key, returnURL: evil)
                #expect(reply.status == 401, "key \(key ?? "none")")
                #expect(reply.json.error.string("code") == "api_key_invalid")
                #expect(reply.header("Access-Control-Allow-Origin") == "*")
            }
            // The publishable key in the Authorization header needs the client secret too.
            let header = try await sandbox.api(
                .POST, "/v1/payment_intents/\(id)/confirm",
                ["payment_method": "pm_card_visa"], key: TestSandbox.publishableKey)
            #expect(header.status == 400)
            #expect(header.json.error.string("param") == "client_secret")
            let read = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(read.string("status") == "requires_payment_method")
            #expect(read.isNull("payment_method") && read.isNull("return_url"))
            #expect(try await sandbox.truth(intent: id)?.int("charge_count") == 0)
            #expect(try await sandbox.eventTypes(of: id) == ["payment_intent.created"])
        }
    }

    @Test func declinedCardAnswersTheDecline() async throws {
        try await TestSandbox.with { sandbox in
            let (id, secret) = try await sandbox.createIntent()
            let reply = try await sandbox.browserConfirm(id, clientSecret: secret, card: "4000000000000002")
            #expect(reply.status == 402)
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.json.error.string("type") == "card_error")
            #expect(reply.json.error.string("code") == "card_declined")
            #expect(reply.json.error.string("decline_code") == "generic_decline")
            #expect(reply.json.error.dict("payment_intent").string("id") == id)
            let read = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(read.string("status") == "requires_payment_method")
            #expect(read.dict("last_payment_error").string("decline_code") == "generic_decline")
            #expect(try await sandbox.eventTypes(of: id) == ["payment_intent.created", "payment_intent.payment_failed"])
            // The customer may retry with another card.
            #expect(try await sandbox.browserConfirm(id, clientSecret: secret).json.string("status") == "succeeded")
        }
    }

    @Test func threeDSecureCardAnswersAChallengeThatReturnsToTheConfirmsReturnURL() async throws {
        try await TestSandbox.with { sandbox in
            // The intent was created with another return_url: the confirm's one wins.
            let (id, secret) = try await sandbox.createIntent(returnURL: "https://shop.example/old")
            let back = "http://127.0.0.1:8080/demo/return?order=9"
            let reply = try await sandbox.browserConfirm(id, clientSecret: secret, card: "4000000000003220", returnURL: back)
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.json.string("status") == "requires_action")
            let action = reply.json.dict("next_action")
            #expect(action.string("type") == "challenge_redirect")
            #expect(action.dict("challenge_redirect").string("return_url") == back)
            let url = try #require(action.dict("challenge_redirect").string("url"))
            #expect(url.hasPrefix(sandbox.baseURL + "/3ds/\(id)?client_secret="))
            #expect(try await sandbox.page(url).status == 200)
            let done = try await sandbox.form("/3ds/\(id)", [("client_secret", secret), ("action", "approve")])
            #expect(done.status == 303)
            #expect(done.header("Location")?.hasPrefix(back + "&payment_intent=\(id)&") == true)
            #expect(done.header("Location")?.hasSuffix("redirect_status=succeeded") == true)
            #expect(try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json.string("status") == "succeeded")
        }
    }

    @Test func publishableKeyIsRefusedOnEveryOtherEndpoint() async throws {
        try await TestSandbox.with { sandbox in
            let (id, secret) = try await sandbox.createIntent()
            let pk = TestSandbox.publishableKey
            let header: [(String, String)] = [
                ("GET", "/v1/payment_intents"), ("GET", "/v1/payment_intents/\(id)"), ("POST", "/v1/payment_intents"),
                ("POST", "/v1/payment_intents/\(id)"), ("POST", "/v1/payment_intents/\(id)/cancel"),
                ("POST", "/v1/payment_intents/\(id)/capture"), ("POST", "/v1/refunds"), ("GET", "/v1/events"),
                ("POST", "/v1/checkout/sessions"),
            ]
            for (method, path) in header {
                let reply = try await sandbox.api(
                    method == "GET" ? .GET : .POST, path,
                    method == "GET" ? nil : ["client_secret": secret], key: pk)
                #expect(reply.status == 401, "\(method) \(path)")
                #expect(reply.json.error.string("code") == "api_key_invalid")
            }
            // As the SDK sends it, in the body with the client secret, on write endpoints.
            for path in [
                "/v1/payment_intents/\(id)/cancel", "/v1/payment_intents/\(id)", "/v1/payment_intents",
                "/v1/refunds",
            ] {
                let reply = try await sandbox.api(
                    .POST, path,
                    ["key": pk, "client_secret": secret, "amount": 5, "currency": "USD", "payment_intent": id], key: nil)
                #expect(reply.status == 401, "POST \(path)")
            }
            let read = try await sandbox.page("/v1/payment_intents/\(id)?key=\(pk)&client_secret=\(secret)")
            #expect(read.status == 401)
            let intent = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(intent.string("status") == "requires_payment_method")
            #expect(intent.int("amount") == 1500)
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").count == 1)
        }
    }

    @Test func everyAPIAnswerCarriesTheCORSHeaderEvenInjectedFaults() async throws {
        try await TestSandbox.with { sandbox in
            let (id, secret) = try await sandbox.createIntent()
            let unknown = try await sandbox.api(.POST, "/v1/nothing_here", ["key": TestSandbox.publishableKey], key: nil)
            #expect(unknown.status == 404)
            #expect(unknown.header("Access-Control-Allow-Origin") == "*")
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_error_rate": 1])
            let faulted = try await sandbox.browserConfirm(id, clientSecret: secret)
            #expect(faulted.status == 500)
            #expect(faulted.header("Access-Control-Allow-Origin") == "*")
            #expect(faulted.header("Access-Control-Expose-Headers") == "Request-Id")
            // The fault hides the answer, not the effect (as for a server's confirm).
            #expect(try await sandbox.truth(intent: id)?.string("status") == "succeeded")
            // Hosted pages and controls are not API answers.
            #expect(try await sandbox.page("/_sandbox/faults").header("Access-Control-Allow-Origin") == nil)
        }
    }
}
