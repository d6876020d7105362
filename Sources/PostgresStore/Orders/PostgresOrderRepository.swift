import CryptoPrimitives
import Foundation
import OrderDomain

/// Orders in PostgreSQL.
public struct PostgresOrderRepository: OrderRepository {
    private let pool: PostgresPool
    private let stockHoldSeconds: Int64

    /// Creates the repository over `pool`; placed orders hold their tracked stock for
    /// `stockHoldSeconds` (`STOCK_HOLD`).
    public init(pool: PostgresPool, stockHoldSeconds: Int64 = 15 * 60) {
        self.pool = pool
        self.stockHoldSeconds = stockHoldSeconds
    }

    /// See `OrderRepository.place`.
    public func place(
        _ command: PlaceOrderCommand, currency: Currency, lifetimeSeconds: Int64,
        claim: IdempotencyClaim?
    ) async throws -> PlacedOrder {
        let id = Crypto.randomToken(prefix: "ord_", byteCount: 12)
        let token = Crypto.randomToken(prefix: "otok_", byteCount: 24)
        let tokenHash = Crypto.sha256Hex(token)
        let metadata = try OrderRows.json(command.metadata)
        let order = try await pool.withTransaction { tx -> Order in
            let requestKey = claim?.reference
            if let claim, claim.resumed, let placed = try Self.placedBefore(tx, requestKey: claim.reference, tokenHash: tokenHash) {
                return placed
            }
            // Locks the product rows in SKU order, so the stock check below cannot be raced.
            let catalog = try CatalogSQL.pricesForUpdate(tx, skus: command.items.map(\.sku), currency: currency)
            let (lines, total) = try OrderPricing.price(command.items, currency: currency, catalog: catalog)
            for line in lines where line.stockTracked {
                let updated = try tx.query("UPDATE products SET stock = stock - $2 WHERE sku = $1 AND stock >= $2", [line.sku, line.quantity])
                // Cannot fail under the row lock, but a zero here must never become an oversell.
                guard updated.affectedRows == 1 else {
                    throw DomainError.outOfStock(sku: line.sku, param: "items")
                }
            }
            let inserted = try tx.query(
                """
                INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, customer_name,
                                    metadata, client_token_hash, stock_reserved, expires_at, request_key, stock_held_until)
                VALUES ($1, 'awaiting_payment', $2, $3, $3, $4, $5, $6::jsonb, $7, $8, now() + make_interval(secs => $9), $10,
                        CASE WHEN $8 THEN now() + make_interval(secs => least($11, $9)) END)
                RETURNING \(OrderRows.columns)
                """,
                [
                    id, currency.code, total.amount, command.customerEmail, command.customerName, metadata, tokenHash,
                    lines.contains { $0.stockTracked }, lifetimeSeconds, requestKey, stockHoldSeconds,
                ])
            for (i, line) in lines.enumerated() {
                try tx.query(
                    """
                    INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [id, i + 1, line.sku, line.name, line.unitAmount, line.quantity, line.amount, line.stockTracked])
            }
            try OrderLedger(tx, orderID: id, cause: .api).append(.orderCreated(total: total.amount, currency: currency.code))
            guard let row = inserted.first else { throw PostgresError.decoding(column: "orders", message: "insert returned no row") }
            return try OrderRows.order(row, lines: lines)
        }
        return PlacedOrder(order: order, clientToken: token)
    }

    /// The order an earlier run of the same keyed request placed (it died before its answer
    /// was stored), under a transaction lock on the key so two re-runs cannot both miss it.
    /// `requestKey` is the claim's reference, which only the same caller with the same key
    /// and body derives. Its token is replaced by `tokenHash`'s: the first token's answer
    /// was never stored, and this caller is the one who asked for it.
    static func placedBefore(_ tx: PostgresConnection, requestKey: String, tokenHash: String) throws -> Order? {
        try tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", ["orders.request_key \(requestKey)"])
        guard
            let row = try tx.query(
                """
                UPDATE orders SET client_token_hash = $2, updated_at = now()
                WHERE id = (SELECT id FROM orders WHERE request_key = $1
                              AND created_at > now() - make_interval(secs => $3) ORDER BY created_at DESC LIMIT 1)
                RETURNING \(OrderRows.columns)
                """, [requestKey, tokenHash, PostgresIdempotencyStore.defaultRetentionSeconds]
            ).first
        else { return nil }
        let order = try OrderRows.order(row, lines: try OrderRows.lines(tx, orderID: try row.decode("id", as: String.self)))
        try OrderLedger(tx, orderID: order.id, cause: .api).append(.orderCreateRepeated)
        return order
    }

    /// See `OrderRepository.tokenMatches(orderID:clientToken:)`.
    public func tokenMatches(orderID: String, clientToken: String) async throws -> Bool {
        try await pool.withConnection { conn -> Bool in
            guard let row = try conn.query("SELECT client_token_hash FROM orders WHERE id = $1", [orderID]).first else { return false }
            return try OrderRows.tokenMatches(row, clientToken: clientToken)
        }
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

    /// See `OrderRepository.order(id:)`.
    public func order(id: String) async throws -> Order? {
        try await pool.withConnection { conn -> Order? in
            guard let row = try conn.query("SELECT \(OrderRows.columns) FROM orders WHERE id = $1", [id]).first else { return nil }
            return try OrderRows.order(row, lines: try OrderRows.lines(conn, orderID: id))
        }
    }
}
