import CryptoPrimitives
import Foundation
import OrderDomain

/// Row <-> domain conversions shared by the order queries.
enum OrderRows {
    static let columns = """
        id, status, currency, total_amount, refunded_amount, customer_email, customer_name, metadata::text AS metadata,
        extract(epoch FROM created_at)::bigint AS created_epoch, extract(epoch FROM expires_at)::bigint AS expires_epoch,
        payment_failures
        """

    static func order(_ row: PostgresRow, lines: [PricedLine]) throws -> Order {
        let code: String = try row.decode("currency")
        let status: String = try row.decode("status")
        guard let currency = Currency(code: code), let orderStatus = OrderStatus(rawValue: status) else {
            throw PostgresError.decoding(column: "status/currency", message: "unexpected value")
        }
        var order = Order(
            id: try row.decode("id"), status: orderStatus, currency: currency, lines: lines,
            total: Money(amount: try row.decode("total_amount"), currency: currency),
            refunded: Money(amount: try row.decode("refunded_amount"), currency: currency),
            customerEmail: try row.decode("customer_email"), customerName: try row.decodeIfPresent("customer_name"),
            metadata: try dictionary(try row.decode("metadata")),
            createdAt: try row.decode("created_epoch"), expiresAt: try row.decode("expires_epoch"))
        order.paymentFailures = try row.decode("payment_failures")
        return order
    }

    /// Whether `clientToken` is the order's token: its SHA-256 against the stored hash, in
    /// constant time (the row must select `client_token_hash`).
    static func tokenMatches(_ row: PostgresRow, clientToken: String) throws -> Bool {
        guard let stored = Hex.decode(try row.decode("client_token_hash", as: String.self)) else { return false }
        return Crypto.constantTimeEquals(stored, Crypto.sha256(Array(clientToken.utf8)))
    }

    static func lines(_ conn: PostgresConnection, orderID: String) throws -> [PricedLine] {
        try conn.query(
            "SELECT sku, name, unit_amount, quantity, amount, stock_tracked FROM order_items WHERE order_id = $1 ORDER BY line",
            [orderID]
        ).map { row in
            PricedLine(
                sku: try row.decode("sku"), name: try row.decode("name"), unitAmount: try row.decode("unit_amount"),
                quantity: try row.decode("quantity"), amount: try row.decode("amount"), stockTracked: try row.decode("stock_tracked"))
        }
    }

    /// A JSON object of strings, keys sorted, written by hand: every audit event and order
    /// metadata goes through here, and JSONSerialization cost several per cent of a settlement.
    static func json(_ dictionary: [String: String]) throws -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in dictionary.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONString.append(dictionary[key] ?? "", to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func dictionary(_ json: String) throws -> [String: String] {
        (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]) ?? [:]
    }

    /// Takes the order's tracked units again after its hold lapsed, all or nothing: `false`
    /// (and nothing changed) when any SKU has too few left. Locks product rows in SKU order,
    /// as placing an order does.
    static func retakeStock(_ tx: PostgresConnection, orderID: String) throws -> Bool {
        let needed = """
            (SELECT sku, sum(quantity)::integer AS quantity FROM order_items WHERE order_id = $1 AND stock_tracked GROUP BY sku)
            """
        let rows = try tx.query(
            """
            SELECT p.stock, i.quantity FROM products p JOIN \(needed) i ON p.sku = i.sku ORDER BY p.sku FOR UPDATE OF p
            """, [orderID])
        for row in rows {
            if let stock: Int = try row.decodeIfPresent("stock"), stock < (try row.decode("quantity", as: Int.self)) { return false }
        }
        try tx.query(
            """
            UPDATE products p SET stock = p.stock - i.quantity, updated_at = now() FROM \(needed) i
            WHERE p.sku = i.sku AND p.stock IS NOT NULL
            """, [orderID])
        return true
    }

    /// Gives an order's reserved units back to stock (the caller holds the order's row
    /// lock, has checked `stock_reserved` and clears it). Product rows are locked in SKU
    /// order, as order placement locks them, so the two wait for each other instead of
    /// deadlocking.
    static func releaseStock(_ tx: PostgresConnection, orderID: String) throws {
        try tx.query(
            """
            SELECT sku FROM products WHERE sku IN (SELECT sku FROM order_items WHERE order_id = $1 AND stock_tracked)
            ORDER BY sku FOR UPDATE
            """, [orderID])
        // Summed per SKU: UPDATE ... FROM applies only one match per product row.
        try tx.query(
            """
            UPDATE products p SET stock = p.stock + i.quantity, updated_at = now()
            FROM (SELECT sku, sum(quantity)::integer AS quantity FROM order_items
                  WHERE order_id = $1 AND stock_tracked GROUP BY sku) i
            WHERE p.sku = i.sku AND p.stock IS NOT NULL
            """, [orderID])
    }
}
