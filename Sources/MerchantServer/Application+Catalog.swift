import HTTPAPI
import Hummingbird
import Metrics
import PostgresStore

/// The admin route group: every route under `/v1/admin` requires an active admin key (or a
/// back-office session of one) whose role allows it, then runs a keyed POST at most once, and every change it makes is
/// appended to `admin_audit` (a replayed answer changes nothing, so it adds no row). The
/// middleware only guards routes added to this group, so public routes stay open.
func adminGroup(
    _ router: Router<AppContext>, pool: PostgresPool, metrics: any MetricsFactory,
    limit: AdminRateLimitMiddleware<AppContext>, sessions: AdminSessionGate
) -> RouterGroup<AppContext> {
    router.group("/v1/admin")
        .add(middleware: AdminAuthMiddleware(verifier: AdminKeyStore(pool: pool), sessions: sessions, metrics: metrics))
        .add(middleware: limit)
        .add(middleware: idempotency(.adminKey, pool))
        .add(middleware: AdminAuditMiddleware(log: PostgresAdminAudit(pool: pool)))
}

/// Wires the catalog: the public product list, and product management under `admin`.
func registerCatalog(
    on router: Router<AppContext>, admin: RouterGroup<AppContext>, configuration: ServerConfiguration,
    pool: PostgresPool
) {
    let routes = CatalogRoutes(repository: PostgresCatalogRepository(pool: pool), currencies: configuration.currencies)
    routes.registerPublic(on: router)
    routes.registerAdmin(on: admin)
}
