/// When an order is flagged for a person to look at, and what the audit trail says.
public enum ReviewFlag {
    /// Whether a new flag replaces the order's current one.
    public enum Overwrite: Sendable, Equatable {
        /// Always: the attempt's own reason changed (the record path decided it).
        case always
        /// When the reason differs from the order's (reconciliation, run again and again).
        case whenReasonDiffers
        /// Only on an order not flagged yet (the poller giving up: the first flag stays).
        case never
    }

    /// The event of flagging an order (flagged already: `flagged`, with `current`) for
    /// `reason`, or nil when the flag changes nothing.
    public static func decide(
        flagged: Bool, current: String?, reason: String, attemptID: String?,
        overwrite: Overwrite
    ) -> AuditEvent? {
        switch overwrite {
        case .always: break
        case .whenReasonDiffers: guard current != reason else { return nil }
        case .never: guard !flagged else { return nil }
        }
        return .orderNeedsReview(attemptID: attemptID, reason: reason)
    }
}
