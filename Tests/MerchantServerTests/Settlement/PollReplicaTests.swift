import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing
import Workers

/// Two service instances polling one database, as two replicas would: separate pools,
/// separate lease owners, the same due attempts.
@Suite("Poll: two replicas") struct PollReplicaTests {
    /// Records, per attempt, how many syncs run at this moment and how many ran in all.
    actor ConcurrencyProbe {
        private var active: [String: Int] = [:]
        private(set) var maxConcurrent = 0
        private(set) var syncs: [String: Int] = [:]

        func enter(_ id: String) {
            active[id, default: 0] += 1
            maxConcurrent = max(maxConcurrent, active[id, default: 0])
            syncs[id, default: 0] += 1
        }

        func exit(_ id: String) { active[id, default: 0] -= 1 }
    }

    /// `base` with every sync recorded by `probe`, and held a little longer, so two
    /// replicas syncing one attempt at once would overlap visibly.
    static func probed(_ base: SyncOperations, _ probe: ConcurrencyProbe) -> SyncOperations {
        SyncOperations(
            sync: { id in
                await probe.enter(id)
                do {
                    try await Task.sleep(for: .milliseconds(25))
                    let attempt = try await base.sync(id)
                    await probe.exit(id)
                    return attempt
                } catch {
                    await probe.exit(id)
                    throw error
                }
            }, expireSession: base.expireSession, cancelIntent: base.cancelIntent)
    }

    @Test func twoInstancesNeverSyncOneAttemptAtTheSameTime() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            var orders: [String] = []
            for i in 0..<20 {
                let (order, start) = try await h.orderPaying(mode: "sdk")
                if i.isMultiple(of: 2) { try await h.drive(start.string("payment_intent") ?? "-", to: "succeeded") }
                orders.append(order.id)
            }
            try await h.exec("UPDATE payment_attempts SET next_sync_at = now()")
            let database = try await h.scalar("SELECT current_database()")
            let replicaPool = TestDatabase.pool("dbname=\(database)", size: 4)
            defer { replicaPool.close() }
            let probe = ConcurrencyProbe()
            // A long first delay: in this phase each attempt is due exactly once.
            let settings = PaymentHarness.pollSettings(schedule: [60], batch: 5)
            let a = h.poller(settings, operations: Self.probed(h.operations(), probe))
            let b = h.poller(settings, pool: replicaPool, operations: Self.probed(h.operations(pool: replicaPool), probe))

            var claimed = (a: 0, b: 0)
            for _ in 0..<20 {
                async let ra = a.tick()
                async let rb = b.tick()
                let (reportA, reportB) = await (ra, rb)
                #expect(reportA.claimed <= 5 && reportB.claimed <= 5, "a tick syncs at most SYNC_BATCH attempts")
                claimed.a += reportA.claimed
                claimed.b += reportB.claimed
                if reportA.claimed + reportB.claimed == 0 { break }
            }
            #expect(await probe.maxConcurrent == 1, "never two syncs of one attempt at once")
            let syncs = await probe.syncs
            #expect(syncs.count == 20 && syncs.values.allSatisfy { $0 == 1 }, "each attempt synced once, by one instance: \(syncs)")
            #expect(claimed.a > 0 && claimed.b > 0, "both instances took a share: \(claimed)")
            #expect(claimed.a + claimed.b == 20)
            for (i, order) in orders.enumerated() {
                #expect(try await h.orderStatus(order) == (i.isMultiple(of: 2) ? "paid" : "awaiting_payment"))
            }

            // Then both run freely on a one-second schedule: attempts come due again and
            // again while both instances race for them.
            try await h.exec("UPDATE payment_attempts SET next_sync_at = now() WHERE next_sync_at IS NOT NULL")
            let racing = PaymentHarness.pollSettings(schedule: [1], batch: 3)
            let a2 = h.poller(racing, operations: Self.probed(h.operations(), probe))
            let b2 = h.poller(racing, pool: replicaPool, operations: Self.probed(h.operations(pool: replicaPool), probe))
            try await h.whileRunning(a2) {
                try await h.whileRunning(b2) { try await Task.sleep(for: .milliseconds(2500)) }
            }
            #expect(await probe.maxConcurrent == 1)
            let open = await probe.syncs.filter { $0.value >= 2 }.count
            #expect(open == 10, "the ten open attempts were polled again")
        }
    }
}
