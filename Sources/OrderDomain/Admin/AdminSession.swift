/// Back-office sessions (the port; PostgresStore implements it). A session is opened with
/// an admin key and then carried by an HttpOnly cookie; it acts with that key's name and
/// role, ends when idle too long or after `AdminSession.maxLifetimeSeconds`, and dies with
/// its key.
public protocol AdminSessionStore: Sendable {
    /// Opens a session for a verified key; its token is returned once, only its hash is kept.
    func open(for identity: AdminIdentity, requestID: String?) async throws -> AdminSession
    /// The session of `token`, touched; `nil` when it is malformed, unknown, ended, idle for
    /// more than `idleSeconds`, older than the lifetime, or its key is revoked.
    func resume(_ token: String, idleSeconds: Int64) async throws -> AdminSession?
    /// Ends the session (signing out); ending an ended or unknown one changes nothing.
    func end(_ token: String) async throws
}

/// An open back-office session.
public struct AdminSession: Sendable, Equatable {
    /// The cookie's secret value (`ms_<64 hex>`).
    public var token: String
    /// What every change made with the cookie must send as `X-CSRF-Token`: derived from
    /// the token one way, so the page may hold it without holding the session.
    public var csrfToken: String
    /// The key it acts as.
    public var identity: AdminIdentity

    /// Creates the value.
    public init(token: String, csrfToken: String, identity: AdminIdentity) {
        self.token = token
        self.csrfToken = csrfToken
        self.identity = identity
    }

    /// Whether `text` has a session token's shape (checked before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 67 && text.hasPrefix("ms_")
            && text.utf8.dropFirst(3).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The longest a session lives, used or not.
    public static let maxLifetimeSeconds: Int64 = 12 * 3600
}

/// An admin key as the back office lists it: never its secret.
public struct AdminKeyRecord: Sendable, Equatable {
    /// `key_<16 hex>`.
    public var id: String
    /// Unique name.
    public var name: String
    /// What it may do.
    public var role: AdminRole
    /// Epoch seconds of its creation.
    public var createdAt: Int64
    /// Epoch seconds of its revocation, `nil` while active.
    public var revokedAt: Int64?

    /// Creates the value.
    public init(id: String, name: String, role: AdminRole, createdAt: Int64, revokedAt: Int64?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// The admin keys as the back office manages them (the port; `AdminKeyStore` implements it).
/// Each change is audited by the store in its own transaction.
public protocol AdminKeyDirectory: Sendable {
    /// Every key, oldest first.
    func keys() async throws -> [AdminKeyRecord]
    /// A new key and its secret (`mk_...`), shown once. Throws `invalid_key_name`, `key_name_exists`.
    func createKey(name: String, role: AdminRole, actor: AdminActor) async throws -> (key: AdminKeyRecord, secret: String)
    /// Revokes the key `id` (its sessions end with it); `nil` when there is no such key.
    func revokeKey(id: String, actor: AdminActor) async throws -> AdminKeyRecord?
}
