import Foundation
import Testing

/// The PaymentIntent state machine through the API: success, declines, manual capture,
/// cancellation and validation.
@Suite struct PaymentIntentTests {
    static var card: [String: Any] {
        ["type": "card", "card": ["number": "4111111111111111", "exp_month": 12, "exp_year": 2034, "cvc": "123"]]
    }

    @Test func createAndConfirmSucceeds() async throws {
        try await TestSandbox.with { sandbox in
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 2000, "currency": "usd", "confirm": true, "payment_method_data": Self.card,
                    "merchant_order_id": "ord_1", "metadata": ["order": "ord_1"], "description": "Tee",
                ])
            #expect(reply.status == 200)
            let pi = reply.json
            let id = try #require(pi.string("id"))
            #expect(id.wholeMatch(of: /pi_\d{15,}/) != nil)
            #expect(pi.string("object") == "payment_intent")
            #expect(pi.string("status") == "succeeded")
            #expect(pi.int("amount_received") == 2000)
            #expect(pi.int("amount_capturable") == 0)
            #expect(pi.string("currency") == "USD")
            #expect(pi.string("client_secret")?.hasPrefix("\(id)_secret_") == true)
            #expect(pi.string("merchant_order_id") == "ord_1")
            #expect(pi.dict("metadata").string("order") == "ord_1")
            #expect(pi.string("payment_method")?.hasPrefix("pm_") == true)
            #expect(pi.isNull("next_action") && pi.isNull("last_payment_error"))
            let truth = try #require(try await sandbox.truth(intent: id))
            #expect(truth.int("charge_count") == 1)
            #expect(truth.int("amount_captured") == 2000)
        }
    }

    @Test func createThenConfirmWithAttachedMethod() async throws {
        try await TestSandbox.with { sandbox in
            let created = try await sandbox.api(
                .POST, "/v1/payment_intents",
                ["amount": 500, "currency": "GBP", "payment_method": "pm_card_visa"])
            #expect(created.json.string("status") == "requires_confirmation")
            let bare = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 500, "currency": "GBP"])
            #expect(bare.json.string("status") == "requires_payment_method")
            let id = try #require(created.json.string("id"))
            let confirmed = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/confirm", [:])
            #expect(confirmed.status == 200)
            #expect(confirmed.json.string("status") == "succeeded")
            let again = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/confirm", [:])
            #expect(again.status == 400)
            #expect(again.json.error.string("code") == "payment_intent_unexpected_state")
            let noMethod = try await sandbox.api(.POST, "/v1/payment_intents/\(try #require(bare.json.string("id")))/confirm", [:])
            #expect(noMethod.status == 400)
        }
    }

    @Test(arguments: [
        ("4000000000000002", "generic_decline"), ("4000000000009995", "insufficient_funds"),
    ])
    func declinedCardsAnswer402AndLeaveTheIntentRetryable(number: String, declineCode: String) async throws {
        try await TestSandbox.with { sandbox in
            var card = Self.card
            card["card"] = ["number": number, "exp_month": 1, "exp_year": 2035, "cvc": "999"]
            let reply = try await sandbox.api(
                .POST, "/v1/payment_intents",
                ["amount": 1000, "currency": "EUR", "confirm": true, "payment_method_data": card])
            #expect(reply.status == 402)
            #expect(reply.json.error.string("type") == "card_error")
            #expect(reply.json.error.string("code") == "card_declined")
            #expect(reply.json.error.string("decline_code") == declineCode)
            let pi = reply.json.error.dict("payment_intent")
            #expect(pi.string("status") == "requires_payment_method")
            let id = try #require(pi.string("id"))
            let fetched = try await sandbox.api(.GET, "/v1/payment_intents/\(id)").json
            #expect(fetched.dict("last_payment_error").string("decline_code") == declineCode)
            #expect(fetched.dict("last_payment_error").string("type") == "card_error")
            // The customer retries with a good card.
            let retry = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/confirm", ["payment_method": "pm_card_visa"])
            #expect(retry.json.string("status") == "succeeded")
            #expect(retry.json.isNull("last_payment_error"))
            #expect(try await sandbox.truth(intent: id)?.int("charge_count") == 1)
        }
    }

    @Test func declinedPaymentMethodIDs() async throws {
        try await TestSandbox.with { sandbox in
            for (pm, code) in [("pm_card_chargeDeclined", "generic_decline"), ("pm_card_insufficientFunds", "insufficient_funds")] {
                let reply = try await sandbox.api(
                    .POST, "/v1/payment_intents",
                    ["amount": 700, "currency": "USD", "confirm": true, "payment_method": pm])
                #expect(reply.status == 402)
                #expect(reply.json.error.string("decline_code") == code)
            }
            let unknown = try await sandbox.api(
                .POST, "/v1/payment_intents",
                ["amount": 700, "currency": "USD", "payment_method": "pm_nope"])
            #expect(unknown.status == 400)
            #expect(unknown.json.error.string("param") == "payment_method")
            let badNumber = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 700, "currency": "USD", "confirm": true,
                    "payment_method_data": ["type": "card", "card": ["number": "4111111111111112", "exp_month": 1, "exp_year": 2035]],
                ])
            #expect(badNumber.status == 402)
            #expect(badNumber.json.error.string("code") == "incorrect_number")
        }
    }

    @Test func validationErrorsNameTheParameter() async throws {
        try await TestSandbox.with { sandbox in
            let noAmount = try await sandbox.api(.POST, "/v1/payment_intents", ["currency": "USD"])
            #expect(noAmount.status == 400)
            #expect(noAmount.json.error.string("code") == "parameter_missing")
            #expect(noAmount.json.error.string("param") == "amount")
            let badAmount = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": "ten", "currency": "USD"])
            #expect(badAmount.json.error.string("code") == "parameter_invalid_integer")
            let badCapture = try await sandbox.api(
                .POST, "/v1/payment_intents",
                ["amount": 1, "currency": "USD", "capture_method": "later"])
            #expect(badCapture.json.error.string("param") == "capture_method")
            let notJSON = try await sandbox.api(.POST, "/v1/payment_intents", nil)
            #expect(notJSON.status == 400)
        }
    }
}
