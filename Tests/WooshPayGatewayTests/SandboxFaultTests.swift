import CurlTransport
import OrderDomain
import Testing
import WooshPayGateway

/// Injected faults: lost responses (5xx, timeouts) are retried with the same key and never
/// create a second payment.
@Suite("Sandbox: faults and same-key retries")
struct SandboxFaultTests {
    let request = CreatePaymentIntentRequest(
        amount: 2500, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"),
        confirm: true, merchantOrderID: "ord_fault")

    @Test("a 500 after the effect: retried with the same key, one intent, success")
    func serverErrorThenRetry() async throws {
        try await withSandbox { h in
            try await h.control("/_sandbox/faults", #"{"api_error_rate":1}"#)
            // Lift the fault once it has hit, as a transient outage would end.
            h.spy.afterEachAttempt { attempt in
                if case .success(500) = attempt.outcome { _ = try? await h.control("/_sandbox/faults", #"{"api_error_rate":0}"#) }
            }
            let pi = try await h.gateway.createPaymentIntent(request, idempotencyKey: "fault-500")
            #expect(pi.status == .succeeded)
            let attempts = h.spy.attempts.filter { $0.request.url.hasSuffix("/v1/payment_intents") }
            #expect(attempts.map { try? $0.outcome.get() } == [500, 200])
            #expect(attempts.map { $0.request.headers.first { $0.name == "Idempotency-Key" }?.value } == ["fault-500", "fault-500"])
            let truth = try await h.truthIntents()
            #expect(truth.count == 1)
            #expect(truth.first?["id"] as? String == pi.id)
            #expect(truth.first?["charge_count"] as? Int == 1)
        }
    }

    @Test("a persistent 500: retries are exhausted and the error says the gateway may have acted")
    func persistentServerError() async throws {
        try await withSandbox(maxRetries: 2) { h in
            try await h.control("/_sandbox/faults", #"{"api_error_rate":1}"#)
            await #expect { try await h.gateway.createPaymentIntent(request, idempotencyKey: "fault-500-always") } throws: { error in
                guard let error = error as? GatewayError, case .gatewayUnavailable(500, _) = error else { return false }
                return error.mayHaveTakenEffect && error.isRetryableWithSameKey
            }
            #expect(h.spy.attempts.count == 3)
            #expect(try await h.truthIntents().count == 1)
        }
    }

    @Test("a timeout after the effect: outcome unknown, retried with the same key, exactly one intent")
    func timeoutThenRetry() async throws {
        try await withSandbox(requestTimeout: .seconds(1)) { h in
            try await h.control("/_sandbox/faults", #"{"api_timeout_rate":1,"api_timeout_ms":4000}"#)
            h.spy.afterEachAttempt { attempt in
                if case .failure = attempt.outcome { _ = try? await h.control("/_sandbox/faults", #"{"api_timeout_rate":0}"#) }
            }
            let pi = try await h.gateway.createPaymentIntent(request, idempotencyKey: "fault-timeout")
            #expect(pi.status == .succeeded)
            let attempts = h.spy.attempts.filter { $0.request.url.hasSuffix("/v1/payment_intents") }
            // Two on a quiet machine; a loaded one may time out a retry too. Either way every
            // attempt carries the one key and WooshPay made one intent.
            #expect(attempts.count >= 2)
            #expect(attempts.first.map { if case .failure(.timedOut(requestSent: true)) = $0.outcome { true } else { false } } == true)
            #expect(attempts.last.map { if case .success(200) = $0.outcome { true } else { false } } == true)
            #expect(Set(attempts.map { $0.request.headers.first { $0.name == "Idempotency-Key" }?.value }) == ["fault-timeout"])
            let truth = try await h.truthIntents()
            #expect(truth.count == 1)
            #expect(truth.first?["id"] as? String == pi.id)
            #expect(truth.first?["charge_count"] as? Int == 1)
        }
    }

    @Test("a retry that finds the first attempt still running waits for it and gets its answer")
    func keyStillInUse() async throws {
        // Timeout and processing delay leave room for a 409 to come back even on a loaded
        // machine: a retry lands while the first attempt is still being processed.
        try await withSandbox(maxRetries: 16, requestTimeout: .milliseconds(2500)) { h in
            try await h.control("/_sandbox/faults", #"{"api_processing_delay_ms":8000}"#)
            let gateway = h.gateway(realSleep: true) {
                $0.backoffBase = .milliseconds(300)
                $0.backoffCap = .milliseconds(700)
            }
            let pi = try await gateway.createPaymentIntent(request, idempotencyKey: "fault-in-use")
            #expect(pi.status == .succeeded)
            let statuses = h.spy.attempts.filter { $0.request.url.hasSuffix("/v1/payment_intents") }
                .map { attempt -> String in
                    switch attempt.outcome {
                    case .success(let status): return String(status)
                    case .failure: return "timeout"
                    }
                }
            #expect(statuses.first == "timeout")
            #expect(statuses.contains("409"))
            #expect(statuses.last == "200")
            #expect(try await h.truthIntents().count == 1)
        }
    }

    @Test("a timeout with no retries left is outcomeUnknown, and the intent does exist")
    func timeoutUnknown() async throws {
        try await withSandbox(maxRetries: 0, requestTimeout: .milliseconds(500)) { h in
            try await h.control("/_sandbox/faults", #"{"api_timeout_rate":1,"api_timeout_ms":2000}"#)
            await #expect { try await h.gateway.createPaymentIntent(request, idempotencyKey: "fault-unknown") } throws: { error in
                guard let error = error as? GatewayError, case .outcomeUnknown = error else { return false }
                return error.isRetryableWithSameKey
            }
            #expect(try await h.truthIntents().count == 1)
        }
    }
}
