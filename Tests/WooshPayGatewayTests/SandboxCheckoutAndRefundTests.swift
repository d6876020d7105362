import OrderDomain
import Testing
import WooshPayGateway

/// Checkout sessions and refunds against the sandbox.
@Suite("Sandbox: checkout sessions and refunds")
struct SandboxCheckoutAndRefundTests {
    let session = CreateCheckoutSessionRequest(
        currency: "usd",
        lineItems: [
            GatewayLineItem(name: "Tea", unitAmount: 450, quantity: 2),
            GatewayLineItem(name: "Cake", description: "Lemon", unitAmount: 300, quantity: 1),
        ],
        successURL: "https://shop.example/return?order=ord_1", cancelURL: "https://shop.example/return?order=ord_1&cancel=1",
        merchantReference: "ord_1", customerEmail: "a@example.com", paymentMethodTypes: ["card"],
        metadata: ["order": "ord_1"])

    @Test("create, retrieve, pay through its intent, and see the session complete")
    func sessionPaid() async throws {
        try await withSandbox { h in
            let created = try await h.gateway.createCheckoutSession(session, idempotencyKey: "cs-1")
            #expect(created.status == .open)
            #expect(created.paymentStatus == .unpaid)
            #expect(created.amountTotal == 1200)
            #expect(created.currency == "USD")
            #expect(created.clientReferenceID == "ord_1")
            #expect(created.metadata == ["order": "ord_1"])
            #expect(created.url?.isEmpty == false)
            let intentID = try #require(created.paymentIntentID)
            let expiresAt = try #require(created.expiresAt)
            let createdAt = try #require(created.created)
            #expect(expiresAt.duration(since: createdAt) == .seconds(24 * 3600))
            try await h.control("/_sandbox/payment_intents/\(intentID)/outcome", #"{"outcome":"succeeded"}"#)
            let intent = try await h.gateway.retrievePaymentIntent(id: intentID)
            #expect(intent.status == .succeeded)
            #expect(intent.amount == 1200)
            let paid = try await h.gateway.retrieveCheckoutSession(id: created.id)
            #expect(paid.status == .complete)
            #expect(paid.paymentStatus == .paid)
        }
    }

    @Test("expire an open session; its intent can no longer be paid")
    func expire() async throws {
        try await withSandbox { h in
            let created = try await h.gateway.createCheckoutSession(session, idempotencyKey: "cs-2")
            let expired = try await h.gateway.expireCheckoutSession(id: created.id, idempotencyKey: "cs-2-expire")
            #expect(expired.status == .expired)
            #expect(try await h.gateway.retrieveCheckoutSession(id: created.id).status == .expired)
            let intent = try await h.gateway.retrievePaymentIntent(id: try #require(created.paymentIntentID))
            #expect(intent.status == .canceled)
        }
    }

    @Test("refund part of a payment, retrieve it, and refuse an over-refund as an invalid request")
    func refunds() async throws {
        try await withSandbox { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 2500, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
                idempotencyKey: "refund-pi")
            let refund = try await h.gateway.createRefund(
                CreateRefundRequest(paymentIntentID: pi.id, amount: 1000, reason: .requestedByCustomer, metadata: ["r": "1"]),
                idempotencyKey: "refund-1")
            #expect(refund.paymentIntentID == pi.id)
            #expect(refund.amount == 1000)
            #expect(refund.currency == "USD")
            #expect(refund.status == .succeeded)
            #expect(try await h.gateway.retrieveRefund(id: refund.id) == refund)
            await #expect {
                try await h.gateway.createRefund(CreateRefundRequest(paymentIntentID: pi.id, amount: 2000), idempotencyKey: "refund-2")
            } throws: { error in
                guard case .invalidRequest(_, _, let param, let requestID)? = error as? GatewayError else { return false }
                return param == "amount" && requestID?.hasPrefix("req_") == true
            }
        }
    }

    @Test("an asynchronous refund starts pending and settles later")
    func pendingRefund() async throws {
        try await withSandbox { h in
            try await h.control("/_sandbox/settings", #"{"refund_initial_status":"pending"}"#)
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 800, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
                idempotencyKey: "pending-pi")
            let refund = try await h.gateway.createRefund(CreateRefundRequest(paymentIntentID: pi.id), idempotencyKey: "pending-1")
            #expect(refund.status == .pending)
            #expect(refund.amount == 800)
            try await h.control("/_sandbox/refunds/\(refund.id)/outcome", #"{"outcome":"failed"}"#)
            let settled = try await h.gateway.retrieveRefund(id: refund.id)
            #expect(settled.status == .failed)
            #expect(settled.status.isTerminal)
        }
    }
}
