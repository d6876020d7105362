import Testing

/// Manual capture (full and partial) and cancellation rules.
@Suite struct CaptureAndCancelTests {
    private func authorise(_ sandbox: TestSandbox, amount: Int) async throws -> String {
        let reply = try await sandbox.api(
            .POST, "/v1/payment_intents",
            [
                "amount": amount, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa", "capture_method": "manual",
            ])
        #expect(reply.json.string("status") == "requires_capture")
        #expect(reply.json.int("amount_capturable") == amount)
        #expect(reply.json.int("amount_received") == 0)
        return try #require(reply.json.string("id"))
    }

    @Test func fullCapture() async throws {
        try await TestSandbox.with { sandbox in
            let id = try await authorise(sandbox, amount: 1500)
            let captured = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/capture", [:])
            #expect(captured.status == 200)
            #expect(captured.json.string("status") == "succeeded")
            #expect(captured.json.int("amount_received") == 1500)
            #expect(captured.json.int("amount_capturable") == 0)
            let twice = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/capture", [:])
            #expect(twice.status == 400)
            let truth = try #require(try await sandbox.truth(intent: id))
            #expect(truth.int("charge_count") == 1)
            #expect(truth.int("amount_captured") == 1500)
        }
    }

    @Test func partialCaptureReleasesTheRest() async throws {
        try await TestSandbox.with { sandbox in
            let id = try await authorise(sandbox, amount: 1000)
            let tooMuch = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/capture", ["amount_to_capture": 1001])
            #expect(tooMuch.status == 400)
            #expect(tooMuch.json.error.string("code") == "amount_too_large")
            let captured = try await sandbox.api(.POST, "/v1/payment_intents/\(id)/capture", ["amount_to_capture": 600])
            #expect(captured.json.string("status") == "succeeded")
            #expect(captured.json.int("amount_received") == 600)
            #expect(captured.json.int("amount") == 1000)
            // Only what was captured can be refunded.
            let refund = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": id, "amount": 601])
            #expect(refund.json.error.string("code") == "amount_too_large")
        }
    }

    @Test func cancelAnAuthorisationOrAnUnpaidIntent() async throws {
        try await TestSandbox.with { sandbox in
            let authorised = try await authorise(sandbox, amount: 900)
            let canceled = try await sandbox.api(
                .POST, "/v1/payment_intents/\(authorised)/cancel",
                ["cancellation_reason": "requested_by_customer"])
            #expect(canceled.json.string("status") == "canceled")
            #expect(canceled.json.string("cancellation_reason") == "requested_by_customer")
            #expect(canceled.json.int("amount_capturable") == 0)
            let capture = try await sandbox.api(.POST, "/v1/payment_intents/\(authorised)/capture", [:])
            #expect(capture.status == 400)
            let again = try await sandbox.api(.POST, "/v1/payment_intents/\(authorised)/cancel", [:])
            #expect(again.status == 400)
            #expect(again.json.error.string("code") == "payment_intent_unexpected_state")

            let paid = try await sandbox.api(
                .POST, "/v1/payment_intents",
                ["amount": 100, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa"])
            let cancelPaid = try await sandbox.api(.POST, "/v1/payment_intents/\(try #require(paid.json.string("id")))/cancel", [:])
            #expect(cancelPaid.status == 400)
        }
    }

    @Test func cancelIsRefusedForACheckoutSessionIntent() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox)
            let pi = try #require(session.string("payment_intent"))
            let refused = try await sandbox.api(.POST, "/v1/payment_intents/\(pi)/cancel", ["cancellation_reason": "abandoned"])
            #expect(refused.status == 400)
            #expect(refused.json.error.string("type") == "invalid_request_error")
            #expect(try await sandbox.api(.GET, "/v1/payment_intents/\(pi)").json.string("status") == "requires_payment_method")
        }
    }
}
