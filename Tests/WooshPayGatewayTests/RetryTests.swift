import CurlTransport
import OrderDomain
import Testing

@testable import WooshPayGateway

/// The retry loop: what is retried, with which key, after how long.
@Suite("Retries")
struct RetryTests {
    let create = CreatePaymentIntentRequest(amount: 2500, currency: "usd")

    @Test("a 503 is retried with the same idempotency key and the same body")
    func serverErrorRetried() async throws {
        let s = ScriptedGateway([.respond(503, "{}"), .respond(200, Samples.intent())])
        let pi = try await s.gateway.createPaymentIntent(create, idempotencyKey: "key-1")
        #expect(pi.id == "pi_1")
        let requests = await s.transport.requests
        #expect(requests.count == 2)
        #expect(requests.map { $0.header("Idempotency-Key") } == ["key-1", "key-1"])
        #expect(requests[0].body == requests[1].body)
        #expect(await s.sleeps.delays == [.milliseconds(100)])
    }

    @Test("a timeout after sending is retried, and exhausting retries reports outcomeUnknown")
    func timeoutsExhausted() async {
        let s = ScriptedGateway(Array(repeating: .fail(.timedOut(requestSent: true)), count: 3))
        await #expect { try await s.gateway.createPaymentIntent(create, idempotencyKey: "key-2") } throws: {
            ($0 as? GatewayError)?.isOutcomeUnknown == true
        }
        #expect(await s.transport.requests.count == 3)
        // Capped exponential backoff: 100ms, 200ms (the cap of 250ms is not reached yet).
        #expect(await s.sleeps.delays == [.milliseconds(100), .milliseconds(200)])
    }

    @Test("once an attempt may have been processed, a later 'not delivered' is still outcomeUnknown")
    func escalation() async {
        let s = ScriptedGateway([
            .fail(.timedOut(requestSent: true)), .fail(.connectionFailed("refused")),
            .fail(.connectionFailed("refused")),
        ])
        await #expect { try await s.gateway.createPaymentIntent(create, idempotencyKey: "key-3") } throws: {
            ($0 as? GatewayError)?.isOutcomeUnknown == true
        }
        let alone = ScriptedGateway([.fail(.connectionFailed("refused"))], maxRetries: 0)
        await #expect { try await alone.gateway.createPaymentIntent(create, idempotencyKey: "key-3") } throws: {
            ($0 as? GatewayError)?.isNotDelivered == true
        }
    }

    @Test("4xx answers are never retried", arguments: [400, 401, 402, 403, 404, 409])
    func clientErrorsNotRetried(_ status: Int) async {
        let s = ScriptedGateway([.respond(status, #"{"error":{"type":"invalid_request_error","message":"no"}}"#)])
        await #expect(throws: GatewayError.self) { try await s.gateway.createPaymentIntent(create, idempotencyKey: "k") }
        #expect(await s.transport.requests.count == 1)
        #expect(await s.sleeps.delays.isEmpty)
    }

    @Test("429 waits at least Retry-After, then succeeds")
    func retryAfterHonoured() async throws {
        let s = ScriptedGateway([
            .respond(429, "{}", headers: [("Retry-After", "3")]),
            .respond(200, Samples.intent()),
        ])
        _ = try await s.gateway.retrievePaymentIntent(id: "pi_1")
        #expect(await s.sleeps.delays == [.seconds(3)])
    }

    @Test("429 asking for longer than maxRetryAfter is returned at once")
    func retryAfterTooLong() async {
        let s = ScriptedGateway([.respond(429, "{}", headers: [("Retry-After", "60")])])
        await #expect(throws: GatewayError.rateLimited(retryAfter: .seconds(60), requestID: "req_1")) {
            try await s.gateway.retrievePaymentIntent(id: "pi_1")
        }
        #expect(await s.sleeps.delays.isEmpty)
    }

    @Test("GETs are retried too, and a 2xx with an unreadable body is not")
    func getsAndUnreadable() async throws {
        let s = ScriptedGateway([.fail(.malformedResponse(requestSent: true, "eof")), .respond(200, "not json")])
        await #expect { try await s.gateway.retrievePaymentIntent(id: "pi_1") } throws: {
            guard case .unexpectedResponse(200, _, "req_2")? = $0 as? GatewayError else { return false }
            return true
        }
        #expect(await s.transport.requests.count == 2)
    }

    @Test("backoff is capped and jittered between half and all of the step")
    func backoffShape() {
        let policy = RetryPolicy(
            maxRetries: 5, base: .milliseconds(100), cap: .milliseconds(250),
            maxRetryAfter: .seconds(1))
        #expect(
            (0..<4).map { policy.backoff(retriesSoFar: $0, unitRandom: 1) }
                == [.milliseconds(100), .milliseconds(200), .milliseconds(250), .milliseconds(250)])
        #expect(
            (0..<4).map { policy.backoff(retriesSoFar: $0, unitRandom: 0) }
                == [.milliseconds(50), .milliseconds(100), .milliseconds(125), .milliseconds(125)])
        #expect(policy.decide(after: .notFound(message: "", requestID: nil), retriesSoFar: 0, unitRandom: 0) == .giveUp)
        #expect(policy.decide(after: .outcomeUnknown(reason: ""), retriesSoFar: 5, unitRandom: 0) == .giveUp)
        #expect(policy.backoff(retriesSoFar: 1000, unitRandom: 1) == .milliseconds(250))
    }

    @Test("an empty idempotency key is refused before anything is sent")
    func emptyKey() async {
        let s = ScriptedGateway([])
        await #expect { try await s.gateway.createPaymentIntent(create, idempotencyKey: "") } throws: {
            guard case .invalidRequest(code: "idempotency_key_missing", _, _, _)? = $0 as? GatewayError else { return false }
            return true
        }
        #expect(await s.transport.requests.isEmpty)
    }
}
