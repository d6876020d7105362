import OrderDomain

extension AdminKeyStore {
    // Compared against when the id is unknown, so that the hashing and comparison work
    // happen on every path, not only for existing ids.
    private static let absentHash = String(repeating: "0", count: 64)

    /// Who the active key `presentedKey` is (id, name, role), or why it is refused:
    /// malformed, unknown (no such id, or the secret does not match), or revoked (only said
    /// when the secret matched, so the reason is never a guess's reward).
    public func verify(_ presentedKey: String) async throws -> AdminKeyCheck {
        guard let token = AdminKeyToken(parsing: presentedKey) else { return .refused(.malformed) }
        let row = try await pool.withConnection { conn in
            try conn.query(
                "SELECT name, role, secret_hash, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1",
                [token.keyID]
            ).first
        }
        let storedHash: String = try row?.decode("secret_hash") ?? Self.absentHash
        let matches = AdminKeySecrets.matches(token.secret, storedHash: storedHash)
        guard let row, matches else { return .refused(.unknown) }
        guard try row.decode("revoked", as: Bool.self) == false else { return .refused(.revoked) }
        return .verified(AdminIdentity(keyID: token.keyID, name: try row.decode("name"), role: try Self.role(row)))
    }

    /// The row's `role`, which the table's CHECK keeps to the four known values.
    static func role(_ row: PostgresRow) throws -> AdminRole {
        guard let role = AdminRole(rawValue: try row.decode("role")) else {
            throw PostgresError.decoding(column: "role", message: "unknown admin role")
        }
        return role
    }
}
