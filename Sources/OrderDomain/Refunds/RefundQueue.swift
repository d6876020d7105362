/// Refunds whose outcome is not known yet, leased to one poller at a time (every replica
/// polls; a lease keeps two from syncing one refund at once).
public protocol RefundQueue: Sendable {
    /// Leases up to `limit` open refunds that are due; returns their ids and how many
    /// times each was polled.
    func claimDueRefunds(owner: String, limit: Int, leaseSeconds: Int) async throws -> [(id: String, syncAttempts: Int)]
    /// Ends this owner's lease; an open refund is due again after `afterSeconds`.
    func rescheduleRefund(id: String, owner: String, afterSeconds: Int64) async throws
}
