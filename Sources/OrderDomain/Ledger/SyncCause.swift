/// What made a change, as the audit trail (`order_events.cause`, `refunds.cause`) records
/// it: one vocabulary, typed where it is made, spelled as text only where it is stored.
public enum SyncCause: Sendable, Hashable, CustomStringConvertible {
    /// A storefront request (order placement, a payment start).
    case api
    /// A customer back from WooshPay on the return URL.
    case `return`
    /// Refresh on read (`GET /v1/orders/{id}` of a stale open attempt).
    case read
    /// The sync poller, the refund poller, expiry and stock release.
    case poll
    /// A sync's own follow-up (a duplicate payment detected while syncing).
    case sync
    /// A WooshPay event from the inbox.
    case webhook(eventID: String)
    /// An admin API request, by the authenticating key's name.
    case admin(key: String)
    /// The `merchant` command line.
    case cli
    /// A reconciliation run, started by `by` (a key's name, or `cli`).
    case reconcile(by: String)
    /// The automatic refund of a duplicate payment of attempt `attemptID`.
    case duplicate(attemptID: String)

    /// The stored spelling.
    public var description: String {
        switch self {
        case .api: "api"
        case .return: "return"
        case .read: "read"
        case .poll: "poll"
        case .sync: "sync"
        case .webhook(let id): "webhook:\(id)"
        case .admin(let key): "admin:\(key)"
        case .cli: "cli"
        case .reconcile(let by): "reconcile:\(by)"
        case .duplicate(let attempt): "duplicate:\(attempt)"
        }
    }
}
