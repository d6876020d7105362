import MerchantServer
import OrderDomain
import TestSupport
import Testing
import Workers

/// The poller's decisions over fakes, and the schedule as configured.
@Suite("Poll: schedule and give-up rule") struct PollScheduleTests {
    /// `SYNC_SCHEDULE` is read into the settings; how the delays repeat and what the give-up
    /// rule decides are table-tested in OrderDomainTests.
    @Test func theScheduleIsReadFromTheEnvironment() throws {
        let configuration = try ServerConfiguration(environment: ["PGHOST": "127.0.0.1", "SYNC_SCHEDULE": "30s,1m,2m,5m,10m,30m,1h"])
        #expect(configuration.settlement.syncSchedule == [30, 60, 120, 300, 600, 1800, 3600])
        #expect(try ServerConfiguration(environment: ["PGHOST": "127.0.0.1", "SYNC_SCHEDULE": "5s"]).settlement.syncSchedule == [5])
        #expect(throws: ServerConfiguration.Invalid.self) { try ServerConfiguration(environment: ["PGHOST": "127.0.0.1", "SYNC_SCHEDULE": "0s,1m"]) }
    }

    /// Runs one tick of a poller over `queue` and `script` with a 30s,1m,2m,1h schedule.
    static func tick(_ queue: FakeSyncQueue, _ script: ScriptedOperations) async -> SyncPoller.TickReport {
        var settings = SettlementSettings()
        settings.syncSchedule = [30, 60, 120, 3600]
        return await SyncPoller(queue: queue, operations: script.operations, settings: settings, logger: TestDatabase.logger).tick()
    }

    @Test func aSyncReschedulesByTheScheduleAndAClosedAttemptNeverAgain() async throws {
        let queue = FakeSyncQueue(due: [
            PollFixtures.claimed(.requiresPaymentMethod, syncAttempts: 1, id: "pay_1"),
            PollFixtures.claimed(.requiresPaymentMethod, id: "pay_2"),
        ])
        let script = ScriptedOperations(syncs: [
            .success(try PollFixtures.attempt(.requiresPaymentMethod, id: "pay_1")),
            .success(try PollFixtures.attempt(.succeeded, id: "pay_2")),
        ])
        #expect(await Self.tick(queue, script) == SyncPoller.TickReport(claimed: 2, synced: 2, expiredOrders: 0))
        let rescheduled = await queue.rescheduled
        #expect(rescheduled.map(\.attemptID) == ["pay_1", "pay_2"])
        #expect(rescheduled.map(\.afterSeconds) == [120, nil], "the third poll waits 2m; a closed attempt is done")
    }

    @Test func aWooshPayFailureKeepsTheAttemptOnTheSameBackoff() async throws {
        let queue = FakeSyncQueue(due: [PollFixtures.claimed(.requiresPaymentMethod, syncAttempts: 0, expired: true)])
        let script = ScriptedOperations(syncs: [.failure(GatewayError.gatewayUnavailable(httpStatus: 500, requestID: nil))])
        #expect(await Self.tick(queue, script).synced == 0)
        #expect(await queue.rescheduled.map(\.afterSeconds) == [60])
        #expect(await queue.flagged.isEmpty, "a failure is retried, not flagged and not given up")
    }

    @Test func anAbandonedCheckoutIsExpiredWithItsOwnKeyThenSyncedAgain() async throws {
        let queue = FakeSyncQueue(due: [PollFixtures.claimed(.requiresPaymentMethod, mode: .checkout, expired: true)])
        let script = ScriptedOperations(
            syncs: [
                .success(try PollFixtures.attempt(.requiresPaymentMethod, mode: .checkout)),
                .success(try PollFixtures.attempt(.expired, mode: .checkout)),
            ],
            giveUps: [.success(())])
        #expect(await Self.tick(queue, script).synced == 1)
        #expect(await script.calls == ["sync pay_1", "expire cs_1 merchant-pay_1-expire", "sync pay_1"])
        #expect(await queue.rescheduled.map(\.afterSeconds) == [nil])
    }

    @Test func aRefusedCancelIsReSyncedAndATransientOneRetriedLater() async throws {
        let refused = GatewayError.invalidRequest(code: "payment_intent_unexpected_state", message: "succeeded", param: nil, requestID: nil)
        let queue = FakeSyncQueue(due: [
            PollFixtures.claimed(.requiresPaymentMethod, expired: true, id: "pay_1"),
            PollFixtures.claimed(.requiresPaymentMethod, expired: true, id: "pay_2"),
        ])
        let script = ScriptedOperations(
            syncs: [
                .success(try PollFixtures.attempt(.requiresAction, id: "pay_1")), .success(try PollFixtures.attempt(.succeeded, id: "pay_1")),
                .success(try PollFixtures.attempt(.requiresAction, id: "pay_2")),
            ],
            giveUps: [.failure(refused), .failure(GatewayError.outcomeUnknown(reason: "timeout"))])
        #expect(await Self.tick(queue, script).synced == 1)
        #expect(await queue.rescheduled.map(\.afterSeconds) == [nil, 60], "paid meanwhile; the timed-out cancel is retried")
        #expect(await queue.flagged.isEmpty)
    }

    @Test func anUnknownOutcomePastExpiryIsFlaggedAndPolledAtTheCap() async throws {
        let queue = FakeSyncQueue(due: [
            PollFixtures.claimed(.processing, expired: true, id: "pay_1"),
            PollFixtures.claimed(.requiresCapture, syncAttempts: 1, expired: true, id: "pay_2"),
        ])
        let script = ScriptedOperations(syncs: [
            .success(try PollFixtures.attempt(.processing, id: "pay_1")),
            .success(try PollFixtures.attempt(.requiresCapture, id: "pay_2")),
        ])
        #expect(await Self.tick(queue, script).synced == 2)
        #expect(await queue.flagged.map(\.reason) == ["payment_processing_after_expiry"])
        #expect(await queue.rescheduled.map(\.afterSeconds) == [3600, 120], "flagged: the cap; authorised: the normal schedule")
        #expect(await script.calls == ["sync pay_1", "sync pay_2"], "nothing canceled at WooshPay")
    }
}
