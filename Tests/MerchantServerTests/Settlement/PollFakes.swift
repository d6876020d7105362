import OrderDomain
import Testing
import Workers

/// An in-memory `SyncQueue` that records what the poller asked of it.
actor FakeSyncQueue: SyncQueue {
    private var due: [ClaimedSync]
    private(set) var rescheduled: [(attemptID: String, afterSeconds: Int64?)] = []
    private(set) var flagged: [(orderID: String, reason: String)] = []
    private(set) var released: [String] = []

    /// A queue whose claims hand out `due`, in order.
    init(due: [ClaimedSync]) { self.due = due }

    func claimDue(owner: String, limit: Int, leaseSeconds: Int) -> [ClaimedSync] {
        let batch = Array(due.prefix(limit))
        due.removeFirst(batch.count)
        return batch
    }

    func renewLeases(attemptIDs: [String], owner: String, leaseSeconds: Int) {}

    func reschedule(attemptID: String, owner: String, afterSeconds: Int64?) {
        rescheduled.append((attemptID, afterSeconds))
    }

    func release(attemptIDs: [String], owner: String) { released += attemptIDs }

    func flagReview(orderID: String, attemptID: String, reason: String) -> Bool {
        let first = !flagged.contains { $0.orderID == orderID }
        flagged.append((orderID, reason))
        return first
    }

    func expireOrders(limit: Int) -> [String] { [] }
    func releaseLapsedStock(limit: Int) -> [String] { [] }
}

/// Scripted gateway steps: each call takes the next scripted answer; a call nobody
/// scripted fails the test.
actor ScriptedOperations {
    /// Thrown by a call nobody scripted.
    struct Unscripted: Error {}
    private var syncs: [Result<PaymentAttempt, any Error>]
    private var giveUps: [Result<Void, any Error>]
    private(set) var calls: [String] = []

    /// Answers for syncs, and for expire/cancel calls, in call order.
    init(syncs: [Result<PaymentAttempt, any Error>], giveUps: [Result<Void, any Error>] = []) {
        self.syncs = syncs
        self.giveUps = giveUps
    }

    func sync(_ id: String) throws -> PaymentAttempt {
        calls.append("sync \(id)")
        guard !syncs.isEmpty else {
            Issue.record("unscripted sync of \(id)")
            throw Unscripted()
        }
        return try syncs.removeFirst().get()
    }

    func giveUp(_ call: String) throws {
        calls.append(call)
        guard !giveUps.isEmpty else {
            Issue.record("unscripted \(call)")
            throw Unscripted()
        }
        try giveUps.removeFirst().get()
    }

    /// The closures a poller takes.
    nonisolated var operations: SyncOperations {
        SyncOperations(
            sync: { try await self.sync($0) },
            expireSession: { id, key in try await self.giveUp("expire \(id) \(key)") },
            cancelIntent: { id, key in try await self.giveUp("cancel \(id) \(key)") })
    }
}

/// Values for the pure poller tests.
enum PollFixtures {
    static let usd = Currency(code: "USD")

    /// An attempt as a sync would return it (checkout attempts hold `cs_1`, all hold `pi_1`).
    static func attempt(_ status: AttemptStatus, mode: PaymentMode = .sdk, id: String = "pay_1") throws -> PaymentAttempt {
        PaymentAttempt(
            id: id, orderID: "ord_1", mode: mode, status: status,
            amount: Money(amount: 100, currency: try #require(usd)), captureMethod: .automatic,
            paymentMethodTypes: ["card"], idempotencyKey: "merchant-\(id)",
            checkoutSessionID: mode == .checkout ? "cs_1" : nil, paymentIntentID: "pi_1")
    }

    /// A claimed attempt; `expired` puts the order's expiry before the claim's clock.
    static func claimed(
        _ status: AttemptStatus, mode: PaymentMode = .sdk, syncAttempts: Int = 0, expired: Bool = false,
        id: String = "pay_1"
    ) -> ClaimedSync {
        ClaimedSync(
            attemptID: id, orderID: "ord_1", mode: mode, status: status, syncAttempts: syncAttempts,
            createdAt: 1_000, orderStatus: .awaitingPayment, orderExpiresAt: expired ? 1_500 : 9_000, now: 2_000)
    }
}
