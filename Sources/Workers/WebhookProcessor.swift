import Logging
import Metrics
import OrderDomain
import ServiceLifecycle

/// Processes the webhook inbox: every tick it leases the due events and, for each, syncs
/// the payment object the event names through the one sync path (WooshPay is re-read; the
/// event is only a trigger). Failures are retried with exponential back-off; events left
/// leased by a crashed replica are claimed again when their lease expires.
public struct WebhookProcessor: Service, CustomStringConvertible {
    /// Syncs what `target` names with `cause` for the audit trail; `false` when nothing of
    /// ours holds that object.
    public typealias Sync = @Sendable (_ target: SyncTarget, _ cause: SyncCause) async throws -> Bool

    /// Pace, batch size, lease and back-off.
    public struct Configuration: Sendable {
        /// Pause between two ticks.
        public var interval: Duration
        /// Most events claimed per tick.
        public var batchSize: Int
        /// How long a claimed event stays leased to this processor.
        public var leaseSeconds: Int
        /// Delay before the first retry of a failed event; doubled after each failure.
        public var retryBaseSeconds: Int64
        /// Longest delay between two retries.
        public var retryMaxSeconds: Int64

        /// Creates a configuration; back-off 5 s, 10 s, 20 s... capped at 10 minutes.
        public init(
            interval: Duration = .seconds(1), batchSize: Int = 16, leaseSeconds: Int = 60,
            retryBaseSeconds: Int64 = 5, retryMaxSeconds: Int64 = 600
        ) {
            self.interval = interval
            self.batchSize = batchSize
            self.leaseSeconds = leaseSeconds
            self.retryBaseSeconds = retryBaseSeconds
            self.retryMaxSeconds = retryMaxSeconds
        }
    }

    /// Where verified events wait.
    let inbox: any WebhookInbox
    /// This processor's name in `lease_owner`.
    let owner: String
    /// Pace, batch, lease and back-off.
    let configuration: Configuration
    /// The one sync path, by gateway object.
    let sync: Sync
    /// Outcomes at debug/info, failures at warning.
    let logger: Logger
    /// Where outcomes are counted (`merchant_webhook_events_processed_total{type,outcome}`).
    var metrics: any MetricsFactory = MetricsSystem.factory

    /// Creates the processor. `owner` names this replica in `lease_owner` (unique per process).
    public init(
        inbox: any WebhookInbox, owner: String, configuration: Configuration = Configuration(),
        logger: Logger, sync: @escaping Sync
    ) {
        self.inbox = inbox
        self.owner = owner
        self.configuration = configuration
        self.logger = logger
        self.sync = sync
    }

    /// The same processor counting outcomes in `factory` instead of the process's metrics
    /// system: `merchant_webhook_events_processed_total{type,outcome}` with outcome
    /// `processed`, `ignored` or `failed` (one count per try).
    public func recordingMetrics(to factory: any MetricsFactory) -> WebhookProcessor {
        var copy = self
        copy.metrics = factory
        return copy
    }

    /// The processed-events counter family.
    public static let processedMetricName = "merchant_webhook_events_processed_total"

    /// Names the service in ServiceGroup logs.
    public var description: String { "WebhookProcessor(\(owner))" }

    /// Ticks until graceful shutdown or cancellation; while ticks claim full batches, the
    /// next one starts at once, so a burst of webhooks does not wait `interval` per batch.
    public func run() async throws {
        await drainUntilShutdown(every: configuration.interval) {
            let summary = await processDue()
            return summary.processed + summary.ignored + summary.failed >= configuration.batchSize
        }
    }

    /// One tick: claims the due events and processes them concurrently. Returns how many
    /// ended processed, ignored and failed.
    @discardableResult
    public func processDue() async -> WebhookTickSummary {
        let claimed: [ClaimedWebhook]
        do {
            claimed = try await inbox.claimDue(
                owner: owner, limit: configuration.batchSize,
                leaseSeconds: configuration.leaseSeconds)
        } catch {
            logger.warning("webhook inbox claim failed", metadata: ["error": "\(error)"])
            return WebhookTickSummary()
        }
        return await withTaskGroup(of: WebhookOutcome.self) { group in
            for event in claimed { group.addTask { await process(event) } }
            var summary = WebhookTickSummary()
            for await outcome in group { summary.count(outcome) }
            return summary
        }
    }
}
