import Foundation
import TestSupport
import Testing
import WooshPaySandbox

/// Refunds reach us through `charge.refund.updated` webhooks: ours are followed to their
/// end, and those made in WooshPay's dashboard are recorded too.
@Suite("Refund webhooks") struct DashboardRefundTests {
    @Test func aDashboardRefundSeenThroughAWebhookIsRecordedAndCounted() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let paid = try await h.paidOrder(price: 1000, quantity: 2)
            try await h.eventually("the payment's webhooks processed") {
                try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status = 'received'") == 0
            }
            let made = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/refund", #"{"amount":600}"#)
            let gatewayID = try #require(made.string("id"))
            try await h.eventually("the dashboard refund recorded") {
                try await h.scalar("SELECT status FROM refunds WHERE gateway_refund_id = $1", [gatewayID]) == "succeeded"
            }
            #expect(try await h.scalar("SELECT source FROM refunds WHERE gateway_refund_id = $1", [gatewayID]) == "dashboard")
            #expect(try await h.scalar("SELECT amount FROM refunds WHERE gateway_refund_id = $1", [gatewayID]) == "600")
            #expect(try await h.orderStatus(paid.order) == "partially_refunded")
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "600")
            // The same news processed a second time (an admin replay) records nothing twice.
            let events = try await h.truth("events").filter { $0["type"] as? String == "charge.refund.updated" }
            let eventID = try #require(events.first?["id"] as? String)
            #expect(events.count == 1)
            let key = try await h.adminKey()
            #expect(try await h.admin(.POST, "/webhook-events/\(eventID)/replay", nil, key: key).status == 202)
            try await h.eventually("the replayed event processed again") {
                try await h.scalar("SELECT attempts FROM webhook_events WHERE event_id = $1 AND status = 'processed'", [eventID]) == "2"
            }
            #expect(try await h.count("SELECT count(*) AS n FROM refunds WHERE order_id = $1", [paid.order]) == 1)
            #expect(try await h.orderColumn(paid.order, "refunded_amount") == "600")

            // What is left (1400) is all an admin refund may take.
            let over = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":1401}"#, key: key)
            #expect(over.errorCode == "refund_exceeds_captured")
        }
    }

    @Test func aPendingRefundIsSettledByItsWebhook() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let key = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1000, quantity: 1)
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/settings", #"{"refund_initial_status":"pending"}"#)
            let pending = try await h.admin(.POST, "/orders/\(paid.order)/refunds", nil, key: key)
            #expect(pending.status == 202)
            let gatewayID = try #require(pending.string("gateway_refund_id"))
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/refunds/\(gatewayID)/outcome", #"{"outcome":"succeeded"}"#)
            try await h.eventually("the refund succeeded") { try await h.orderStatus(paid.order) == "refunded" }
            #expect(
                try await h.count("SELECT count(*) AS n FROM refunds WHERE order_id = $1", [paid.order]) == 1,
                "the webhook about our own refund adds no dashboard refund")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'refund.succeeded' AND cause LIKE 'webhook:%'",
                    [paid.order]) == 1)
        }
    }
}
