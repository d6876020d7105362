import Foundation
import OrderDomain

/// The `api_keys` table: create, list, revoke and verify admin API keys.
public struct AdminKeyStore: AdminKeyVerifier {
    /// A key as listed: never its secret.
    public struct Record: Sendable, Equatable {
        /// `key_<16 hex>`.
        public var id: String
        /// Unique name (who or what uses the key).
        public var name: String
        /// What it may do.
        public var role: AdminRole
        /// When it was created.
        public var createdAt: Date
        /// When it was revoked, `nil` while it is active.
        public var revokedAt: Date?
    }

    /// What `revoke` did.
    public enum RevokeOutcome: Sendable, Equatable {
        /// The key was active and is now revoked.
        case revoked(id: String, name: String)
        /// The key had already been revoked; nothing changed.
        case alreadyRevoked(id: String, name: String)
        /// No key has this name or id.
        case notFound
    }

    /// The pool (internal so the `+Verify` extension can use it).
    let pool: PostgresPool

    /// Creates the store over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Creates a key named `name` with `role` and returns it: the only time its secret
    /// exists outside its owner's hands. Audited as `key.created` by `actor` in the same
    /// transaction. Throws `invalid_key_name` or `key_name_exists`.
    public func create(name: String, role: AdminRole, actor: AdminActor = .cli) async throws -> (record: Record, token: AdminKeyToken) {
        let name = try AdminKeyName.validated(name)
        let token = AdminKeySecrets.generate()
        let hash = AdminKeySecrets.hash(token.secret)
        let row = try await pool.withTransaction { conn in
            let row: PostgresRow?
            do {
                row = try conn.query(
                    "INSERT INTO api_keys (id, name, role, secret_hash) VALUES ($1, $2, $3, $4) RETURNING created_at",
                    [token.keyID, name, role.rawValue, hash]
                ).first
            } catch PostgresError.uniqueViolation(constraint: "api_keys_name_key") {
                throw DomainError.keyNameExists
            }
            // Never the secret nor its hash: the id, name and role say which key it was.
            try PostgresAdminAudit.insert(
                conn,
                AdminAuditEntry(
                    actor: actor, action: "key.created", target: token.keyID, before: nil,
                    after: try OrderRows.json(["name": name, "role": role.rawValue])))
            return row
        }
        let createdAt: Date = try row?.decode("created_at") ?? Date()
        return (Record(id: token.keyID, name: name, role: role, createdAt: createdAt, revokedAt: nil), token)
    }

    /// Every key, oldest first.
    public func list() async throws -> [Record] {
        try await pool.withConnection { conn in
            try conn.query("SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id").map { row in
                Record(
                    id: try row.decode("id"), name: try row.decode("name"), role: try Self.role(row),
                    createdAt: try row.decode("created_at"), revokedAt: try row.decodeIfPresent("revoked_at"))
            }
        }
    }

    /// Revokes the key called `reference` (its name, its id `key_<hex>`, or the bare hex id),
    /// audited as `key.revoked` by `actor` in the same transaction.
    public func revoke(_ reference: String, actor: AdminActor = .cli) async throws -> RevokeOutcome {
        let id = AdminKeyToken.storedID(fromReference: reference)
        return try await pool.withTransaction { conn in
            // Names cannot look like ids (AdminKeyName), so at most one row matches.
            let rows = try conn.query(
                "SELECT id, name, revoked_at FROM api_keys WHERE id = $1 OR name = $2 FOR UPDATE",
                [id, reference])
            guard let row = rows.first else { return .notFound }
            let keyID: String = try row.decode("id")
            let name: String = try row.decode("name")
            if try row.raw("revoked_at") != nil { return .alreadyRevoked(id: keyID, name: name) }
            try conn.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [keyID])
            try PostgresAdminAudit.insert(
                conn,
                AdminAuditEntry(
                    actor: actor, action: "key.revoked", target: keyID,
                    before: try OrderRows.json(["name": name, "revoked": "false"]), after: try OrderRows.json(["name": name, "revoked": "true"])))
            return .revoked(id: keyID, name: name)
        }
    }
}
