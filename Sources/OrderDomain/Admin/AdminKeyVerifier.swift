/// The port the HTTP layer authenticates admin requests through: it never sees how keys
/// are stored or hashed.
public protocol AdminKeyVerifier: Sendable {
    /// Who the active key `presentedKey` is, or why it is refused. Throws only when the
    /// check itself could not run (storage down).
    func verify(_ presentedKey: String) async throws -> AdminKeyCheck
}

/// The outcome of checking a presented admin key.
public enum AdminKeyCheck: Sendable, Equatable {
    /// An active key whose secret matched.
    case verified(AdminIdentity)
    /// Refused, and why (for the operator's log only: the caller always gets the same 401).
    case refused(AdminAuthFailure)
}

/// The key an admin request authenticated with.
public struct AdminIdentity: Sendable, Equatable {
    /// `key_<16 hex>`.
    public var keyID: String
    /// The key's unique name, as audit trails spell the actor.
    public var name: String
    /// What the key may do.
    public var role: AdminRole

    /// Creates an identity.
    public init(keyID: String, name: String, role: AdminRole) {
        self.keyID = keyID
        self.name = name
        self.role = role
    }
}

/// Why an admin authentication failed.
public enum AdminAuthFailure: String, Sendable, Equatable, CaseIterable {
    /// No `Authorization: Bearer ...` header and no session cookie.
    case missing
    /// Not of the `mk_<16 hex>_<64 hex>` shape.
    case malformed
    /// No key has this id, or its secret does not match.
    case unknown
    /// The key (secret matching) has been revoked.
    case revoked
    /// A back-office session cookie that is unknown, ended, idle too long, or whose key is
    /// revoked.
    case session
}

/// The rules for an admin key's name (shown in listings and in audit trails).
public enum AdminKeyName {
    /// Longest name.
    public static let maxLength = 100

    /// The name, or `invalid_key_name`: 1-100 printable characters, not blank, and not
    /// shaped like a key id (which would make `revoke NAME-or-ID` ambiguous).
    public static func validated(_ name: String) throws(DomainError) -> String {
        let ok =
            !name.allSatisfy(\.isWhitespace) && name.unicodeScalars.count <= maxLength
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
            && AdminKeyToken.storedID(fromReference: name) == nil
            && !name.hasPrefix(AdminKeyToken.prefix)
            // `cli` is the audit trail's actor for the command line: no key may pose as it.
            && name != AdminActor.cli.name
        guard ok else {
            throw DomainError(
                code: .invalidKeyName,
                message: "A key name is 1-100 printable characters, must not look like a key id, and is not 'cli'.",
                param: "name")
        }
        return name
    }
}
