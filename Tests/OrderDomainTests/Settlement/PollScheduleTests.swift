import Testing

@testable import OrderDomain

/// When an attempt is polled next, and when its order counts as given up.
@Suite("The poll schedule grows, then repeats its last delay") struct PollScheduleTests {
    @Test(
        "the default schedule, sync by sync",
        arguments: [
            (0, Int64(30)), (1, 60), (2, 120), (3, 300), (4, 600), (5, 1800), (6, 3600), (7, 3600), (1000, 3600),
            (Int.max, 3600), (-1, 30),
        ] as [(Int, Int64)])
    func theDefaultSchedule(_ sync: Int, _ delay: Int64) {
        #expect(SettlementSettings().delay(afterSync: sync) == delay)
    }

    @Test(
        "a one-step schedule repeats it; an empty one falls back to a minute",
        arguments: [
            ([Int64(5)], 0, Int64(5)), ([5], 3, 5), ([], 0, 60), ([], 9, 60), ([10, 20], 1, 20), ([10, 20], 2, 20),
        ] as [([Int64], Int, Int64)])
    func otherSchedules(_ schedule: [Int64], _ sync: Int, _ delay: Int64) {
        var settings = SettlementSettings()
        settings.syncSchedule = schedule
        #expect(settings.delay(afterSync: sync) == delay)
    }

    @Test(
        "an order is given up when past its expiry or closed",
        arguments: [
            (OrderStatus.awaitingPayment, Int64(2_001), false), (.awaitingPayment, 2_000, true), (.awaitingPayment, 1_999, true),
            (.expired, 9_000, true), (.canceled, 9_000, true), (.requiresAction, 9_000, false), (.paymentFailed, 9_000, false),
        ] as [(OrderStatus, Int64, Bool)])
    func anOrderGivenUp(_ status: OrderStatus, _ expiresAt: Int64, _ givenUp: Bool) {
        let claim = ClaimedSync(
            attemptID: "pay_1", orderID: "ord_1", mode: .sdk, status: .requiresAction, syncAttempts: 0,
            createdAt: 1_000, orderStatus: status, orderExpiresAt: expiresAt, now: 2_000)
        #expect(claim.orderGivenUp == givenUp)
    }
}
