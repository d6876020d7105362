import Logging
import OrderDomain
import ServiceLifecycle

/// The polling fallback: when no webhook or return arrives, every open attempt is still
/// synced with WooshPay on `SYNC_SCHEDULE`, until it closes or the give-up rule applies.
///
/// Every replica runs one. Each tick claims due attempts with leases (PostgreSQL is the
/// coordination engine, so no attempt is synced by two replicas at once), syncs them one
/// after the other, reschedules them, then expires unpaid orders that are past expiry.
public struct SyncPoller: Service {
    /// Where due attempts are claimed and rescheduled.
    let queue: any SyncQueue
    /// Sync, expire, cancel.
    let operations: SyncOperations
    /// Schedule, interval, batch size and lease length.
    let settings: SettlementSettings
    /// This instance's lease owner id.
    let owner: String
    /// Tagged with `poller=<owner>`.
    let logger: Logger

    /// Creates the poller. `owner` names this instance in lease columns; random by default
    /// so two replicas (or two pollers in a test) never share one.
    public init(
        queue: any SyncQueue, operations: SyncOperations, settings: SettlementSettings,
        owner: String = SyncPoller.randomOwner(), logger: Logger
    ) {
        self.queue = queue
        self.operations = operations
        self.settings = settings
        self.owner = owner
        var logger = logger
        logger[metadataKey: "poller"] = .string(owner)
        self.logger = logger
    }

    /// A fresh lease owner id such as `sync-3f9a...` (`prefix`-...).
    public static func randomOwner(prefix: String = "sync") -> String {
        prefix + "-" + String(UInt64.random(in: .min ... .max), radix: 16)
    }

    /// Ticks every `SYNC_POLL_INTERVAL` until graceful shutdown or cancellation. A tick in
    /// progress finishes the attempt it is syncing and hands the rest back.
    public func run() async throws {
        logger.info("sync poller started", metadata: ["interval_s": "\(settings.pollIntervalSeconds)", "batch": "\(settings.batchSize)"])
        await repeatUntilShutdown(every: .seconds(settings.pollIntervalSeconds)) { await tick() }
        logger.info("sync poller stopped")
    }

    /// What one tick did.
    public struct TickReport: Sendable, Equatable {
        /// Attempts leased by this tick (at most `SYNC_BATCH`).
        public var claimed = 0
        /// Of those, synced without a failure.
        public var synced = 0
        /// Orders expired by this tick.
        public var expiredOrders = 0

        /// Creates a report.
        public init(claimed: Int = 0, synced: Int = 0, expiredOrders: Int = 0) {
            self.claimed = claimed
            self.synced = synced
            self.expiredOrders = expiredOrders
        }
    }

    /// One round: claim due attempts, settle each, then expire orders past expiry (after
    /// the attempts, so an order whose checkout was just given up expires in this tick).
    @discardableResult
    public func tick() async -> TickReport {
        var report = TickReport()
        let claimed: [ClaimedSync]
        do {
            claimed = try await queue.claimDue(owner: owner, limit: settings.batchSize, leaseSeconds: settings.leaseSeconds)
        } catch {
            logger.warning("could not claim due payment attempts", metadata: ["error": "\(error)"])
            return report
        }
        report.claimed = claimed.count
        if !claimed.isEmpty {
            report.synced = await withTaskGroup(of: Void.self, returning: Int.self) { group in
                group.addTask { await keepLeases(claimed.map(\.attemptID)) }
                var synced = 0
                for (index, attempt) in claimed.enumerated() {
                    if Task.isShuttingDownGracefully || Task.isCancelled {
                        await handBack(claimed[index...].map(\.attemptID))
                        break
                    }
                    if await settle(attempt) { synced += 1 }
                }
                group.cancelAll()
                return synced
            }
        }
        do {
            let expired = try await queue.expireOrders(limit: settings.batchSize)
            report.expiredOrders = expired.count
            if !expired.isEmpty { logger.info("unpaid orders expired, stock released", metadata: ["orders": "\(expired.joined(separator: ","))"]) }
        } catch {
            logger.warning("could not expire orders", metadata: ["error": "\(error)"])
        }
        do {
            let released = try await queue.releaseLapsedStock(limit: settings.batchSize)
            if !released.isEmpty { logger.info("stock hold lapsed, stock back on sale", metadata: ["orders": "\(released.joined(separator: ","))"]) }
        } catch {
            logger.warning("could not release lapsed stock holds", metadata: ["error": "\(error)"])
        }
        return report
    }

    /// Renews this tick's leases every third of their length until cancelled: one slow
    /// WooshPay answer must not let another replica claim an attempt still being synced.
    func keepLeases(_ ids: [String]) async {
        let every = Duration.seconds(max(1, settings.leaseSeconds / 3))
        while (try? await Task.sleep(for: every)) != nil {
            do {
                try await queue.renewLeases(attemptIDs: ids, owner: owner, leaseSeconds: settings.leaseSeconds)
            } catch {
                logger.warning("could not renew payment attempt leases", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Gives leases back at shutdown, so another replica takes the attempts over at once.
    func handBack(_ ids: [String]) async {
        do { try await queue.release(attemptIDs: ids, owner: owner) } catch {
            logger.warning("could not release payment attempt leases; they lapse on their own", metadata: ["error": "\(error)"])
        }
    }
}
