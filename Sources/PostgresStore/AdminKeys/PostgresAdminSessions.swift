import CryptoPrimitives
import OrderDomain

/// Back-office sessions in `admin_sessions`: the token's SHA-256 only, the key it acts as,
/// when it was last used. Opening one is audited as `session.opened` by the key's name.
public struct PostgresAdminSessions: AdminSessionStore {
    let pool: PostgresPool

    /// Creates the store over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// See `AdminSessionStore.open`.
    public func open(for identity: AdminIdentity, requestID: String?) async throws -> AdminSession {
        let token = "ms_" + Hex.encode(Crypto.randomBytes(32))
        try await pool.withTransaction { conn in
            try conn.query("INSERT INTO admin_sessions (token_hash, key_id) VALUES ($1, $2)", [Crypto.sha256Hex(token), identity.keyID])
            try PostgresAdminAudit.insert(
                conn,
                AdminAuditEntry(
                    actor: AdminActor(name: identity.name, role: identity.role, requestID: requestID), action: "session.opened",
                    target: identity.keyID, before: nil, after: nil))
        }
        return AdminSession(token: token, csrfToken: Self.csrf(token), identity: identity)
    }

    /// See `AdminSessionStore.resume`: one statement checks and touches it, so a revoked
    /// key or an idle session stops at once on every replica.
    public func resume(_ token: String, idleSeconds: Int64) async throws -> AdminSession? {
        guard AdminSession.isWellFormed(token) else { return nil }
        let identity = try await pool.withConnection { conn in
            try conn.query(
                """
                UPDATE admin_sessions s SET last_seen_at = now()
                FROM api_keys k
                WHERE s.token_hash = $1 AND k.id = s.key_id AND s.ended_at IS NULL AND k.revoked_at IS NULL
                  AND s.last_seen_at > now() - make_interval(secs => $2)
                  AND s.created_at > now() - make_interval(secs => $3)
                RETURNING k.id, k.name, k.role
                """, [Crypto.sha256Hex(token), Double(idleSeconds), Double(AdminSession.maxLifetimeSeconds)]
            ).first.map { row in
                AdminIdentity(keyID: try row.decode("id"), name: try row.decode("name"), role: try AdminKeyStore.role(row))
            }
        }
        return identity.map { AdminSession(token: token, csrfToken: Self.csrf(token), identity: $0) }
    }

    /// See `AdminSessionStore.end`.
    public func end(_ token: String) async throws {
        guard AdminSession.isWellFormed(token) else { return }
        try await pool.withConnection { conn in
            _ = try conn.query("UPDATE admin_sessions SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL", [Crypto.sha256Hex(token)])
        }
    }

    /// Deletes sessions that can no longer be used (ended, or past the 12 h lifetime) and
    /// are a day older than that; the sign-in stays in `admin_audit`. Returns the count.
    public func purgeDead() async throws -> Int {
        try await pool.withConnection { conn in
            try conn.query(
                """
                DELETE FROM admin_sessions
                WHERE coalesce(ended_at, created_at + make_interval(secs => $1)) < now() - interval '1 day'
                """, [Double(AdminSession.maxLifetimeSeconds)]
            ).affectedRows
        }
    }

    /// The CSRF token of a session token: a one-way derivation (SHA-256 of a labelled
    /// token), so it is the same on every replica and reveals nothing of the session.
    static func csrf(_ token: String) -> String {
        Crypto.sha256Hex("merchant admin csrf v1:" + token)
    }
}
