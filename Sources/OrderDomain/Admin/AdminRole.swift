/// What an admin key may do: each key has exactly one role (least privilege, PCI DSS 7.2).
/// `AdminPermission.required(method:path:)` says what a route needs; `allows` says whether
/// a role has it.
public enum AdminRole: String, Sendable, Equatable, CaseIterable {
    /// Reads only: every `GET` under `/v1/admin`.
    case viewer
    /// Moves money and settles: refunds, capture, cancel and void, force sync, webhook and
    /// notification replays, reconciliation; plus reads.
    case `operator`
    /// Manages the catalog: products and prices (create, update, deactivate); plus reads.
    case catalog
    /// Everything.
    case admin

    /// Whether a key of this role may do what `permission` names.
    public func allows(_ permission: AdminPermission) -> Bool {
        switch (self, permission) {
        case (.admin, _), (_, .read): true
        case (.operator, .operate), (.catalog, .manageCatalog): true
        case (.viewer, _), (.operator, _), (.catalog, _): false
        }
    }

    /// The role spelled `text` (exactly as stored), or `invalid_role` listing the roles.
    public static func parsed(_ text: String) throws(DomainError) -> AdminRole {
        guard let role = AdminRole(rawValue: text) else {
            throw DomainError(
                code: .invalidRole,
                message: "The role must be one of: \(spelledList).", param: "role")
        }
        return role
    }

    /// `viewer, operator, catalog, admin`, for messages and help texts.
    public static var spelledList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
