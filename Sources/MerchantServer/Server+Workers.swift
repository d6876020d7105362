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
        _ = (configuration, pool, payments, logger)
        services.append(payments.webhookProcessor(settlement: configuration.settlement, pool: pool, logger: logger))
        services.append(SyncPoller(queue: PostgresSyncQueue(pool: pool),
                                   operations: SyncOperations(synchronizer: payments.synchronizer, gateway: payments.gateway),
                                   settings: configuration.settlement, logger: logger))
        return services
    }
}
