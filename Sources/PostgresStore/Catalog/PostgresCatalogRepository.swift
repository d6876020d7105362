import OrderDomain

/// `CatalogRepository` over PostgreSQL: each call is one short transaction on the pool.
public struct PostgresCatalogRepository: CatalogRepository {
    private let pool: PostgresPool

    /// Creates the repository over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Inserts the product and its prices, and its `product.created` audit row, in one
    /// transaction.
    public func create(_ product: Product, by actor: AdminActor) async throws -> Product {
        try await pool.withTransaction { conn in
            let created = try CatalogSQL.insert(conn, product)
            try PostgresAdminAudit.insert(
                conn,
                AdminAuditEntry(
                    actor: actor, action: "product.created", target: created.sku,
                    before: nil, after: CatalogSQL.auditJSON(created)))
            return created
        }
    }

    /// The product with `sku`, or `nil`.
    public func product(sku: String) async throws -> Product? {
        try await pool.withConnection { conn in try CatalogSQL.product(conn, sku: sku) }
    }

    /// Products ordered by SKU; only active ones when `activeOnly`.
    public func products(activeOnly: Bool) async throws -> [Product] {
        // One transaction, so products and prices come from the same snapshot.
        try await pool.withTransaction { conn in
            try conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return try CatalogSQL.products(conn, activeOnly: activeOnly)
        }
    }

    /// Locks the row, applies `change`, saves it and appends the audit row (`action`, with
    /// the product before and after), all in one transaction; no change, no row.
    public func update(
        sku: String, by actor: AdminActor, action: String,
        _ change: @escaping @Sendable (Product) throws(DomainError) -> Product
    ) async throws -> Product {
        try await pool.withTransaction { conn in
            guard let current = try CatalogSQL.product(conn, sku: sku, lock: true) else {
                throw CatalogErrors.productNotFound(sku)
            }
            let updated = try change(current)
            guard updated != current else { return current }
            try CatalogSQL.save(conn, updated)
            try PostgresAdminAudit.insert(
                conn,
                AdminAuditEntry(
                    actor: actor, action: action, target: sku,
                    before: CatalogSQL.auditJSON(current),
                    after: CatalogSQL.auditJSON(updated)))
            return updated
        }
    }
}
