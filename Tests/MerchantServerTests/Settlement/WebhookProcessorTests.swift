import Foundation
import Testing
import Workers

/// The inbox processor over a real database and the sandbox: events trigger a sync of
/// WooshPay's truth, unknown objects are ignored and kept, failures back off and recover,
/// and leases left by a crashed processor expire into the next claim.
@Suite("Webhook processor") struct WebhookProcessorTests {
    @Test func anEventForOurIntentSyncsWooshPaysTruthOnce() async throws {
        try await PaymentHarness.with { h in
            let payment = try await h.sdkPayment()
            try await h.drive(payment.intent, to: "succeeded")
            // The event's copy of the object is stale on purpose: the sync re-reads WooshPay.
            let body = PaymentHarness.intentEvent("evt_sync1", intent: payment.intent, status: "requires_payment_method")
            #expect(try await h.deliver(body).status == 200)
            #expect(try await h.orderStatus(payment.order) == "awaiting_payment", "stored, not processed inline")

            let summary = await h.processor().processDue()
            #expect(summary.processed == 1)
            #expect(try await h.orderStatus(payment.order) == "paid")
            #expect(try await h.attemptColumn(payment.order, "status") == ["succeeded"])
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = $2",
                    [payment.order, "webhook:evt_sync1"]) == 1)
            let row = try #require(try await h.inboxRow("evt_sync1"))
            #expect(row["status"] == "processed")
            #expect(row["attempts"] == "1")
            #expect(row["lease_owner"] == "")
            #expect(row["closed"] == "true")

            // A late duplicate delivery is acknowledged and never processed again.
            #expect(try await h.deliver(body).status == 200)
            #expect(await h.processor().processDue() == WebhookTickSummary())
            #expect(try await h.inboxRow("evt_sync1")?["attempts"] == "1")
        }
    }

    @Test func eventsAboutObjectsWeDoNotHoldAreIgnoredAndKept() async throws {
        try await PaymentHarness.with { h in
            #expect(try await h.deliver(PaymentHarness.intentEvent("evt_unknown", intent: "pi_not_ours")).status == 200)
            let payout =
                #"{"id":"evt_payout","object":"event","type":"payout.paid","created":1754626531,"data":{"object":{"id":"po_1","object":"payout"}}}"#
            #expect(try await h.deliver(payout).status == 200)
            let summary = await h.processor().processDue()
            #expect(summary.ignored == 2)
            #expect(summary.processed == 0)
            let unknown = try #require(try await h.inboxRow("evt_unknown"))
            #expect(unknown["status"] == "ignored")
            #expect(unknown["last_error"] == "no payment attempt holds pi_not_ours")
            #expect(try await h.inboxRow("evt_payout")?["status"] == "ignored")
            #expect(try await h.count("SELECT count(*) AS n FROM webhook_events") == 2, "kept for audit and replay")
        }
    }

    @Test func aFailedSyncBacksOffExponentiallyThenSucceedsOnceWooshPayRecovers() async throws {
        try await PaymentHarness.with { h in
            let payment = try await h.sdkPayment()
            try await h.drive(payment.intent, to: "succeeded")
            try await h.faults(#"{"api_error_rate":1}"#)
            #expect(try await h.deliver(PaymentHarness.intentEvent("evt_down", intent: payment.intent)).status == 200)
            let processor = h.processor()

            #expect(await processor.processDue().failed == 1)
            var row = try #require(try await h.inboxRow("evt_down"))
            #expect(row["status"] == "failed")
            #expect(row["attempts"] == "1")
            #expect(row["later"] == "true")
            #expect((4...5).contains(Int(row["wait"] ?? "") ?? -1), "first retry after 5 s, waits \(row["wait"] ?? "-")")
            #expect(row["last_error"]?.isEmpty == false)
            #expect(await processor.processDue() == WebhookTickSummary(), "not due before its retry time")

            // Time passes: the retry fails again and waits twice as long.
            try await h.exec("UPDATE webhook_events SET next_attempt_at = now()")
            #expect(await processor.processDue().failed == 1)
            row = try #require(try await h.inboxRow("evt_down"))
            #expect(row["attempts"] == "2")
            #expect((9...10).contains(Int(row["wait"] ?? "") ?? -1), "second retry after 10 s, waits \(row["wait"] ?? "-")")
            #expect(try await h.orderStatus(payment.order) == "awaiting_payment")

            try await h.faults(#"{"api_error_rate":0}"#)
            try await h.exec("UPDATE webhook_events SET next_attempt_at = now()")
            #expect(await processor.processDue().processed == 1)
            row = try #require(try await h.inboxRow("evt_down"))
            #expect(row["status"] == "processed")
            #expect(row["attempts"] == "3")
            #expect(row["last_error"] == "")
            #expect(try await h.orderStatus(payment.order) == "paid")
        }
    }

    @Test func retryDelaysDoubleFromFiveSecondsUpToTenMinutes() {
        let processor = WebhookProcessor(inbox: UnusedInbox(), owner: "unit", logger: .init(label: "unit")) { _, _ in false }
        #expect([0, 1, 2, 3, 4, 7, 8, 60, Int.max].map(processor.retryDelay(afterAttempts:)) == [5, 5, 10, 20, 40, 320, 600, 600, 600])
    }
}
