/// What reconciliation writes besides the one sync path (the port; PostgresStore
/// implements it): review flags the sync path cannot set (a closed attempt never moves),
/// and a line in the audit trail for what it did.
public protocol ReconciliationStore: Sendable {
    /// Flags the attempt and its order for review with `reason`, appending
    /// `order.needs_review` with `cause`; nothing changes when the order already carries
    /// exactly this reason.
    func flagForReview(attemptID: String, reason: String, cause: SyncCause) async throws

    /// Appends an event to the order's audit trail.
    func appendEvent(orderID: String, _ event: AuditEvent, cause: SyncCause) async throws
}
