import Testing

/// Refunds: full, partial, over-refund refusal, asynchronous settlement, dashboard refunds.
@Suite struct RefundTests {
    static func paidIntent(_ sandbox: TestSandbox, amount: Int = 1000) async throws -> String {
        let reply = try await sandbox.api(
            .POST, "/v1/payment_intents",
            ["amount": amount, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa"])
        return try #require(reply.json.string("id"))
    }

    @Test func fullRefundThenNothingLeft() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try await Self.paidIntent(sandbox)
            let refund = try await sandbox.api(
                .POST, "/v1/refunds",
                ["payment_intent": pi, "reason": "requested_by_customer", "metadata": ["r": "1"]])
            #expect(refund.status == 200)
            let id = try #require(refund.json.string("id"))
            #expect(id.wholeMatch(of: /re_\d+/) != nil)
            #expect(refund.json.string("object") == "refund")
            #expect(refund.json.int("amount") == 1000)
            #expect(refund.json.string("status") == "succeeded")
            #expect(refund.json.string("payment_intent") == pi)
            #expect(try await sandbox.api(.GET, "/v1/refunds/\(id)").json.string("id") == id)
            let again = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 1])
            #expect(again.status == 400)
            #expect(again.json.error.string("type") == "invalid_request_error")
            #expect(again.json.error.string("code") == "charge_already_refunded")
            #expect(try await sandbox.truth(intent: pi)?.int("amount_refunded") == 1000)
        }
    }

    @Test func partialRefundsNeverExceedWhatWasCaptured() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try await Self.paidIntent(sandbox)
            #expect(try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 300]).json.int("amount") == 300)
            let over = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 701])
            #expect(over.status == 400)
            #expect(over.json.error.string("code") == "amount_too_large")
            // The spec types `amount` as a string; both spellings work.
            #expect(try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": "700"]).status == 200)
            #expect(try await sandbox.truth(intent: pi)?.int("amount_refunded") == 1000)
        }
    }

    @Test func refundsNeedASucceededIntent() async throws {
        try await TestSandbox.with { sandbox in
            let unpaid = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 100, "currency": "USD"])
            let refused = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": try #require(unpaid.json.string("id"))])
            #expect(refused.status == 400)
            let missing = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": "pi_404"])
            #expect(missing.status == 400)
            #expect(missing.json.error.string("code") == "resource_missing")
            #expect(try await sandbox.api(.POST, "/v1/refunds", [:]).json.error.string("param") == "payment_intent")
            #expect(try await sandbox.api(.GET, "/v1/refunds/re_404").status == 404)
        }
    }

    @Test func asynchronousRefundsSettleThroughTheControl() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try await Self.paidIntent(sandbox)
            #expect(try await sandbox.control(.POST, "/_sandbox/settings", ["refund_initial_status": "pending"]).status == 200)
            let first = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 400])
            #expect(first.json.string("status") == "pending")
            let firstID = try #require(first.json.string("id"))
            // Pending refunds count against the refundable amount.
            #expect(try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 601]).status == 400)
            let settled = try await sandbox.control(.POST, "/_sandbox/refunds/\(firstID)/outcome", ["outcome": "succeeded"])
            #expect(settled.json.string("status") == "succeeded")
            #expect(try await sandbox.api(.GET, "/v1/refunds/\(firstID)").json.string("status") == "succeeded")

            let second = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 600])
            let secondID = try #require(second.json.string("id"))
            let failed = try await sandbox.control(.POST, "/_sandbox/refunds/\(secondID)/outcome", ["outcome": "failed"])
            #expect(failed.json.string("status") == "failed")
            #expect(failed.json.string("failure_reason") != nil)
            #expect(try await sandbox.control(.POST, "/_sandbox/refunds/\(secondID)/outcome", ["outcome": "succeeded"]).status == 400)
            // A failed refund gives the amount back.
            let truth = try #require(try await sandbox.truth(intent: pi))
            #expect(truth.int("amount_refunded") == 400)
            #expect(try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi, "amount": 600]).status == 200)
            let updates = try await sandbox.control(.GET, "/_sandbox/events").json.list("data")
                .filter { $0.string("type") == "charge.refund.updated" }
            #expect(updates.count == 5)
        }
    }

    @Test func dashboardRefundIsVisibleButNotMadeThroughTheAPI() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try await Self.paidIntent(sandbox)
            let refund = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/refund", ["amount": 250])
            #expect(refund.status == 200)
            let rows = try await sandbox.control(.GET, "/_sandbox/refunds").json.list("data")
            #expect(rows.count == 1)
            #expect(rows.first?.string("source") == "dashboard")
            #expect(rows.first?.int("amount") == 250)
            let event = try #require(
                try await sandbox.control(.GET, "/_sandbox/events").json.list("data")
                    .last { $0.string("type") == "charge.refund.updated" })
            let full = try await sandbox.api(.GET, "/v1/events/\(try #require(event.string("id")))").json
            #expect(full.dict("data").dict("object").string("id") == refund.json.string("id"))
            #expect(full.dict("request").isNull("id"))
        }
    }
}
