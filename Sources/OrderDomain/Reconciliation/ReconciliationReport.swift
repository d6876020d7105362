/// One difference between WooshPay and our records, and what reconciliation did about it.
public struct ReconciliationFinding: Sendable, Hashable {
    /// What differs.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// WooshPay holds an intent no attempt of ours knows.
        case unknownPayment = "unknown_payment"
        /// Our attempt's status is not what the intent's status maps to.
        case stateDiffers = "state_differs"
        /// The intent's amount is not the attempt's.
        case amountDiffers = "amount_differs"
        /// The intent's currency is not the attempt's.
        case currencyDiffers = "currency_differs"
        /// The attempt was found by the intent's metadata but does not record the intent.
        case notLinked = "not_linked"
        /// WooshPay holds a dispute on a payment of ours that we had not recorded.
        case disputeMissing = "dispute_missing"
        /// Our dispute's status or amount is not WooshPay's.
        case disputeDiffers = "dispute_differs"
        /// WooshPay holds a dispute on no payment of ours.
        case unknownDispute = "unknown_dispute"
    }

    /// What was done.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// Recorded through the one sync path; our records now agree with WooshPay.
        case repaired
        /// Not safe to repair: the order is flagged for review (`review_reason`).
        case flagged
        /// Only reported: nothing of ours to repair or flag.
        case reported
        /// A repair was tried and WooshPay or the database failed; run again.
        case failed
    }

    /// What differs.
    public var kind: Kind
    /// What was done.
    public var action: Action
    /// WooshPay's intent (`pi_...`).
    public var paymentIntentID: String
    /// The intent's status as WooshPay spells it.
    public var gatewayStatus: String
    /// The intent's amount, minor units.
    public var amount: Int64
    /// The intent's currency.
    public var currency: String
    /// The dispute (`dp_...`) of a dispute finding.
    public var disputeID: String?
    /// Our attempt, when one was matched.
    public var attemptID: String?
    /// Its order.
    public var orderID: String?
    /// One line for a person: what differs and why the action was taken.
    public var detail: String

    /// Creates a finding.
    public init(kind: Kind, action: Action, intent: PaymentIntentSnapshot, attempt: PaymentAttempt?, detail: String) {
        self.kind = kind
        self.action = action
        self.paymentIntentID = intent.id
        self.gatewayStatus = intent.gatewayStatus
        self.amount = intent.amount
        self.currency = intent.currency
        self.attemptID = attempt?.id
        self.orderID = attempt?.orderID
        self.detail = detail
    }

    /// A finding about a dispute WooshPay listed; `ours` is our record once repaired.
    public init(kind: Kind, action: Action, dispute: DisputeSnapshot, ours: Dispute?, detail: String) {
        self.kind = kind
        self.action = action
        self.disputeID = dispute.id
        self.paymentIntentID = dispute.paymentIntentID ?? ""
        self.gatewayStatus = dispute.gatewayStatus
        self.amount = dispute.amount
        self.currency = dispute.currency ?? ours?.currency ?? ""
        self.attemptID = ours?.attemptID
        self.orderID = ours?.orderID
        self.detail = detail
    }
}

/// The outcome of one reconciliation run.
public struct ReconciliationReport: Sendable {
    /// The window's start, epoch milliseconds (inclusive).
    public var since: Int64
    /// The window's end, epoch milliseconds (exclusive); `nil` = up to now.
    public var until: Int64?
    /// Intents WooshPay listed in the window.
    public var checked: Int
    /// Intents whose attempt agreed with them (after a fresh read).
    public var matched: Int
    /// `true` when WooshPay had more intents than the run's maximum: narrow the window.
    public var truncated: Bool
    /// `true` when WooshPay visibly ignored the list's window or cursor (then `truncated`
    /// too): payments outside what was checked may be missing, so do not trust the run.
    public var filtersIgnored = false
    /// Disputes WooshPay listed in the window; `nil` when they were not listed (a gateway
    /// without disputes, or the listing failed: see `disputeListFailed`).
    public var disputesChecked: Int?
    /// `true` when WooshPay did not list its disputes: a missed chargeback may remain.
    public var disputeListFailed = false
    /// The differences, in WooshPay's list order (intents, then disputes).
    public var findings: [ReconciliationFinding]

    /// Creates a report.
    public init(
        since: Int64, until: Int64?, checked: Int = 0, matched: Int = 0, truncated: Bool = false,
        findings: [ReconciliationFinding] = []
    ) {
        self.since = since
        self.until = until
        self.checked = checked
        self.matched = matched
        self.truncated = truncated
        self.findings = findings
    }

    /// Findings of `kind`.
    public func count(_ kind: ReconciliationFinding.Kind) -> Int { findings.count { $0.kind == kind } }

    /// Findings that ended with `action`.
    public func count(_ action: ReconciliationFinding.Action) -> Int { findings.count { $0.action == action } }

    /// Whether a person must act: a finding was not repaired, or the list was cut short.
    public var needsAttention: Bool { truncated || disputeListFailed || findings.contains { $0.action != .repaired } }
}
