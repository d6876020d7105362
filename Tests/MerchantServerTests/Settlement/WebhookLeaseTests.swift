import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing
import Workers

/// Leases: an event a crashed processor left behind is claimed again once its lease
/// expires (the sweeper), the crashed owner can no longer close it, and processors
/// running side by side never claim the same event twice.
@Suite("Webhook leases") struct WebhookLeaseTests {
    @Test func anEventLeftLeasedByACrashedProcessorIsProcessedOnceTheLeaseExpires() async throws {
        try await PaymentHarness.with { h in
            let payment = try await h.sdkPayment()
            try await h.drive(payment.intent, to: "succeeded")
            #expect(try await h.deliver(PaymentHarness.intentEvent("evt_crash", intent: payment.intent)).status == 200)
            // A processor claimed it and died before recording anything.
            try await h.exec(
                """
                UPDATE webhook_events SET lease_owner = 'webhooks-dead', lease_until = now() + interval '60 seconds', attempts = 1
                """)
            let fresh = h.processor()
            #expect(await fresh.processDue() == WebhookTickSummary(), "a live lease is respected")

            try await h.exec("UPDATE webhook_events SET lease_until = now() - interval '1 second'")
            #expect(await fresh.processDue().processed == 1)
            let row = try #require(try await h.inboxRow("evt_crash"))
            #expect(row["status"] == "processed")
            #expect(row["attempts"] == "2")
            #expect(try await h.orderStatus(payment.order) == "paid")
            #expect(
                try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND cause = 'webhook:evt_crash'", [payment.order]) >= 1)

            // Should the dead processor wake up, its outcome is refused: the row is not its own.
            let inbox = PostgresWebhookInbox(pool: h.pool)
            #expect(try await inbox.markFailed(eventID: "evt_crash", owner: "webhooks-dead", error: "late", retryAfterSeconds: 5) == false)
            #expect(try await h.inboxRow("evt_crash")?["status"] == "processed")
        }
    }

    @Test func processorsSideBySideClaimEveryEventExactlyOnce() async throws {
        try await PaymentHarness.with { h in
            let inbox = PostgresWebhookInbox(pool: h.pool)
            let ids = (0..<40).map { "evt_many_\($0)" }
            for id in ids {
                let new = try await inbox.store(
                    InboxedWebhook(
                        eventID: id, type: "payment_intent.succeeded", objectID: "pi_\(id)",
                        syncTarget: .payment(objectID: "pi_\(id)"), rawBody: "{}"))
                #expect(new)
            }
            #expect(try await inbox.store(InboxedWebhook(eventID: ids[0], type: "x", objectID: nil, syncTarget: nil, rawBody: "{}")) == false)
            let calls = SyncCalls()
            let processors = (0..<3).map { n in
                WebhookProcessor(inbox: inbox, owner: "replica-\(n)", configuration: .init(batchSize: 7), logger: TestDatabase.logger) {
                    object, cause in
                    await calls.record(object, cause)
                    try await Task.sleep(for: .milliseconds(5))
                    return true
                }
            }
            // Each replica ticks until a tick finds nothing, all three at once.
            await withTaskGroup(of: Void.self) { group in
                for processor in processors {
                    group.addTask { while await processor.processDue().processed > 0 {} }
                }
            }
            let seen = await calls.all
            #expect(seen.count == ids.count)
            #expect(Set(seen.map(\.cause)) == Set(ids.map { "webhook:\($0)" }), "every event synced once, with its cause")
            #expect(try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status = 'processed' AND attempts = 1") == ids.count)
        }
    }
}

/// Records sync calls from concurrent processors.
actor SyncCalls {
    /// Every call, in order.
    private(set) var all: [(object: String, cause: String)] = []
    /// Records one call.
    func record(_ target: SyncTarget, _ cause: SyncCause) { all.append((target.objectID, cause.description)) }
}

/// An inbox for tests that must not touch one: any call is a test failure.
struct UnusedInbox: WebhookInbox {
    /// Thrown by every method.
    struct Unexpected: Error {}
    // Every requirement fails the test: this inbox is only for code paths that need none.
    func store(_ event: InboxedWebhook) async throws -> Bool { try fail() }
    func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [ClaimedWebhook] { try fail() }
    func markProcessed(eventID: String, owner: String) async throws -> Bool { try fail() }
    func markIgnored(eventID: String, owner: String, reason: String) async throws -> Bool { try fail() }
    func markFailed(eventID: String, owner: String, error: String, retryAfterSeconds: Int64) async throws -> Bool { try fail() }
    private func fail<T>() throws -> T {
        Issue.record("unexpected inbox call")
        throw Unexpected()
    }

    @Test func aBacklogIsDrainedBatchAfterBatchWithoutWaitingTheInterval() async throws {
        try await PaymentHarness.with { h in
            let inbox = PostgresWebhookInbox(pool: h.pool)
            for n in 0..<40 {
                _ = try await inbox.store(
                    InboxedWebhook(
                        eventID: "evt_burst_\(n)", type: "payment_intent.succeeded",
                        objectID: "pi_\(n)", syncTarget: .payment(objectID: "pi_\(n)"), rawBody: "{}"))
            }
            let calls = SyncCalls()
            // A minute between ticks: draining 40 events in batches of 7 must not wait for it.
            let processor = WebhookProcessor(
                inbox: inbox, owner: "burst", configuration: .init(interval: .seconds(60), batchSize: 7),
                logger: TestDatabase.logger
            ) { object, cause in
                await calls.record(object, cause)
                return true
            }
            let running = Task { try await processor.run() }
            let drained = await eventually(timeout: .seconds(20)) { await calls.all.count == 40 }
            running.cancel()
            _ = try? await running.value
            let synced = await calls.all.count
            #expect(drained, "\(synced) of 40 synced")
        }
    }
}
