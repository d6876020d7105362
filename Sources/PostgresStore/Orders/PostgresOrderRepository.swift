import CryptoPrimitives
import Foundation
import OrderDomain

/// Orders in PostgreSQL.
public struct PostgresOrderRepository: OrderRepository {
    private let pool: PostgresPool

    /// Creates the repository over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// See `OrderRepository.place`.
    public func place(_ command: PlaceOrderCommand, currency: Currency, lifetimeSeconds: Int64) async throws -> PlacedOrder {
        let id = Crypto.randomToken(prefix: "ord_", byteCount: 12)
        let token = Crypto.randomToken(prefix: "otok_", byteCount: 24)
        let tokenHash = Crypto.sha256Hex(token)
        let metadata = try OrderRows.json(command.metadata)
        let order = try await pool.withTransaction { tx -> Order in
            // Locks the product rows in SKU order, so the stock check below cannot be raced.
            let catalog = try CatalogSQL.pricesForUpdate(tx, skus: command.items.map(\.sku), currency: currency)
            let (lines, total) = try OrderPricing.price(command.items, currency: currency, catalog: catalog)
            for line in lines where line.stockTracked {
                let updated = try tx.query("UPDATE products SET stock = stock - $2 WHERE sku = $1 AND stock >= $2", [line.sku, line.quantity])
                // Cannot fail under the row lock, but a zero here must never become an oversell.
                guard updated.affectedRows == 1 else {
                    throw DomainError(.conflict, code: "out_of_stock", message: "Not enough \(line.sku) in stock.", param: "items")
                }
            }
            let inserted = try tx.query("""
                INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, customer_name,
                                    metadata, client_token_hash, stock_reserved, expires_at)
                VALUES ($1, 'awaiting_payment', $2, $3, $3, $4, $5, $6::jsonb, $7, $8, now() + make_interval(secs => $9))
                RETURNING \(OrderRows.columns)
                """, [id, currency.code, total.amount, command.customerEmail, command.customerName, metadata, tokenHash,
                      lines.contains { $0.stockTracked }, lifetimeSeconds])
            for (i, line) in lines.enumerated() {
                try tx.query("""
                    INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [id, i + 1, line.sku, line.name, line.unitAmount, line.quantity, line.amount, line.stockTracked])
            }
            try tx.query("INSERT INTO order_events (order_id, type, cause, data) VALUES ($1, 'order.created', 'api', $2::jsonb)",
                         [id, try OrderRows.json(["total": String(total.amount), "currency": currency.code])])
            guard let row = inserted.first else { throw PostgresError.decoding(column: "orders", message: "insert returned no row") }
            return try OrderRows.order(row, lines: lines)
        }
        return PlacedOrder(order: order, clientToken: token)
    }

    /// See `OrderRepository.order(id:clientToken:)`.
    public func order(id: String, clientToken: String) async throws -> Order? {
        try await pool.withConnection { conn -> Order? in
            guard let row = try conn.query("SELECT \(OrderRows.columns), client_token_hash FROM orders WHERE id = $1", [id]).first,
                  try OrderRows.tokenMatches(row, clientToken: clientToken)
            else { return nil }
            return try OrderRows.order(row, lines: try OrderRows.lines(conn, orderID: id))
        }
    }
}
