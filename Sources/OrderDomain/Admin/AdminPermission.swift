/// The classes of admin routes, each one permission a role has or lacks.
public enum AdminPermission: String, Sendable, Equatable, CaseIterable {
    /// Reading anything (`GET`, `HEAD`).
    case read
    /// Refunds, capture, cancel and void, force sync, replays, reconciliation, dispute
    /// evidence and close.
    case operate
    /// Creating, changing and deactivating products and their prices.
    case manageCatalog = "manage_catalog"
    /// Anything not classified above: only `admin` may, so a new route is closed by default
    /// until it is given a class here.
    case administer

    /// The permission the admin request `method path` needs (`path` as requested, e.g.
    /// `/v1/admin/orders/ord_1/refunds`; a query string is ignored).
    public static func required(method: String, path: String) -> AdminPermission {
        // (Keys are `administer`: only `admin` may, like every route not listed below.)
        if method == "GET" || method == "HEAD" { return .read }
        return route(method: method, path: path)?.permission ?? .administer
    }

    /// The audit trail's name for the mutating admin request `method path` (e.g.
    /// `refund.created`) and its target (the order's, event's or product's id), or `nil`
    /// for a request this table does not classify.
    public static func auditAction(method: String, path: String) -> (action: String, target: String?)? {
        route(method: method, path: path).map { ($0.action, $0.target) }
    }

    // The mutating route `method path` names, with its identifier (a SKU or an id).
    private static func route(method: String, path: String) -> (permission: AdminPermission, action: String, target: String?)? {
        let path = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count >= 3, segments[0] == "v1", segments[1] == "admin" else { return nil }
        let route = Array(segments.dropFirst(2))
        // The route's shape with its one identifier written as `*`.
        let hasID = route.count == 3 || (route.count == 2 && ["products", "keys"].contains(route[0]))
        let shape = hasID ? [route[0], "*"] + route.dropFirst(2) : route
        guard let entry = table[method + " " + shape.joined(separator: "/")] else { return nil }
        return (entry.permission, entry.action, hasID ? route[1] : nil)
    }

    // Every mutating admin route with its class and audit name (the pure-tier table test
    // lists them all).
    private static let table: [String: (permission: AdminPermission, action: String)] = [
        "POST products": (.manageCatalog, "product.created"),
        "PATCH products/*": (.manageCatalog, "product.updated"),
        "DELETE products/*": (.manageCatalog, "product.deactivated"),
        "POST orders/*/refunds": (.operate, "refund.created"),
        "POST orders/*/capture": (.operate, "order.captured"),
        "POST orders/*/cancel": (.operate, "order.canceled"),
        "POST orders/*/sync": (.operate, "order.synced"),
        "POST webhook-events/*/replay": (.operate, "webhook_event.replayed"),
        "POST notifications/*/replay": (.operate, "notification.replayed"),
        "POST reconciliations": (.operate, "reconciliation.run"),
        "POST disputes/*/evidence": (.operate, "dispute.evidence_submitted"),
        "POST disputes/*/close": (.operate, "dispute.closed"),
        // Signing in and out needs no more than reading: every role may have a session.
        "POST session": (.read, "session.opened"),
        "DELETE session": (.read, "session.closed"),
        "POST keys": (.administer, "key.created"),
        "DELETE keys/*": (.administer, "key.revoked"),
    ]

    /// The refusal of a request the key's role does not allow (403); nothing has run.
    public static func refusal(role: AdminRole, permission: AdminPermission) -> DomainError {
        DomainError(
            code: .insufficientPermissions,
            message: "This key's role (\(role.rawValue)) may not do this; it needs the \(permission.rawValue) permission.")
    }
}
