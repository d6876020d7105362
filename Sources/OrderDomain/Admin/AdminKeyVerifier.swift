/// The port the HTTP layer authenticates admin requests through: it never sees how keys
/// are stored or hashed.
public protocol AdminKeyVerifier: Sendable {
    /// The name of the active key `presentedKey` is, or `nil` when it is malformed, unknown,
    /// revoked or wrong. Throws only when the check itself could not run (storage down).
    func verify(_ presentedKey: String) async throws -> String?
}

/// The rules for an admin key's name (shown in listings and in audit trails).
public enum AdminKeyName {
    /// Longest name.
    public static let maxLength = 100

    /// The name, or `invalid_key_name`: 1-100 printable characters, not blank, and not
    /// shaped like a key id (which would make `revoke NAME-or-ID` ambiguous).
    public static func validated(_ name: String) throws(DomainError) -> String {
        let ok = !name.allSatisfy(\.isWhitespace) && name.unicodeScalars.count <= maxLength
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
            && AdminKeyToken.storedID(fromReference: name) == nil
            && !name.hasPrefix(AdminKeyToken.prefix)
        guard ok else {
            throw DomainError(.invalidRequest, code: "invalid_key_name",
                              message: "A key name is 1-100 printable characters and must not look like a key id.",
                              param: "name")
        }
        return name
    }
}
