import Logging
import OrderDomain
import ServiceLifecycle

/// Follows refunds whose outcome is not known (pending at WooshPay, or a create call whose
/// answer was lost) until they end, on the payment poll schedule (`SYNC_SCHEDULE`, the
/// last delay repeating). Every replica runs one; leases keep them apart.
public struct RefundPoller: Service {
    let queue: any RefundQueue
    let sync: @Sendable (_ refundID: String) async throws -> Refund
    let settings: SettlementSettings
    let owner: String
    let logger: Logger

    /// Creates the poller; `sync` is the one refund sync path.
    public init(
        queue: any RefundQueue, settings: SettlementSettings, logger: Logger,
        owner: String = SyncPoller.randomOwner(prefix: "refunds"),
        sync: @escaping @Sendable (_ refundID: String) async throws -> Refund
    ) {
        self.queue = queue
        self.sync = sync
        self.settings = settings
        self.owner = owner
        var logger = logger
        logger[metadataKey: "poller"] = .string(owner)
        self.logger = logger
    }

    /// Ticks every `SYNC_POLL_INTERVAL` until graceful shutdown or cancellation.
    public func run() async throws {
        await repeatUntilShutdown(every: .seconds(settings.pollIntervalSeconds)) { await tick() }
    }

    /// One round: claim due refunds, sync each, reschedule it. Returns how many were synced.
    @discardableResult
    public func tick() async -> Int {
        let claimed: [(id: String, syncAttempts: Int)]
        do {
            claimed = try await queue.claimDueRefunds(owner: owner, limit: settings.batchSize, leaseSeconds: settings.leaseSeconds)
        } catch {
            logger.warning("could not claim due refunds", metadata: ["error": "\(error)"])
            return 0
        }
        var synced = 0
        for refund in claimed {
            do {
                let result = try await sync(refund.id)
                synced += 1
                logger.info("refund synced", metadata: ["refund": "\(refund.id)", "status": "\(result.status.rawValue)"])
            } catch {
                logger.warning("refund sync failed; retrying later", metadata: ["refund": "\(refund.id)", "error": "\(error)"])
            }
            do {
                try await queue.rescheduleRefund(id: refund.id, owner: owner, afterSeconds: settings.delay(afterSync: refund.syncAttempts + 1))
            } catch {
                logger.warning("could not reschedule refund; its lease lapses", metadata: ["refund": "\(refund.id)", "error": "\(error)"])
            }
        }
        return synced
    }
}
