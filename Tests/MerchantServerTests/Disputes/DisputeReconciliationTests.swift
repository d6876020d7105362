import Foundation
import PostgresStore
import Testing

/// With every webhook lost (this harness delivers none and runs no poller), reconciliation
/// lists WooshPay's disputes of its window and records the ones we lack or hold stale; the
/// scrape-time gauges then count what needs evidence soon.
@Suite("Disputes by reconciliation") struct DisputeReconciliationTests {
    static func disputeFindings(_ report: [String: Any]) -> [String] {
        (report["findings"] as? [[String: Any]] ?? []).filter { $0["dispute"] is String }
            .map { "\($0["dispute"] as? String ?? ""):\($0["kind"] as? String ?? ""):\($0["action"] as? String ?? "")" }.sorted()
    }

    @Test func aDisputeWhoseWebhooksWereAllLostIsFoundAndItsOutcomeToo() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("recon")
            let paid = try await h.paidOrder(price: 800, quantity: 1)
            let opened = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/dispute", "{}")
            let dispute = try #require(opened.json["id"] as? String, "\(opened.text)")
            #expect(try await h.count("SELECT count(*) AS n FROM disputes") == 0, "no webhook arrives in this harness")

            let report = try await ReconciliationTests.reconcile(h, key: key)
            #expect(Self.disputeFindings(report) == ["\(dispute):dispute_missing:repaired"], "\(report)")
            #expect(report["disputes_checked"] as? Int == 1)
            #expect(report["needs_attention"] as? Bool == false)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM disputes WHERE id = $1 AND order_id = $2 AND status = 'needs_response' AND amount = 800",
                    [dispute, paid.order]) == 1)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'dispute.opened' AND cause = 'reconcile:recon'",
                    [paid.order]) == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM notifications WHERE order_id = $1 AND type = 'order.disputed'", [paid.order]) == 1)

            let again = try await ReconciliationTests.reconcile(h, key: key)
            #expect(Self.disputeFindings(again).isEmpty, "recorded once: a second run finds nothing")

            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/disputes/\(dispute)/outcome", #"{"outcome": "lost"}"#)
            let decided = try await ReconciliationTests.reconcile(h, key: key)
            #expect(Self.disputeFindings(decided) == ["\(dispute):dispute_differs:repaired"], "\(decided)")
            #expect(try await h.count("SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'lost'", [dispute]) == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM disputes") == 1)
        }
    }

    @Test func theGaugesCountOpenDisputesAndEvidenceDueWithin48Hours() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("recon")
            for _ in 0..<2 {
                let paid = try await h.paidOrder(price: 500, quantity: 1)
                _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/dispute", "{}")
            }
            _ = try await ReconciliationTests.reconcile(h, key: key)
            let gauges = PostgresOperationalGauges(pool: h.pool)
            var snapshot = try await gauges.read()
            #expect(snapshot.openDisputes == ["needs_response": 2, "under_review": 0])
            #expect(snapshot.disputesEvidenceDueSoon == 0, "the sandbox gives 7 days")
            try await h.exec(
                "UPDATE disputes SET evidence_due_by = now() + interval '47 hours' WHERE id = (SELECT min(id) FROM disputes)", [])
            snapshot = try await gauges.read()
            #expect(snapshot.disputesEvidenceDueSoon == 1)
            try await h.exec("UPDATE disputes SET status = 'under_review'", [])
            snapshot = try await gauges.read()
            #expect(snapshot.disputesEvidenceDueSoon == 0, "evidence given: nothing to do before the deadline")
            #expect(snapshot.openDisputes == ["needs_response": 0, "under_review": 2])
        }
    }
}
