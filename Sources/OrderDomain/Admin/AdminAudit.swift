/// Who made an admin change, as the audit trail records it.
public struct AdminActor: Sendable, Equatable {
    /// The key's name, or `cli` for the command line.
    public var name: String
    /// The key's role; `nil` for the command line (which has the database's own access).
    public var role: AdminRole?
    /// The request that made the change; `nil` for the command line.
    public var requestID: String?

    /// Creates an actor.
    public init(name: String, role: AdminRole?, requestID: String?) {
        self.name = name
        self.role = role
        self.requestID = requestID
    }

    /// The command line (`merchant keys ...`, `merchant customers erase`).
    public static let cli = AdminActor(name: "cli", role: nil, requestID: nil)
}

/// One row of the append-only `admin_audit` table. `before` and `after` are JSON texts
/// (never a secret, never a customer's personal data).
public struct AdminAuditEntry: Sendable, Equatable {
    /// Who.
    public var actor: AdminActor
    /// What, e.g. `product.updated`, `refund.created`, `key.revoked`, `customer.erased`.
    public var action: String
    /// On what: a SKU, an order id, a key id.
    public var target: String?
    /// The values before the change, as JSON; `nil` when there were none.
    public var before: String?
    /// The values after the change (or what was asked), as JSON.
    public var after: String?

    /// Creates an entry.
    public init(actor: AdminActor, action: String, target: String?, before: String?, after: String?) {
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}

/// The audit trail's storage port: rows are only ever appended.
public protocol AdminAuditLog: Sendable {
    /// Appends `entry`.
    func record(_ entry: AdminAuditEntry) async throws
}
