import Foundation
import TestSupport
import Testing

/// Refunds through the admin API against the sandbox: full, partial, refused, racing,
/// failing at WooshPay, lost answers.
@Suite("Admin refunds") struct RefundTests {
    @Test func aFullRefundRefundsTheOrderAtWooshPayAndIsAudited() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("ops-anna")
            let paid = try await h.paidOrder(price: 1250, quantity: 2)
            let answer = try await h.admin(.POST, "/orders/\(paid.order)/refunds", nil, key: key)
            #expect(answer.status == 201, "\(answer.text)")
            #expect(answer.string("status") == "succeeded")
            #expect(answer.json["amount"] as? Int == 2500)
            #expect(answer.string("reason") == "requested_by_customer")
            #expect(answer.json["idempotency_key"] == nil, "keys stay private")
            #expect(try await h.orderStatus(paid.order) == "refunded")
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "2500")
            #expect(try await h.sandboxIntent(paid.intent)["amount_refunded"] as? Int == 2500)
            #expect(
                try await h.count(
                    """
                    SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND cause = 'admin:ops-anna'
                    AND type IN ('refund.requested', 'refund.succeeded', 'order.refunded')
                    """, [paid.order]) == 3)
            // Nothing left to refund.
            let again = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":1}"#, key: key)
            #expect(again.status == 409 && again.errorCode == "order_fully_refunded")
            #expect(try await h.sandboxRefunds(paid.intent).count == 1)
        }
    }

    @Test func twoPartialRefundsThenAnOverRefundIsRefusedAndChangesNothing() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 3)
            let first = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":1000,"reason":"fraudulent"}"#, key: key)
            #expect(first.status == 201 && first.string("reason") == "fraudulent")
            #expect(try await h.orderStatus(paid.order) == "partially_refunded")
            let second = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":1500}"#, key: key)
            #expect(second.status == 201)
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "2500")
            #expect(try await h.orderStatus(paid.order) == "partially_refunded")

            let over = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":501}"#, key: key)
            #expect(over.status == 422 && over.errorCode == "refund_exceeds_captured", "\(over.text)")
            for bad in [#"{"amount":0}"#, #"{"amount":-5}"#, #"{"amount":"ten"}"#, #"{"reason":"because"}"#, "{nope"] {
                let refused = try await h.admin(.POST, "/orders/\(paid.order)/refunds", bad, key: key)
                #expect(refused.status == 400, "\(bad): \(refused.status) \(refused.text)")
            }
            #expect(try await h.admin(.POST, "/orders/ord_missing/refunds", nil, key: key).errorCode == "order_not_found")
            #expect(try await h.count("SELECT count(*) AS n FROM refunds WHERE order_id = $1", [paid.order]) == 2)
            #expect(try await h.sandboxRefunds(paid.intent).count == 2)

            let rest = try await h.admin(.POST, "/orders/\(paid.order)/refunds", nil, key: key)
            #expect(rest.status == 201 && rest.json["amount"] as? Int == 500, "no amount refunds what is left")
            #expect(try await h.orderStatus(paid.order) == "refunded")
            let listed = try await h.admin(.GET, "/orders/\(paid.order)/refunds", nil, key: key).json["data"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["amount"] as? Int } == [1000, 1500, 500])
        }
    }

    @Test func anUnpaidOrderCannotBeRefunded() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            try await h.seedProduct("MUG")
            let (order, _) = try await h.orderPaying(mode: "sdk")
            let answer = try await h.admin(.POST, "/orders/\(order.id)/refunds", nil, key: key)
            #expect(answer.status == 409 && answer.errorCode == "order_not_refundable")
            #expect(try await h.count("SELECT count(*) AS n FROM refunds") == 0)
        }
    }

    @Test func concurrentRefundsThatTogetherWouldOverRefundLeaveOneRefused() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            for _ in 0..<3 {
                let paid = try await h.paidOrder(price: 1000, quantity: 1)
                // Three requests of 400 for 1000 captured: two fit, one must be refused.
                let answers = try await withThrowingTaskGroup(of: PaymentHarness.Answer.self) { group in
                    for _ in 0..<3 { group.addTask { try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":400}"#, key: key) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.filter { $0.status == 201 }.count == 2, "\(answers.map(\.text))")
                #expect(answers.filter { $0.errorCode == "refund_exceeds_captured" }.count == 1)
                #expect(try await h.orderColumn(paid.order, "refunded_amount") == "800")
                #expect(try await h.sandboxRefunds(paid.intent).count == 2)
            }
        }
    }

    @Test func aRefundRefusedByWooshPayIsRecordedFailedAndReleasesTheAmount() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 1)
            // Someone refunded 700 in WooshPay's dashboard and we have not heard of it yet:
            // WooshPay refuses our full refund.
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/refund", #"{"amount":700}"#)
            let refused = try await h.admin(.POST, "/orders/\(paid.order)/refunds", nil, key: key)
            #expect(refused.status == 402 && refused.errorCode == "refund_failed", "\(refused.text)")
            #expect(try await h.scalar("SELECT status FROM refunds WHERE order_id = $1 AND source = 'api'", [paid.order]) == "failed")
            #expect(try await h.orderStatus(paid.order) == "paid")
            // A failed refund holds nothing back: 300 can be refunded.
            let rest = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":300}"#, key: key)
            #expect(rest.status == 201, "\(rest.text)")
        }
    }

    @Test func aPendingRefundThatFailsLaterIsFollowedByThePoller() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 2)
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/settings", #"{"refund_initial_status":"pending"}"#)
            let pending = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":1500}"#, key: key)
            #expect(pending.status == 202 && pending.string("status") == "pending", "\(pending.text)")
            #expect(try await h.orderStatus(paid.order) == "paid", "a pending refund has not given money back yet")
            // While pending it holds its amount: only 500 more can be asked for.
            let over = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":600}"#, key: key)
            #expect(over.errorCode == "refund_exceeds_captured")

            let gatewayID = try #require(pending.string("gateway_refund_id"))
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/refunds/\(gatewayID)/outcome", #"{"outcome":"failed"}"#)
            try await h.exec("UPDATE refunds SET next_sync_at = now()")
            #expect(await h.refundPoller().tick() == 1)
            #expect(try await h.scalar("SELECT status FROM refunds WHERE id = $1", [pending.string("id") ?? ""]) == "failed")
            #expect(try await h.orderStatus(paid.order) == "paid")
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "0")
            #expect(
                try await h.scalar("SELECT next_sync_at FROM refunds WHERE id = $1", [pending.string("id") ?? ""]) == "",
                "a final refund is never polled again")
        }
    }

    @Test func aRefundWhoseAnswerWasLostIsFinishedWithTheSameKey() async throws {
        try await PaymentHarness.with(configure: { $0.wooshPay.requestTimeoutSeconds = 1 }) { h in
            let key = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 1)
            try await h.faults(#"{"api_timeout_rate":1,"api_timeout_ms":3000}"#)
            let lost = try await h.admin(.POST, "/orders/\(paid.order)/refunds", nil, key: key)
            try await h.faults(#"{"api_timeout_rate":0}"#)
            #expect(lost.status == 202 && lost.string("status") == "pending", "\(lost.text)")
            #expect(lost.json["gateway_refund_id"] == nil || lost.json["gateway_refund_id"] is NSNull)
            #expect(try await h.sandboxRefunds(paid.intent).count == 1, "WooshPay refunded; we did not hear it")

            try await h.exec("UPDATE refunds SET next_sync_at = now()")
            #expect(await h.refundPoller().tick() == 1)
            #expect(try await h.sandboxRefunds(paid.intent).count == 1, "re-sent with the same key: still one refund")
            #expect(try await h.orderStatus(paid.order) == "refunded")
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "1000")
        }
    }
}
