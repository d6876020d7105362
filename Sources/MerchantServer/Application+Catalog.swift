import HTTPAPI
import Hummingbird
import PostgresStore

/// Wires the catalog (public product list, admin product management) and admin-key
/// authentication into the router.
func registerCatalog(on router: Router<AppContext>, configuration: ServerConfiguration, pool: PostgresPool) {
}
