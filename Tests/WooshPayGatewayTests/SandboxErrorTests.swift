import OrderDomain
import Testing
import WooshPayGateway

/// Every error category the sandbox can be made to produce.
@Suite("Sandbox: error categories")
struct SandboxErrorTests {
    @Test("a wrong secret key is an authentication error, not retried")
    func badKey() async throws {
        try await withSandbox { h in
            let gateway = h.gateway { $0.secretKey = WooshPaySecret("sk_test_wrong") }
            await #expect {
                try await gateway.retrievePaymentIntent(id: "pi_1")
            } throws: { error in
                guard case .authentication(_, let requestID)? = error as? GatewayError else { return false }
                return requestID != nil
            }
            #expect(h.spy.attempts.count == 1)
        }
    }

    @Test(
        "declines carry the decline code and the intent they happened on",
        arguments: [("pm_card_chargeDeclined", "generic_decline"), ("pm_card_insufficientFunds", "insufficient_funds")])
    func declines(_ method: String, _ declineCode: String) async throws {
        try await withSandbox { h in
            var intentID: String?
            await #expect {
                try await h.gateway.createPaymentIntent(
                    CreatePaymentIntentRequest(amount: 2500, currency: "USD", paymentMethod: .existing(id: method), confirm: true),
                    idempotencyKey: "decline-\(method)")
            } throws: { error in
                guard case .cardDeclined(let code, let decline, _, let pi, _)? = error as? GatewayError else { return false }
                intentID = pi
                return code == "card_declined" && decline == declineCode
            }
            // The attempt is recorded on the intent, as the sync will see it.
            let pi = try await h.gateway.retrievePaymentIntent(id: try #require(intentID))
            #expect(pi.status == .requiresPaymentMethod)
            #expect(pi.lastPaymentError?.declineCode == declineCode)
            #expect(h.spy.attempts.count == 2)  // the create (no retry) and the retrieve
        }
    }

    @Test("unknown ids are notFound for intents, sessions and refunds")
    func notFound() async throws {
        try await withSandbox { h in
            await #expect { try await h.gateway.retrievePaymentIntent(id: "pi_nope") } throws: { isNotFound($0) }
            await #expect { try await h.gateway.retrieveCheckoutSession(id: "cs_nope") } throws: { isNotFound($0) }
            await #expect { try await h.gateway.retrieveRefund(id: "re_nope") } throws: { isNotFound($0) }
            await #expect {
                try await h.gateway.capturePaymentIntent(id: "pi_nope", amount: nil, idempotencyKey: "nf-capture")
            } throws: { isNotFound($0) }
        }
    }

    @Test("reusing a key with different parameters is an idempotency conflict")
    func idempotencyConflict() async throws {
        try await withSandbox { h in
            _ = try await h.gateway.createPaymentIntent(CreatePaymentIntentRequest(amount: 100, currency: "USD"), idempotencyKey: "same")
            await #expect {
                try await h.gateway.createPaymentIntent(CreatePaymentIntentRequest(amount: 200, currency: "USD"), idempotencyKey: "same")
            } throws: { error in
                guard case .idempotencyConflict? = error as? GatewayError else { return false }
                return true
            }
            #expect(try await h.truthIntents().count == 1)
        }
    }

    @Test("operations in the wrong state are invalid requests (capture of a succeeded intent)")
    func wrongState() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 100, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
                idempotencyKey: "state-1")
            await #expect { try await h.gateway.capturePaymentIntent(id: pi.id, amount: nil, idempotencyKey: "state-2") } throws: { error in
                guard case .invalidRequest? = error as? GatewayError else { return false }
                return true
            }
        }
    }
}

private func isNotFound(_ error: any Error) -> Bool {
    guard case .notFound? = error as? GatewayError else { return false }
    return true
}
