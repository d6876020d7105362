import CurlTransport
import Testing

/// Idempotency-Key: exact replay, conflicts, and replay after injected faults.
@Suite struct IdempotencyTests {
    static var body: [String: Any] { ["amount": 1234, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa"] }

    @Test func sameKeySameRequestReplaysExactly() async throws {
        try await TestSandbox.with { sandbox in
            let first = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "key-1")
            let second = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "key-1")
            #expect(first.status == 200 && second.status == 200)
            #expect(first.body == second.body)
            #expect(second.header("Idempotent-Replayed") == "true")
            #expect(second.header("Request-Id") == first.header("Request-Id"))
            // Key order does not matter; parameters do.
            let reordered: [String: Any] = ["payment_method": "pm_card_visa", "confirm": true, "currency": "USD", "amount": 1234]
            #expect(try await sandbox.api(.POST, "/v1/payment_intents", reordered, idempotencyKey: "key-1").body == first.body)
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").count == 1)
        }
    }

    @Test func errorsReplayToo() async throws {
        try await TestSandbox.with { sandbox in
            let declined: [String: Any] = ["amount": 50, "currency": "USD", "confirm": true, "payment_method": "pm_card_chargeDeclined"]
            let first = try await sandbox.api(.POST, "/v1/payment_intents", declined, idempotencyKey: "dec")
            let second = try await sandbox.api(.POST, "/v1/payment_intents", declined, idempotencyKey: "dec")
            #expect(first.status == 402 && second.status == 402)
            #expect(first.body == second.body)
            #expect(
                try await sandbox.control(.GET, "/_sandbox/events").json.list("data")
                    .filter { $0.string("type") == "payment_intent.payment_failed" }.count == 1)
        }
    }

    @Test func differentBodyOrPathConflicts() async throws {
        try await TestSandbox.with { sandbox in
            _ = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "key-2")
            var other = Self.body
            other["amount"] = 999
            let conflict = try await sandbox.api(.POST, "/v1/payment_intents", other, idempotencyKey: "key-2")
            #expect(conflict.status == 409)
            #expect(conflict.json.error.string("type") == "idempotency_error")
            let otherPath = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": "pi_1"], idempotencyKey: "key-2")
            #expect(otherPath.status == 409)
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").count == 1)
        }
    }

    @Test func concurrentUseOfOneKeyConflicts() async throws {
        try await TestSandbox.with { sandbox in
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_processing_delay_ms": 800])
            async let a = sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "same")
            try await Task.sleep(for: .milliseconds(200))
            async let b = sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "same")
            let statuses = try await [a.status, b.status].sorted()
            #expect(statuses == [200, 409])
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").count == 1)
        }
    }

    @Test func replayAfterAnInjectedTimeoutLeavesOneIntent() async throws {
        try await TestSandbox.with { sandbox in
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_timeout_rate": 1, "api_timeout_ms": 2500])
            do {
                _ = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "lost", timeout: .milliseconds(600))
                Issue.record("expected the client to time out")
            } catch let error as TransportError {
                #expect(error.requestMayHaveBeenProcessed)
            }
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_timeout_rate": 0])
            let retry = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "lost")
            #expect(retry.status == 200)
            #expect(retry.json.string("status") == "succeeded")
            let rows = try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data")
            #expect(rows.count == 1)
            #expect(rows.first?.int("charge_count") == 1)
            #expect(rows.first?.string("id") == retry.json.string("id"))
        }
    }

    @Test func replayAfterAnInjected500LeavesOneIntent() async throws {
        try await TestSandbox.with { sandbox in
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_error_rate": 1])
            let lost = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "five-hundred")
            #expect(lost.status == 500)
            #expect(lost.json.error.string("type") == "api_error")
            // Controls are never faulted.
            let faults = try await sandbox.control(.GET, "/_sandbox/faults")
            #expect(faults.status == 200 && faults.json.int("api_error_rate") == 1)
            _ = try await sandbox.control(.POST, "/_sandbox/faults", ["api_error_rate": 0])
            let retry = try await sandbox.api(.POST, "/v1/payment_intents", Self.body, idempotencyKey: "five-hundred")
            #expect(retry.status == 200)
            #expect(retry.header("Idempotent-Replayed") == "true")
            let rows = try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data")
            #expect(rows.count == 1 && rows.first?.int("charge_count") == 1)
        }
    }
}
