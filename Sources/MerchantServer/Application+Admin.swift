import HTTPAPI
import Hummingbird
import OrderDomain
import PostgresStore

/// Wires the admin back-office reads and tools under `/v1/admin` (already guarded by the
/// admin key): orders list and detail, the webhook inbox, reconciliation.
func registerAdminOperations(on admin: RouterGroup<AppContext>, configuration: ServerConfiguration, pool: PostgresPool,
                             payments: PaymentServices) {
    AdminOrderRoutes(orders: PostgresBackOfficeOrders(pool: pool)).register(on: admin)
    AdminWebhookRoutes(events: PostgresWebhookInbox(pool: pool)).register(on: admin)
    AdminReconciliationRoutes(reconciler: payments.reconciler(pool: pool)).register(on: admin)
}

extension PaymentServices {
    /// Reconciliation over this process's sync path (the configured timeout and retries),
    /// as the admin API and `merchant reconcile` run it.
    public func reconciler(pool: PostgresPool) -> Reconciler {
        Reconciler(synchronizer: synchronizer, reviews: PostgresReconciliationStore(pool: pool))
    }
}
