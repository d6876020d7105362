import HTTPAPI
import Hummingbird
import PostgresStore

/// Wires the admin operations that move money under `/v1/admin` (already guarded by the
/// admin key): refunds, capture, cancel and void, force sync.
func registerMoneyOperations(on admin: RouterGroup<AppContext>, configuration: ServerConfiguration, pool: PostgresPool,
                             payments: PaymentServices) {
    _ = (configuration, pool)
    OperationsRoutes(operations: payments.operations, store: payments.operationsStore).registerAdmin(on: admin)
}
