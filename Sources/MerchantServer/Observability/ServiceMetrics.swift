import HTTPAPI
import Logging
import Metrics
import PostgresStore
import Prometheus
import Synchronization
import WooshPayGateway

/// The metrics of one service process: a Prometheus registry, the swift-metrics factory
/// recording into it (HTTP middleware, WooshPay adapter, webhook route and processor), and
/// the gauges refreshed from the pool and the database at each scrape.
///
/// `merchant serve` makes one and bootstraps `MetricsSystem` with its factory; tests make
/// their own (the default of `buildApplication`), so nothing depends on the global
/// bootstrap and parallel tests never share counters.
public struct ServiceMetrics: Sendable {
    /// Where every family lives; `/metrics` renders it.
    public let registry: PrometheusCollectorRegistry
    /// swift-metrics' view of `registry`, with this service's histogram buckets.
    public let factory: PrometheusMetricsFactory

    /// A registry (a fresh one by default) and its factory.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            HTTPMetricNames.duration: [
                .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
                .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                .milliseconds(500), .seconds(1), .microseconds(2_500_000), .seconds(5),
                .seconds(10), .seconds(30),
            ],
            GatewayMetrics.durationName: [
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .microseconds(2_500_000),
                .seconds(5), .seconds(10), .seconds(30), .seconds(60),
            ],
        ]
        self.registry = registry
        self.factory = factory
    }

    /// The `/metrics` body: the pool and database gauges refreshed (the database part
    /// bounded by `databaseTimeout`; when it cannot be read, `merchant_scrape_database_ok`
    /// is 0 and those gauges keep their last values), then the whole registry.
    public func exposition(pool: PostgresPool, databaseTimeout: Duration = .seconds(2), logger: Logger? = nil) async -> [UInt8] {
        let usage = pool.usage
        gauge(Names.poolConnections, ["state": "in_use"]).set(Double(usage.inUse))
        gauge(Names.poolConnections, ["state": "idle"]).set(Double(usage.idle))
        gauge(Names.poolSize).set(Double(usage.size))
        gauge(Names.poolWaiting).set(Double(usage.waiting))
        let gauges = PostgresOperationalGauges(pool: pool)
        let milliseconds = Int(databaseTimeout.components.seconds * 1000 + databaseTimeout.components.attoseconds / 1_000_000_000_000_000)
        let result = await Self.first(within: databaseTimeout) { () -> Result<OperationalSnapshot, any Error> in
            do { return .success(try await gauges.read(timeoutMilliseconds: milliseconds)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let snapshot)?:
            record(snapshot)
            gauge(Names.databaseOK).set(1.0)
        case .failure(let error)?:
            logger?.warning("metrics: the database gauges could not be read", metadata: ["error": "\(error)"])
            gauge(Names.databaseOK).set(0.0)
        case nil:
            logger?.warning("metrics: the database gauges were not read in time", metadata: ["timeout": "\(databaseTimeout)"])
            gauge(Names.databaseOK).set(0.0)
        }
        return registry.emitToBuffer()
    }

    /// Sets the database gauges from `snapshot`.
    func record(_ snapshot: OperationalSnapshot) {
        for (status, count) in snapshot.openAttempts { gauge(Names.attemptsOpen, ["status": status]).set(Double(count)) }
        for (status, age) in snapshot.oldestOpenAttemptAgeSeconds { gauge(Names.attemptsOldestAge, ["status": status]).set(age) }
        for (queue, lag) in snapshot.syncLagSeconds { gauge(Names.syncLag, ["queue": queue]).set(lag) }
        for (status, count) in snapshot.outbox { gauge(Names.outbox, ["status": status]).set(Double(count)) }
        gauge(Names.outboxOldestAge).set(snapshot.outboxOldestPendingAgeSeconds)
        for (status, count) in snapshot.inbox { gauge(Names.inbox, ["status": status]).set(Double(count)) }
        gauge(Names.inboxOldestAge).set(snapshot.inboxOldestAgeSeconds)
        for (status, count) in snapshot.openDisputes { gauge(Names.disputesOpen, ["status": status]).set(Double(count)) }
        gauge(Names.disputesDueSoon).set(Double(snapshot.disputesEvidenceDueSoon))
    }

    /// A gauge family with its help text (the same each time, as the registry requires).
    private func gauge(_ family: (name: String, help: String), _ labels: KeyValuePairs<String, String> = [:]) -> Prometheus.Gauge {
        labels.isEmpty
            ? registry.makeGauge(name: family.name, help: family.help)
            : registry.makeGauge(name: family.name, labels: labels.map { ($0.key, $0.value) }, help: family.help)
    }

    /// The scrape-time gauge families.
    enum Names {
        static let attemptsOpen = (
            name: "merchant_payment_attempts_open",
            help: "Open (unsettled) payment attempts by status."
        )
        static let attemptsOldestAge = (
            name: "merchant_payment_attempts_oldest_open_age_seconds",
            help: "Seconds since the oldest open payment attempt of each status was created (0 when none)."
        )
        static let syncLag = (
            name: "merchant_sync_lag_seconds",
            help:
                "Seconds the most overdue next_sync_at of each poller queue (payment_attempts, refunds, disputes) is past now (0 when none is overdue)."
        )
        static let outbox = (
            name: "merchant_outbox_notifications",
            help: "Merchant notifications by outbox status: pending (to deliver or retry), failed (given up)."
        )
        static let outboxOldestAge = (
            name: "merchant_outbox_oldest_pending_age_seconds",
            help: "Seconds since the oldest pending merchant notification was written (0 when none)."
        )
        static let inbox = (
            name: "merchant_webhook_inbox_events",
            help: "WooshPay webhook events waiting in the inbox: received (not processed yet), failed (to retry)."
        )
        static let inboxOldestAge = (
            name: "merchant_webhook_inbox_oldest_age_seconds",
            help: "Seconds since the oldest waiting webhook event was received (0 when none)."
        )
        static let disputesOpen = (
            name: "merchant_disputes_open",
            help: "Open disputes (chargebacks) by status: needs_response, under_review."
        )
        static let disputesDueSoon = (
            name: "merchant_disputes_evidence_due_soon",
            help: "Disputes needing a response whose evidence is due within 48 hours or overdue."
        )
        static let poolConnections = (
            name: "merchant_db_pool_connections",
            help: "PostgreSQL pool connections by state: in_use, idle."
        )
        static let poolSize = (name: "merchant_db_pool_size", help: "PostgreSQL pool size (DATABASE_POOL_SIZE).")
        static let poolWaiting = (
            name: "merchant_db_pool_waiting",
            help: "Callers waiting for a PostgreSQL pool connection (the pool is saturated)."
        )
        static let databaseOK = (
            name: "merchant_scrape_database_ok",
            help: "1 when this scrape read the database gauges, 0 when it could not (they keep their last values)."
        )
    }

    /// `work`'s result, or nil when it takes longer than `timeout`. Unlike a task group,
    /// this does not wait for `work` to finish after the deadline (a saturated pool must not
    /// hold the scrape).
    static func first<T: Sendable>(within timeout: Duration, _ work: @escaping @Sendable () async -> T?) async -> T? {
        let resumed = Mutex(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let claim: @Sendable () -> Bool = {
                resumed.withLock { done in
                    defer { done = true }
                    return !done
                }
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if claim() { continuation.resume(returning: nil) }
            }
            Task {
                let value = await work()
                if claim() {
                    timer.cancel()
                    continuation.resume(returning: value)
                }
            }
        }
    }
}
