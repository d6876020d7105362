import OrderDomain

/// The catalog's SQL as synchronous functions over a connection, so they compose inside
/// any `pool.withTransaction { conn in ... }`, including an order's own transaction.
public enum CatalogSQL {
    /// The `products` columns every read selects, in `decodeProduct` order.
    static let productColumns = "sku, name, description, active, stock"

    /// Inserts `product` and its prices; throws `sku_exists` when the SKU is taken.
    public static func insert(_ conn: PostgresConnection, _ product: Product) throws -> Product {
        do {
            try conn.query(
                "INSERT INTO products (sku, name, description, active, stock) VALUES ($1, $2, $3, $4, $5)",
                [product.sku, product.name, product.description, product.active, product.stock])
        } catch PostgresError.uniqueViolation(constraint: "products_pkey") {
            throw CatalogErrors.skuExists(product.sku)
        }
        try insertPrices(conn, sku: product.sku, prices: product.prices)
        return product
    }

    /// Stores every field of `product` (found by SKU) and replaces its price list.
    public static func save(_ conn: PostgresConnection, _ product: Product) throws {
        let updated = try conn.query(
            "UPDATE products SET name = $2, description = $3, active = $4, stock = $5, updated_at = now() WHERE sku = $1",
            [product.sku, product.name, product.description, product.active, product.stock])
        guard updated.affectedRows == 1 else { throw CatalogErrors.productNotFound(product.sku) }
        try conn.query("DELETE FROM product_prices WHERE sku = $1", [product.sku])
        try insertPrices(conn, sku: product.sku, prices: product.prices)
    }

    /// The product with `sku`; with `lock`, its row stays locked until the transaction ends.
    public static func product(_ conn: PostgresConnection, sku: String, lock: Bool = false) throws -> Product? {
        let rows = try conn.query(
            "SELECT \(productColumns) FROM products WHERE sku = $1" + (lock ? " FOR UPDATE" : ""), [sku])
        guard let row = rows.first else { return nil }
        let prices = try conn.query("SELECT sku, currency, unit_amount FROM product_prices WHERE sku = $1", [sku])
        return try decodeProduct(row, prices: try decodePrices(prices)[sku] ?? [])
    }

    /// Every product ordered by SKU, only active ones when `activeOnly`.
    public static func products(_ conn: PostgresConnection, activeOnly: Bool) throws -> [Product] {
        let filter = activeOnly ? " WHERE active" : ""
        let rows = try conn.query("SELECT \(productColumns) FROM products\(filter) ORDER BY sku")
        let prices = try decodePrices(
            try conn.query(
                "SELECT pp.sku, pp.currency, pp.unit_amount FROM product_prices pp JOIN products p USING (sku)\(filter)"))
        return try rows.map { try decodeProduct($0, prices: prices[try $0.decode("sku", as: String.self)] ?? []) }
    }

    /// Inserts one `product_prices` row per price.
    static func insertPrices(_ conn: PostgresConnection, sku: String, prices: [Money]) throws {
        for price in prices {
            try conn.query(
                "INSERT INTO product_prices (sku, currency, unit_amount) VALUES ($1, $2, $3)",
                [sku, price.currency.code, price.amount])
        }
    }

    /// A product from a `productColumns` row and its prices.
    static func decodeProduct(_ row: PostgresRow, prices: [Money]) throws -> Product {
        Product(
            sku: try row.decode("sku"), name: try row.decode("name"), description: try row.decode("description"),
            active: try row.decode("active"), stock: try row.decodeIfPresent("stock"), prices: prices)
    }

    /// `product_prices` rows grouped by SKU.
    static func decodePrices(_ rows: PostgresRows) throws -> [String: [Money]] {
        var bySKU = [String: [Money]]()
        for row in rows {
            let code: String = try row.decode("currency")
            guard let currency = Currency(code: code) else {
                throw PostgresError.decoding(column: "currency", message: "not an ISO-4217 code")
            }
            bySKU[try row.decode("sku"), default: []].append(Money(amount: try row.decode("unit_amount"), currency: currency))
        }
        return bySKU
    }
}
