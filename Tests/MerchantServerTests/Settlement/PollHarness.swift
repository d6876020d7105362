import Foundation
import Logging
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import Workers

/// Poller steps on top of `PaymentHarness`: pollers over the harness's database and
/// sandbox, waiting for a condition, and SQL shortcuts for time.
extension PaymentHarness {
    /// Settings for tests: a one-second schedule (the finest `SYNC_SCHEDULE` allows) and
    /// fast ticks, so a test waits seconds rather than minutes.
    static func pollSettings(schedule: [Int64] = [1], batch: Int = 16, lease: Int = 60) -> SettlementSettings {
        var settings = SettlementSettings()
        settings.syncSchedule = schedule
        settings.pollIntervalSeconds = 0.05
        settings.batchSize = batch
        settings.leaseSeconds = lease
        return settings
    }

    /// The production sync operations of this harness (WooshPay = the sandbox), over `pool`.
    func operations(pool: PostgresPool? = nil) -> SyncOperations {
        // Another pool (a second replica's) gets a graph of its own, as a second process would.
        let services = pool.map { PaymentServices.live(configuration: configuration, pool: $0, logger: TestDatabase.logger) } ?? services
        return SyncOperations(synchronizer: services.synchronizer, gateway: services.gateway)
    }

    /// A poller as `Server.workers` builds it, over `pool` (default: the harness's).
    func poller(
        _ settings: SettlementSettings = pollSettings(), pool: PostgresPool? = nil,
        operations: SyncOperations? = nil
    ) -> SyncPoller {
        let pool = pool ?? self.pool
        return SyncPoller(
            queue: PostgresSyncQueue(pool: pool), operations: operations ?? self.operations(pool: pool),
            settings: settings, logger: TestDatabase.logger)
    }

    /// Runs `poller` as a service while `body` runs, then cancels it.
    func whileRunning(_ poller: SyncPoller, _ body: @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await poller.run() }
            do {
                try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// Waits until `condition` holds, checking every 50 ms; throws after `seconds`.
    func eventually(_ what: String, within seconds: Double = 15, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("timed out waiting for \(what)")
    }

    /// Makes every open attempt of the order due now. The store schedules a first poll a
    /// minute after the start; tests must not wait for it.
    func makeDue(_ orderID: String) async throws {
        try await exec("UPDATE payment_attempts SET next_sync_at = now() WHERE order_id = $1 AND next_sync_at IS NOT NULL", [orderID])
    }

    /// Moves the order's expiry into the past (the customer abandoned it long ago).
    func expireNow(_ orderID: String) async throws {
        try await exec("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1", [orderID])
    }

    /// One value of a one-row query as text (`NULL` as "").
    /// The database's clock, in epoch seconds.
    func databaseNow() async throws -> Double {
        Double(try await scalar("SELECT extract(epoch FROM clock_timestamp())")) ?? .nan
    }

    /// Whether the order's attempt was rescheduled `delay` seconds after a tick that ran
    /// between the database times `before` and `after`: measured against those, not
    /// against a later `now()`, so a loaded machine's slow asserts cannot move it.
    func rescheduled(_ orderID: String, by delay: Double, tickBetween before: Double, and after: Double) async throws -> Bool {
        let due = Double(try await scalar("SELECT extract(epoch FROM next_sync_at) FROM payment_attempts WHERE order_id = $1", [orderID])) ?? .nan
        return (before + delay - 0.05...after + delay + 0.05).contains(due)
    }

    func scalar(_ sql: String, _ params: [String] = []) async throws -> String {
        try await pool.withConnection { conn in
            try conn.query("SELECT coalesce((\(sql))::text, '') AS v", params).first?.decode("v", as: String.self) ?? ""
        }
    }

    /// Places a one-line order for `sku` and starts a payment in `mode`; returns the order
    /// and the start answer.
    func orderPaying(_ sku: String = "MUG", quantity: Int = 1, mode: String) async throws -> ((id: String, token: String), Answer) {
        let order = try await placeOrder([(sku, quantity)])
        let start = try await pay(order, #"{"mode":"\#(mode)"}"#)
        guard start.status == 201 else { throw HarnessError("payment not started: \(start.status) \(start.text)") }
        return (order, start)
    }
}
