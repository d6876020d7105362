import OrderDomain

extension CatalogSQL {
    /// What order pricing needs for `skus` in `currency`, keyed by SKU, with each found
    /// product row locked (`FOR UPDATE`) until the caller's transaction ends, so the stock
    /// it reads cannot change before the order decrements it. Unknown SKUs are absent.
    ///
    /// Call it inside `pool.withTransaction`; the caller then decrements tracked stock with
    /// `UPDATE products SET stock = stock - $2 WHERE sku = $1 AND stock >= $2`.
    public static func pricesForUpdate(_ conn: PostgresConnection, skus: [String], currency: Currency) throws -> [String: CatalogEntry] {
        // Sorted and de-duplicated: every transaction then locks rows in the same order
        // (ORDER BY sku below), so two orders for the same products cannot deadlock.
        let unique = Array(Set(skus)).sorted()
        guard !unique.isEmpty else { return [:] }
        // One placeholder per SKU: values are always bound, never spliced into the SQL.
        let placeholders = unique.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        let rows = try conn.query(
            """
            SELECT p.sku, p.name, p.active, p.stock, pp.unit_amount
            FROM products p
            LEFT JOIN product_prices pp ON pp.sku = p.sku AND pp.currency = $1
            WHERE p.sku IN (\(placeholders))
            ORDER BY p.sku
            FOR UPDATE OF p
            """, [currency.code] + unique.map { $0 as (any PostgresBindable)? })
        var entries = [String: CatalogEntry]()
        for row in rows {
            let entry = CatalogEntry(
                sku: try row.decode("sku"), name: try row.decode("name"), active: try row.decode("active"),
                stock: try row.decodeIfPresent("stock"), unitAmount: try row.decodeIfPresent("unit_amount"))
            entries[entry.sku] = entry
        }
        return entries
    }
}
