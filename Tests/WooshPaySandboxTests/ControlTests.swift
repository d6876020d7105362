import Testing

/// The `/_sandbox` controls: outcomes, truth, settings and faults.
@Suite struct ControlTests {
    @Test func outcomesDriveTheStateMachineWithEvents() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try #require(
                try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 100, "currency": "USD"])
                    .json.string("id"))
            let outcome = { (name: String) in
                try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/outcome", ["outcome": name])
            }
            #expect(try await outcome("requires_action").json.string("status") == "requires_action")
            #expect(try await outcome("failed").json.string("status") == "requires_payment_method")
            #expect(try await outcome("processing").json.string("status") == "processing")
            #expect(try await outcome("requires_action").status == 400)
            #expect(try await outcome("succeeded").json.string("status") == "succeeded")
            #expect(try await outcome("canceled").status == 400)
            #expect(try await outcome("bogus").status == 400)
            let types = try await sandbox.control(.GET, "/_sandbox/events").json.list("data").compactMap { $0.string("type") }
            #expect(
                types == [
                    "payment_intent.created", "payment_intent.requires_action", "payment_intent.payment_failed",
                    "payment_intent.processing", "payment_intent.succeeded",
                ])
            #expect(try await sandbox.truth(intent: pi)?.int("charge_count") == 1)
        }
    }

    @Test func manualCaptureOutcomeAndLapse() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try #require(
                try await sandbox.api(
                    .POST, "/v1/payment_intents",
                    ["amount": 100, "currency": "USD", "capture_method": "manual"]
                ).json.string("id"))
            let authorised = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/outcome", ["outcome": "succeeded"])
            #expect(authorised.json.string("status") == "requires_capture")
            #expect(authorised.json.int("amount_capturable") == 100)
            let lapsed = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/outcome", ["outcome": "canceled"])
            #expect(lapsed.json.string("status") == "canceled")
            let types = try await sandbox.control(.GET, "/_sandbox/events").json.list("data").compactMap { $0.string("type") }
            #expect(types.contains("payment_intent.amount_capturable_updated") && types.contains("payment_intent.canceled"))
        }
    }

    @Test func canceledOutcomeExpiresACheckoutSession() async throws {
        try await TestSandbox.with { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox)
            let pi = try #require(session.string("payment_intent"))
            let canceled = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/outcome", ["outcome": "canceled"])
            #expect(canceled.json.string("status") == "canceled")
            let after = try await sandbox.api(.GET, "/v1/checkout/sessions/\(try #require(session.string("id")))").json
            #expect(after.string("status") == "expired")
        }
    }

    @Test func settingsAndFaultsRoundTrip() async throws {
        try await TestSandbox.with { sandbox in
            #expect(try await sandbox.control(.GET, "/_sandbox/settings").json.string("refund_initial_status") == "succeeded")
            #expect(try await sandbox.control(.POST, "/_sandbox/settings", ["refund_initial_status": "later"]).status == 400)
            let faults = try await sandbox.control(.POST, "/_sandbox/faults", ["webhook_drop_rate": 0.25, "webhook_reorder": true])
            #expect(faults.status == 200)
            let read = try await sandbox.control(.GET, "/_sandbox/faults").json
            #expect((read["webhook_drop_rate"] as? Double) == 0.25)
            #expect(read.bool("webhook_reorder") == true)
            #expect(read.int("api_timeout_ms") == 30_000)
            #expect(try await sandbox.control(.POST, "/_sandbox/faults", ["api_error_rate": 2]).status == 400)
            let reset = try await sandbox.control(.POST, "/_sandbox/reset")
            #expect(reset.status == 200)
            #expect(try await sandbox.control(.GET, "/_sandbox/faults").json.bool("webhook_reorder") == false)
        }
    }

    @Test func theRequestLogRecordsEveryAPIRequestWithItsSpan() async throws {
        try await TestSandbox.with { sandbox in
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_latency_ms": 60])
            let pi = try #require(
                try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 100, "currency": "USD"])
                    .json.string("id"))
            _ = try await sandbox.api(.GET, "/v1/payment_intents/\(pi)")
            _ = try await sandbox.api(.GET, "/v1/payment_intents/pi_nope")
            let log = try await sandbox.control(.GET, "/_sandbox/requests").json.list("data")
            #expect(
                log.map { "\($0.string("method") ?? "") \($0.string("path") ?? "") \($0.int("status") ?? -1)" } == [
                    "POST /v1/payment_intents 200", "GET /v1/payment_intents/\(pi) 200", "GET /v1/payment_intents/pi_nope 404",
                ], "only /v1 requests, oldest first")
            for entry in log {
                let span = (entry.int("ended_at_ms") ?? 0) - (entry.int("started_at_ms") ?? 0)
                #expect(span >= 60, "the span includes the injected latency: \(span) ms")
            }
            _ = try await sandbox.control(.POST, "/_sandbox/reset")
            #expect(try await sandbox.control(.GET, "/_sandbox/requests").json.list("data").isEmpty)
        }
    }
}
