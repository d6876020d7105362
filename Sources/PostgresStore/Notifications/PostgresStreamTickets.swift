import CryptoPrimitives
import OrderDomain

/// Stream tickets in the `stream_tickets` table: a SHA-256 of each ticket, its order and
/// expiry. Redeeming deletes the row, so a ticket opens one stream, on any replica.
public struct PostgresStreamTickets: StreamTicketStore {
    private let pool: PostgresPool

    /// Creates the store over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// See `StreamTicketStore.issue`.
    public func issue(orderID: String, lifetimeSeconds: Int) async throws -> StreamTicket {
        let ticket = Crypto.randomToken(prefix: "stkt_", byteCount: 24)
        _ = try await pool.withConnection { conn in
            try conn.query(
                "INSERT INTO stream_tickets (ticket_hash, order_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))",
                [Crypto.sha256Hex(ticket), orderID, lifetimeSeconds])
        }
        return StreamTicket(ticket: ticket, expiresInSeconds: lifetimeSeconds)
    }

    /// See `StreamTicketStore.redeem`.
    public func redeem(ticket: String, orderID: String) async throws -> Bool {
        try await pool.withConnection { conn in
            try conn.query(
                "DELETE FROM stream_tickets WHERE ticket_hash = $1 AND order_id = $2 AND expires_at > now()",
                [Crypto.sha256Hex(ticket), orderID]
            ).affectedRows == 1
        }
    }

    /// See `StreamTicketStore.purgeExpired`.
    public func purgeExpired() async throws -> Int {
        try await pool.withConnection { conn in
            try conn.query("DELETE FROM stream_tickets WHERE expires_at <= now()").affectedRows
        }
    }
}
