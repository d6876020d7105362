import Logging
import PostgresStore
import ServiceLifecycle
import Workers

extension Server {
    /// The background services every replica runs next to the HTTP server. Each claims
    /// its work through PostgreSQL leases, so any number of replicas can run them.
    static func workers(configuration: ServerConfiguration, pool: PostgresPool, payments: PaymentServices,
                        logger: Logger) -> [any Service] {
        var services: [any Service] = []
        services.append(payments.webhookProcessor(settlement: configuration.settlement, pool: pool, logger: logger))
        services.append(SyncPoller(queue: PostgresSyncQueue(pool: pool),
                                   operations: SyncOperations(synchronizer: payments.synchronizer, gateway: payments.gateway),
                                   settings: configuration.settlement, logger: logger))
        services.append(RefundPoller(queue: payments.operationsStore, settings: configuration.settlement, logger: logger) {
            try await payments.operations.syncRefund(id: $0, cause: "poll")
        })
        services.append(NotificationDeliverer(queue: PostgresNotificationStore(pool: pool), settings: configuration.notifications.settings,
                                              logger: logger, send: configuration.notifications.sender()))
        services.append(housekeeping(pool: pool, retentionDays: configuration.retentionDays, logger: logger))
        return services
    }

    /// Deletes what is past its retention: Idempotency-Key records after 24 h; stream
    /// tickets never used once they expire (60 s); rate-limit rows whose allowance is whole
    /// again (they mean the same as no row); processed webhook events and delivered
    /// notifications after `retentionDays` (`RETENTION_DAYS`).
    public static func housekeeping(pool: PostgresPool, retentionDays: Int = 90, logger: Logger) -> Housekeeping {
        let idempotency = PostgresIdempotencyStore(pool: pool)
        let retention = PostgresRetention(pool: pool)
        let tickets = PostgresStreamTickets(pool: pool)
        let limiter = PostgresRateLimiter(pool: pool)
        return Housekeeping(jobs: [
            .init(name: "idempotency_keys") { try await idempotency.purgeExpired(olderThanSeconds: 24 * 3600) },
            .init(name: "stream_tickets") { try await tickets.purgeExpired() },
            .init(name: "rate_limits") { try await limiter.purgeRested() },
            .init(name: "webhook_events") { try await retention.purgeProcessedWebhookEvents(olderThanDays: retentionDays) },
            .init(name: "notifications") { try await retention.purgeDeliveredNotifications(olderThanDays: retentionDays) },
        ], logger: logger)
    }
}
