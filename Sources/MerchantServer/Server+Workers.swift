import Logging
import Metrics
import OrderDomain
import PostgresStore
import ServiceLifecycle
import Workers

/// The background services every replica runs next to the HTTP server. Each claims its
/// work through PostgreSQL leases, so any number of replicas can run them.
public enum Worker: String, CaseIterable, Sendable {
    /// The webhook inbox processor.
    case webhooks
    /// The sync poller (open attempts, expiry, lapsed stock holds).
    case sync
    /// The refund poller.
    case refunds
    /// The dispute poller (re-reads open disputes).
    case disputes
    /// The notification deliverer.
    case notifications
    /// Retention and expiry purges.
    case housekeeping
}

extension PaymentServices {
    /// The workers in `selection`, built over this graph (`merchant serve` runs them all;
    /// a test runs the ones it is about); the webhook processor records into `metrics`.
    public func workers(
        _ selection: Set<Worker> = Set(Worker.allCases), configuration: ServerConfiguration,
        pool: PostgresPool, logger: Logger, metrics: any MetricsFactory = MetricsSystem.factory
    ) -> [any Service] {
        Worker.allCases.filter(selection.contains).map { worker -> any Service in
            switch worker {
            case .webhooks: webhookProcessor(settlement: configuration.settlement, pool: pool, logger: logger).recordingMetrics(to: metrics)
            case .sync: syncPoller(settings: configuration.settlement, pool: pool, logger: logger)
            case .refunds:
                RefundPoller(queue: operationsStore, settings: configuration.settlement, logger: logger) {
                    try await operations.syncRefund(id: $0, cause: .poll)
                }
            case .disputes:
                DisputePoller(
                    settings: configuration.settlement, logger: logger,
                    claim: { [disputes] limit, lease in try await disputes.claimDue(limit: limit, leaseSeconds: lease) },
                    sync: { try await syncDispute($0, cause: .poll) })
            case .notifications:
                NotificationDeliverer(
                    queue: PostgresNotificationStore(pool: pool), settings: configuration.notifications.settings,
                    logger: logger, send: configuration.notifications.sender())
            case .housekeeping: Server.housekeeping(pool: pool, retentionDays: configuration.retentionDays, logger: logger)
            }
        }
    }

    /// The sync poller over this graph's synchronizer and gateway, claiming as `settings` say.
    public func syncPoller(settings: SettlementSettings, pool: PostgresPool, logger: Logger) -> SyncPoller {
        SyncPoller(
            queue: PostgresSyncQueue(pool: pool), operations: SyncOperations(synchronizer: synchronizer, gateway: gateway),
            settings: settings, logger: logger)
    }
}

extension Server {
    /// Deletes what is past its retention: Idempotency-Key records after 24 h; stream
    /// tickets never used once they expire (60 s); rate-limit rows whose allowance is whole
    /// again (they mean the same as no row); back-office sessions a day after they died; processed webhook events and delivered
    /// notifications after `retentionDays` (`RETENTION_DAYS`).
    public static func housekeeping(pool: PostgresPool, retentionDays: Int = 90, logger: Logger) -> Housekeeping {
        let idempotency = PostgresIdempotencyStore(pool: pool)
        let retention = PostgresRetention(pool: pool)
        let tickets = PostgresStreamTickets(pool: pool)
        let limiter = PostgresRateLimiter(pool: pool)
        return Housekeeping(
            jobs: [
                .init(name: "idempotency_keys") { try await idempotency.purgeExpired(olderThanSeconds: 24 * 3600) },
                .init(name: "stream_tickets") { try await tickets.purgeExpired() },
                .init(name: "rate_limits") { try await limiter.purgeRested() },
                .init(name: "admin_sessions") { try await PostgresAdminSessions(pool: pool).purgeDead() },
                .init(name: "webhook_events") { try await retention.purgeProcessedWebhookEvents(olderThanDays: retentionDays) },
                .init(name: "notifications") { try await retention.purgeDeliveredNotifications(olderThanDays: retentionDays) },
            ], logger: logger)
    }
}
