/// A dispute as we record it: one row per WooshPay dispute, on the attempt it disputes.
public struct Dispute: Sendable, Hashable {
    /// WooshPay's id (`dp_...`).
    public var id: String
    /// The order.
    public var orderID: String
    /// The payment attempt disputed.
    public var attemptID: String
    /// Disputed amount, minor units.
    public var amount: Int64
    /// Upper-case ISO code.
    public var currency: String
    /// WooshPay's reason.
    public var reason: String
    /// Our status.
    public var status: DisputeStatus
    /// WooshPay's spelling of it.
    public var gatewayStatus: String
    /// When evidence is due (epoch seconds).
    public var evidenceDueBy: Int64?
    /// Money withdrawn from the merchant by the dispute.
    public var fundsWithdrawn: Int64
    /// Money given back after a win.
    public var fundsReinstated: Int64
    /// Whether evidence was submitted.
    public var evidenceSubmitted: Bool
    /// Epoch seconds we first recorded it (set by the store; `nil` before).
    public var createdAt: Int64?

    /// Creates the value.
    public init(
        id: String, orderID: String, attemptID: String, amount: Int64, currency: String, reason: String,
        status: DisputeStatus, gatewayStatus: String, evidenceDueBy: Int64?, fundsWithdrawn: Int64,
        fundsReinstated: Int64, evidenceSubmitted: Bool, createdAt: Int64? = nil
    ) {
        self.id = id
        self.orderID = orderID
        self.attemptID = attemptID
        self.amount = amount
        self.currency = currency
        self.reason = reason
        self.status = status
        self.gatewayStatus = gatewayStatus
        self.evidenceDueBy = evidenceDueBy
        self.fundsWithdrawn = fundsWithdrawn
        self.fundsReinstated = fundsReinstated
        self.evidenceSubmitted = evidenceSubmitted
        self.createdAt = createdAt
    }
}

/// The decisions about disputes, pure: what a report from WooshPay changes, and what
/// money an order has once disputes are counted.
public enum DisputeRules {
    /// The dispute after WooshPay reported `snapshot`, with the audit events it makes
    /// (each announcing its notification). A decided dispute never reopens: a late or
    /// reordered "needs response" after "won" or "lost" changes nothing. Funds follow
    /// Stripe's rule (INFERRED; WooshPay's pages are silent): withdrawn at opening,
    /// reinstated on a win.
    public static func apply(
        _ existing: Dispute?, snapshot: DisputeSnapshot, orderID: String, attemptID: String, fallbackCurrency: String
    ) -> (dispute: Dispute, events: [AuditEvent]) {
        let status: DisputeStatus
        if let existing, !existing.status.isOpen {
            status = existing.status
        } else {
            status = snapshot.status
        }
        let dispute = Dispute(
            id: snapshot.id, orderID: orderID, attemptID: attemptID, amount: snapshot.amount,
            currency: snapshot.currency ?? existing?.currency ?? fallbackCurrency, reason: snapshot.reason ?? existing?.reason ?? "general",
            status: status, gatewayStatus: existing.map { $0.status.isOpen ? snapshot.gatewayStatus : $0.gatewayStatus } ?? snapshot.gatewayStatus,
            evidenceDueBy: snapshot.evidenceDueBy?.epochSeconds ?? existing?.evidenceDueBy,
            fundsWithdrawn: snapshot.amount, fundsReinstated: status == .won ? snapshot.amount : 0,
            evidenceSubmitted: (existing?.evidenceSubmitted ?? false) || snapshot.evidenceSubmitted || status == .underReview,
            createdAt: existing?.createdAt)
        guard let existing else {
            var events: [AuditEvent] = [.disputeOpened(disputeID: dispute.id, amount: dispute.amount, reason: dispute.reason, status: dispute.status)]
            if !status.isOpen { events.append(.disputeChanged(disputeID: dispute.id, from: .needsResponse, to: status)) }
            return (dispute, events)
        }
        guard existing.status != status else { return (dispute, []) }
        return (dispute, [.disputeChanged(disputeID: dispute.id, from: existing.status, to: status)])
    }

    /// The order's money with its disputes: `disputed` is what disputes hold or took (not
    /// won), `net` is captured − refunded − lost.
    public static func money(captured: Int64, refunded: Int64, disputes: [Dispute]) -> (disputed: Int64, net: Int64) {
        let disputed = disputes.filter { $0.status != .won }.reduce(0) { $0 + $1.amount }
        let lost = disputes.filter { $0.status == .lost }.reduce(0) { $0 + $1.amount }
        return (disputed, captured - refunded - lost)
    }

    /// Whether money of an attempt under these disputes may be refunded: not while a
    /// dispute on it is open or lost (WooshPay refuses too, `charge_disputed`).
    public static func blocksRefund(_ disputes: [Dispute]) -> Bool {
        disputes.contains { $0.status != .won }
    }
}
