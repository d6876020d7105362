import OrderDomain
import ServiceLifecycle
import TestSupport
import Testing
import Workers

/// SIGTERM: the poller stops between two attempts, hands the rest of its batch back, and
/// never waits out a poll interval.
@Suite("Poll: graceful shutdown") struct PollShutdownTests {
    /// Lets a sync closure trigger the shutdown of the group that runs it.
    actor Trigger {
        var group: ServiceGroup?
        func set(_ group: ServiceGroup) { self.group = group }
        func fire() async { await group?.triggerGracefulShutdown() }
    }

    static func settings() -> SettlementSettings {
        var settings = SettlementSettings()
        settings.pollIntervalSeconds = 300
        return settings
    }

    static let refuse = SyncOperations(
        sync: { id in
            Issue.record("unexpected sync of \(id)")
            throw ScriptedOperations.Unscripted()
        },
        expireSession: { _, _ in Issue.record("unexpected expire") },
        cancelIntent: { _, _ in Issue.record("unexpected cancel") })

    @Test func aShutdownMidTickFinishesTheCurrentAttemptAndHandsTheRestBack() async throws {
        let queue = FakeSyncQueue(due: ["pay_1", "pay_2", "pay_3"].map { PollFixtures.claimed(.requiresPaymentMethod, id: $0) })
        let trigger = Trigger()
        let operations = SyncOperations(
            sync: { id in
                await trigger.fire()
                // The group passes the signal on asynchronously: wait until this task sees it,
                // as a sync that is still running when SIGTERM arrives would.
                for _ in 0..<500 where !Task.isShuttingDownGracefully { try await Task.sleep(for: .milliseconds(2)) }
                return try PollFixtures.attempt(.requiresPaymentMethod, id: id)
            }, expireSession: Self.refuse.expireSession, cancelIntent: Self.refuse.cancelIntent)
        let poller = SyncPoller(queue: queue, operations: operations, settings: Self.settings(), logger: TestDatabase.logger)
        let group = ServiceGroup(services: [poller], gracefulShutdownSignals: [], cancellationSignals: [], logger: TestDatabase.logger)
        await trigger.set(group)
        let elapsed = try await ContinuousClock().measure { try await group.run() }
        #expect(elapsed < .seconds(60), "stopped without waiting out the 300 s interval (a loaded machine may be slow)")
        #expect(await queue.rescheduled.map(\.attemptID) == ["pay_1"])
        #expect(await queue.released == ["pay_2", "pay_3"], "handed back for another replica")
    }

    @Test func anIdlePollerStopsAtOnce() async throws {
        let poller = SyncPoller(queue: FakeSyncQueue(due: []), operations: Self.refuse, settings: Self.settings(), logger: TestDatabase.logger)
        let group = ServiceGroup(services: [poller], gracefulShutdownSignals: [], cancellationSignals: [], logger: TestDatabase.logger)
        let elapsed = try await ContinuousClock().measure {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await Task.sleep(for: .milliseconds(200))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        #expect(elapsed < .seconds(60), "not the 300 s interval")
    }
}
