import OrderDomain

/// The append-only `admin_audit` table (migration 0016 refuses UPDATE, DELETE and TRUNCATE
/// of its rows, even to the table's owner).
public struct PostgresAdminAudit: AdminAuditLog {
    private let pool: PostgresPool

    /// Creates the log over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Appends `entry` in a transaction of its own.
    public func record(_ entry: AdminAuditEntry) async throws {
        try await pool.withConnection { conn in try Self.insert(conn, entry) }
    }

    /// Appends `entry` inside the caller's transaction, so the row exists exactly when the
    /// change it describes does.
    public static func insert(_ conn: PostgresConnection, _ entry: AdminAuditEntry) throws {
        try conn.query(
            """
            INSERT INTO admin_audit (actor, role, action, target, before, after, request_id)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)
            """,
            [
                entry.actor.name, entry.actor.role?.rawValue, entry.action, entry.target,
                entry.before, entry.after, entry.actor.requestID,
            ])
    }
}
