import HTTPAPI
import Hummingbird
import PostgresStore

/// Wires the catalog (public product list, admin product management) and admin-key
/// authentication into the router.
func registerCatalog(on router: Router<AppContext>, configuration: ServerConfiguration, pool: PostgresPool) {
    let routes = CatalogRoutes(repository: PostgresCatalogRepository(pool: pool), currencies: configuration.currencies)
    routes.registerPublic(on: router)
    // The middleware only guards routes added to this group, so public routes stay open.
    let admin = router.group("/v1/admin").add(middleware: AdminAuthMiddleware(verifier: AdminKeyStore(pool: pool)))
    routes.registerAdmin(on: admin)
}
