import HTTPAPI
import Hummingbird
import OrderDomain
import PostgresStore

/// Wires the admin operations under `/v1/admin` (already guarded by the admin key):
/// orders list and detail, the webhook inbox, the notification outbox, reconciliation, disputes, and the operations that move
/// money (refunds, capture, cancel and void, force sync).
func registerAdminOperations(on admin: RouterGroup<AppContext>, pool: PostgresPool, payments: PaymentServices) {
    AdminOrderRoutes(orders: PostgresBackOfficeOrders(pool: pool)).register(on: admin)
    AdminWebhookRoutes(events: PostgresWebhookInbox(pool: pool)).register(on: admin)
    AdminNotificationRoutes(store: PostgresNotificationStore(pool: pool)).register(on: admin)
    AdminReconciliationRoutes(reconciler: payments.reconciler(pool: pool)).register(on: admin)
    OperationsRoutes(operations: payments.operations, store: payments.operationsStore).registerAdmin(on: admin)
    AdminDisputeRoutes(store: payments.disputes, desk: payments.disputeDesk).register(on: admin)
}

extension PaymentServices {
    /// Reconciliation over this process's sync path (the configured timeout and retries) and
    /// its dispute store and endpoints,
    /// as the admin API and `merchant reconcile` run it.
    public func reconciler(pool: PostgresPool) -> Reconciler {
        Reconciler(
            synchronizer: synchronizer, reviews: PostgresReconciliationStore(pool: pool),
            disputes: disputeGateway.map { (disputes, $0) })
    }
}
