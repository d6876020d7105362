import Foundation
import TestSupport
import Testing
import WooshPaySandbox
import Workers

/// A customer's chargeback reaches the order the way every fact does: WooshPay's signed
/// `charge.dispute.*` webhook is stored, the dispute re-read at WooshPay and recorded on the
/// payment (audit trail and notifications in the same transaction); a refund of disputed
/// money is refused before anything is sent; the outcome is recorded and announced.
@Suite("Disputes by webhook") struct DisputeWebhookTests {
    @Test func aChargebackIsRecordedBlocksRefundsAndItsOutcomeIsAnnounced() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let admin = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1250, quantity: 2)
            let opened = try await h.request(
                .POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/dispute", #"{"amount": 1000, "reason": "fraudulent"}"#)
            #expect(opened.status == 200, "\(opened.text)")
            let disputeID = try #require(opened.json["id"] as? String)
            try await Self.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'needs_response'", [disputeID])
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM disputes WHERE order_id = $1 AND amount = 1000 AND reason = 'fraudulent' AND funds_withdrawn = 1000",
                    [paid.order]) == 1)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'dispute.opened' AND cause LIKE 'webhook:evt_%'",
                    [paid.order]) == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM notifications WHERE order_id = $1 AND type = 'order.disputed'", [paid.order]) == 1)
            // Both events (created, funds_withdrawn) processed: the second may still be in flight.
            try await Self.wait(
                h, "SELECT (count(*) = 2)::int AS n FROM webhook_events WHERE type LIKE 'charge.dispute.%' AND status = 'processed'", [])

            let refundsBefore = try await h.truth("refunds").count
            let refused = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":500}"#, key: admin)
            #expect(refused.status == 409)
            #expect(refused.errorCode == "charge_disputed")
            #expect(try await h.truth("refunds").count == refundsBefore, "nothing sent to WooshPay")
            #expect(try await h.count("SELECT count(*) AS n FROM refunds WHERE order_id = $1", [paid.order]) == 0, "nothing written")

            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/disputes/\(disputeID)/outcome", #"{"outcome": "lost"}"#)
            try await Self.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'lost'", [disputeID])
            try await Self.wait(h, "SELECT count(*) AS n FROM notifications WHERE order_id = $1 AND type = 'order.dispute_closed'", [paid.order])
            #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'dispute.lost'", [paid.order]) == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM disputes WHERE id = $1 AND next_sync_at IS NULL", [disputeID]) == 1)
        }
    }

    /// With the outcome's webhooks lost, the dispute poller re-reads the open dispute at
    /// WooshPay and records it won (funds reinstated, `order.dispute_closed`).
    @Test func aLostOutcomeWebhookIsMadeUpByThePoller() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let paid = try await h.paidOrder(price: 900, quantity: 1)
            let opened = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/dispute", "{}")
            let disputeID = try #require(opened.json["id"] as? String)
            try await Self.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1", [disputeID])
            // Both opening events (created, funds_withdrawn) processed first: a late one would
            // re-read the dispute after the outcome and record it before the poller could
            // (seen once on a loaded run).
            try await Self.wait(
                h, "SELECT (count(*) = 2)::int AS n FROM webhook_events WHERE type LIKE 'charge.dispute.%' AND status = 'processed'", [])
            try await h.faults(#"{"webhook_drop_rate": 1}"#)
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/disputes/\(disputeID)/outcome", #"{"outcome": "won"}"#)
            try await Task.sleep(for: .seconds(1))
            #expect(
                try await h.count("SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'needs_response'", [disputeID]) == 1,
                "the outcome's webhooks were dropped")
            try await h.pool.withConnection { conn in
                _ = try conn.query("UPDATE disputes SET next_sync_at = now() WHERE id = $1", [disputeID])
            }
            let poller = DisputePoller(
                settings: h.configuration.settlement, logger: TestDatabase.logger,
                claim: { limit, lease in try await h.services.disputes.claimDue(limit: limit, leaseSeconds: lease) },
                sync: { try await h.services.syncDispute($0, cause: .poll) })
            await poller.tick()
            try await Self.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'won' AND funds_reinstated = 900", [disputeID])
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'dispute.won' AND cause = 'poll'", [paid.order]) == 1)
            #expect(
                try await h.count("SELECT count(*) AS n FROM notifications WHERE order_id = $1 AND type = 'order.dispute_closed'", [paid.order]) == 1)
            let refund = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":100}"#, key: try await h.adminKey())
            #expect(refund.status == 201, "a won dispute no longer blocks a refund: \(refund.text)")
        }
    }

    /// Waits (up to 20 s) until `sql` counts at least one row.
    static func wait(_ h: PaymentHarness, _ sql: String, _ params: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await h.count(sql, params) >= 1 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for: \(sql) \(params)")
    }
}
