import OrderDomain

extension AdminKeyStore {
    // Compared against when the id is unknown, so that the hashing and comparison work
    // happen on every path, not only for existing ids.
    private static let absentHash = String(repeating: "0", count: 64)

    /// The name of the active key `presentedKey` is, or `nil` when it is malformed, unknown,
    /// revoked or its secret does not match.
    public func verify(_ presentedKey: String) async throws -> String? {
        guard let token = AdminKeyToken(parsing: presentedKey) else { return nil }
        let row = try await pool.withConnection { conn in
            try conn.query("SELECT name, secret_hash, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1",
                           [token.keyID]).first
        }
        let storedHash: String = try row?.decode("secret_hash") ?? Self.absentHash
        let matches = AdminKeySecrets.matches(token.secret, storedHash: storedHash)
        guard let row, matches, try row.decode("revoked", as: Bool.self) == false else { return nil }
        return try row.decode("name", as: String.self)
    }
}
