import Foundation
import Testing

/// End to end, one test per flow: order created over HTTP, payment started, the sandbox
/// drives the payment to `succeeded`, and the attempt holds WooshPay's ids.
@Suite("Payment flows end to end") struct PaymentFlowTests {
    @Test func hostedCheckoutStartsASessionPaidOnTheHostedPage() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 1250)
            let order = try await h.placeOrder([("MUG", 2)])
            let answer = try await h.pay(order, #"{"mode":"checkout"}"#)
            #expect(answer.status == 201)
            let redirect = try #require(answer.string("redirect_url"))
            let sessionID = try #require(answer.string("checkout_session"))
            let sessions = try await h.truth("checkout_sessions")
            #expect(sessions.count == 1)
            #expect(sessions.first?["id"] as? String == sessionID)
            #expect(sessions.first?["amount_total"] as? Int == 2500, "WooshPay charges the catalog price")
            #expect(sessions.first?["client_reference_id"] as? String == order.id)

            // The customer pays on the hosted page with a test card; WooshPay redirects to our return endpoint.
            let paid = try await h.request(
                .POST, redirect, "card_number=4111111111111111&exp=03%2F30&cvc=123",
                contentType: "application/x-www-form-urlencoded")
            #expect(paid.status == 303)
            let location = paid.headers.first { $0.name.lowercased() == "location" }?.value ?? ""
            #expect(location.hasPrefix("http://127.0.0.1:9/v1/orders/\(order.id)/return?attempt=\(answer.string("id") ?? "-")"))

            let intentID = try #require(sessions.first?["payment_intent"] as? String)
            #expect(try await h.intent(intentID)["status"] as? String == "succeeded")
            #expect(try await h.attemptColumn(order.id, "checkout_session_id") == [sessionID])
            #expect(try await h.attemptColumn(order.id, "payment_intent_id") == [intentID])
            #expect(try await h.attemptColumn(order.id, "mode") == ["checkout"])
        }
    }

    @Test func sdkModeHandsOutTheClientSecretAndPublishableKey() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 990)
            let order = try await h.placeOrder([("MUG", 1)])
            let answer = try await h.pay(order, #"{"mode":"sdk"}"#)
            #expect(answer.status == 201)
            let intentID = try #require(answer.string("payment_intent"))
            #expect(answer.string("client_secret")?.hasPrefix("\(intentID)_secret_") == true)
            #expect(answer.string("publishable_key") == h.configuration.wooshPay.publishableKey)
            #expect(answer.string("status") == "requires_payment_method")
            let intent = try await h.intent(intentID)
            #expect(intent["amount"] as? Int == 990)
            #expect(intent["merchant_order_id"] as? String == order.id)

            // The widget pays; the sandbox drives the intent as the customer's bank would.
            try await h.drive(intentID, to: "succeeded")
            #expect(try await h.intent(intentID)["status"] as? String == "succeeded")
            #expect(try await h.attemptColumn(order.id, "payment_intent_id") == [intentID])
            let secret = try #require(answer.string("client_secret"))
            #expect(
                try await h.count("SELECT count(*) AS n FROM payment_attempts a WHERE row_to_json(a)::text LIKE $1", ["%\(secret)%"]) == 0,
                "the client secret is never stored")
        }
    }

    @Test func directModeWithASavedMethodSucceedsInOneCall() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 700)
            let order = try await h.placeOrder([("MUG", 3)])
            let answer = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(answer.status == 201)
            #expect(answer.string("status") == "succeeded")
            #expect(answer.json["client_secret"] == nil, "the secret is only for the SDK flow")
            let intentID = try #require(answer.string("payment_intent"))
            #expect(try await h.intent(intentID)["amount_received"] as? Int == 2100)
            #expect(try await h.attemptColumn(order.id, "payment_intent_id") == [intentID])
            #expect(try await h.attemptColumn(order.id, "status") == ["succeeded"])
            #expect(try await h.orderStatus(order.id) == "paid")
            // A paid order refuses another attempt.
            let again = try await h.pay(order, #"{"mode":"sdk"}"#)
            #expect(again.status == 409)
            #expect(again.errorCode == "order_already_paid")
        }
    }

    @Test func directModeFollowsThreeDSecureAndRedirectMethodsToOurReturnURL() async throws {
        try await PaymentHarness.with(configure: { $0.payments.paymentMethodTypes = ["card", "alipay"] }) { h in
            try await h.seedProduct("MUG", price: 700)
            let order = try await h.placeOrder([("MUG", 1)])
            let answer = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_threeDSecure"}"#)
            #expect(answer.status == 201)
            #expect(answer.string("status") == "requires_action")
            let action = try #require(answer.json["next_action"] as? [String: Any])
            #expect((action["redirect_url"] as? String)?.hasPrefix(h.sandbox.baseURL) == true)
            #expect(try await h.orderStatus(order.id) == "requires_action")
            let intentID = try #require(answer.string("payment_intent"))
            #expect((try await h.intent(intentID)["return_url"] as? String)?.hasPrefix("http://127.0.0.1:9/v1/orders/\(order.id)/return") == true)
            try await h.drive(intentID, to: "succeeded")
            #expect(try await h.intent(intentID)["status"] as? String == "succeeded")

            let wallet = try await h.placeOrder([("MUG", 1)])
            let alipay = try await h.pay(
                wallet, #"{"mode":"direct","payment_method_data":{"type":"alipay"},"payment_method_options":{"alipay":{"terminal_type":"WEB"}}}"#)
            #expect(alipay.status == 201)
            #expect(alipay.string("status") == "requires_action")
            #expect(((alipay.json["next_action"] as? [String: Any])?["redirect_url"] as? String) != nil)
            #expect(try await h.attemptColumn(wallet.id, "payment_method") == ["alipay"])
        }
    }

    @Test func rawCardsAreRefusedByDefaultAndNeverStoredWhenAllowed() async throws {
        let card =
            #"{"mode":"direct","payment_method_data":{"type":"card","card":{"number":"4111111111111111","exp_month":3,"exp_year":2030,"cvc":"123"}}}"#
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let refused = try await h.pay(order, card)
            #expect(refused.status == 400)
            #expect(refused.errorCode == "raw_card_data_not_allowed")
            #expect(!refused.text.contains("4111"))
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 0)
            #expect(try await h.truth("payment_intents").isEmpty)
        }
        try await PaymentHarness.with(configure: { $0.payments.allowRawCardData = true }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let answer = try await h.pay(order, card)
            #expect(answer.status == 201)
            #expect(answer.string("status") == "succeeded")
            let stored = try await h.count(
                """
                SELECT (SELECT count(*) FROM payment_attempts a WHERE row_to_json(a)::text LIKE '%411111111111%')
                     + (SELECT count(*) FROM order_events e WHERE row_to_json(e)::text LIKE '%411111111111%')
                     + (SELECT count(*) FROM idempotency_keys k WHERE row_to_json(k)::text LIKE '%411111111111%') AS n
                """)
            #expect(stored == 0, "the card number is in no table")
            #expect(try await h.attemptColumn(order.id, "payment_method") == ["card"])
        }
    }
}
