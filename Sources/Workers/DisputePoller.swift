import Logging
import OrderDomain
import ServiceLifecycle

/// Re-reads open disputes at WooshPay on a schedule, so a lost `charge.dispute.*` webhook
/// (evidence under review, won, lost) still reaches the order. Every replica runs one;
/// claiming moves a dispute's next re-read ahead, which keeps replicas apart.
public struct DisputePoller: Service {
    let settings: SettlementSettings
    let logger: Logger
    let claim: @Sendable (_ limit: Int, _ leaseSeconds: Int) async throws -> [String]
    let sync: @Sendable (_ disputeID: String) async throws -> Bool

    /// Creates the poller; `sync` is the one dispute sync path (re-read, then record).
    public init(
        settings: SettlementSettings, logger: Logger,
        claim: @escaping @Sendable (_ limit: Int, _ leaseSeconds: Int) async throws -> [String],
        sync: @escaping @Sendable (_ disputeID: String) async throws -> Bool
    ) {
        self.settings = settings
        self.logger = logger
        self.claim = claim
        self.sync = sync
    }

    /// Ticks every `SYNC_POLL_INTERVAL` until graceful shutdown or cancellation.
    public func run() async throws {
        await repeatUntilShutdown(every: .seconds(settings.pollIntervalSeconds)) { await tick() }
    }

    /// One round: claim due disputes and re-read each. Returns how many were recorded. A
    /// failed re-read is tried again when its claim lapses.
    @discardableResult
    public func tick() async -> Int {
        let claimed: [String]
        do {
            claimed = try await claim(settings.batchSize, settings.leaseSeconds)
        } catch {
            logger.warning("could not claim due disputes", metadata: ["error": "\(error)"])
            return 0
        }
        var recorded = 0
        for id in claimed {
            do {
                if try await sync(id) { recorded += 1 }
            } catch {
                logger.warning("dispute re-read failed; retrying later", metadata: ["dispute": "\(id)", "error": "\(error)"])
            }
        }
        return recorded
    }
}
