/// A dispute (chargeback) as the gateway reports it, normalised. WooshPay shows two shapes
/// (a Stripe-like list example with seconds and lower-case currency, and its own with
/// milliseconds, upper-case currency and `metadata.work_by_date`); the adapter reads both.
public struct DisputeSnapshot: Sendable, Hashable {
    /// `dp_...`.
    public var id: String
    /// The payment intent disputed, when the gateway names it.
    public var paymentIntentID: String?
    /// The charge disputed (`ch_...`), when the gateway names it.
    public var chargeID: String?
    /// The disputed amount in minor units (may be less than the charge).
    public var amount: Int64
    /// Upper-case ISO code.
    public var currency: String?
    /// WooshPay's reason (`general`, `fraudulent`...), as sent.
    public var reason: String?
    /// The status as our vocabulary has it.
    public var status: DisputeStatus
    /// The status as WooshPay spelled it (`warning_needs_response`...), for audit.
    public var gatewayStatus: String
    /// When evidence is due: `evidence_details.due_by`, else `metadata.work_by_date`.
    public var evidenceDueBy: GatewayTimestamp?
    /// Whether the gateway says evidence was submitted (`evidence_details.submission_count > 0`).
    public var evidenceSubmitted: Bool
    /// When the dispute was opened.
    public var created: GatewayTimestamp?

    /// Creates a snapshot.
    public init(
        id: String, paymentIntentID: String?, chargeID: String? = nil, amount: Int64, currency: String?,
        reason: String?, status: DisputeStatus, gatewayStatus: String, evidenceDueBy: GatewayTimestamp?,
        evidenceSubmitted: Bool = false, created: GatewayTimestamp?
    ) {
        self.id = id
        self.paymentIntentID = paymentIntentID
        self.chargeID = chargeID
        self.amount = amount
        self.currency = currency
        self.reason = reason
        self.status = status
        self.gatewayStatus = gatewayStatus
        self.evidenceDueBy = evidenceDueBy
        self.evidenceSubmitted = evidenceSubmitted
        self.created = created
    }
}

/// A dispute's state in our words: four states an operator acts on.
public enum DisputeStatus: String, Sendable, Hashable, CaseIterable {
    /// The customer's bank took the money back; evidence may still win it.
    case needsResponse = "needs_response"
    /// Evidence was submitted; the bank is deciding.
    case underReview = "under_review"
    /// Decided for the merchant: the money is reinstated.
    case won
    /// Decided for the customer (or the merchant accepted it): the money is gone.
    case lost

    /// Whether the dispute is still open (evidence can change it).
    public var isOpen: Bool {
        switch self {
        case .needsResponse, .underReview: true
        case .won, .lost: false
        }
    }

    /// Whether the disputed money is (still) withdrawn from the merchant. Stripe's rule
    /// (INFERRED: WooshPay's pages say nothing): funds go at opening and come back on a win.
    public var fundsWithdrawn: Bool {
        switch self {
        case .needsResponse, .underReview, .lost: true
        case .won: false
        }
    }
}

/// The filters of a dispute listing (reconciliation).
public struct DisputeListQuery: Sendable, Hashable {
    /// Created at or after (inclusive).
    public var createdFrom: GatewayTimestamp?
    /// Created strictly before.
    public var createdBefore: GatewayTimestamp?
    /// At most this many, across pages.
    public var maxResults: Int

    /// Creates the query.
    public init(createdFrom: GatewayTimestamp? = nil, createdBefore: GatewayTimestamp? = nil, maxResults: Int = 1000) {
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.maxResults = maxResults
    }
}

/// A listing's result.
public struct DisputeList: Sendable, Hashable {
    /// The disputes found.
    public var disputes: [DisputeSnapshot]
    /// Whether more exist than were read.
    public var isTruncated: Bool

    /// Creates the value.
    public init(disputes: [DisputeSnapshot], isTruncated: Bool) {
        self.disputes = disputes
        self.isTruncated = isTruncated
    }
}

/// A file uploaded as dispute evidence (WooshPay's `file` object, purpose `dispute_evidence`).
public struct EvidenceFile: Sendable, Hashable {
    /// `file_...`.
    public var id: String
    /// Size in bytes, as the gateway reports it.
    public var size: Int64?
    /// `png`, `jpg`, `pdf`.
    public var type: String?

    /// Creates the value.
    public init(id: String, size: Int64?, type: String?) {
        self.id = id
        self.size = size
        self.type = type
    }
}

/// The dispute endpoints of the gateway (a port of its own, so a gateway without disputes
/// need not pretend). WooshPay: `GET /v1/disputes/{id}`, `POST /v1/disputes/{id}`
/// (evidence), `POST /v1/disputes/{id}/close`, `GET /v1/disputes/list`, `POST /v1/files`.
public protocol DisputeGateway: Sendable {
    /// Re-reads a dispute: the truth the webhook only hints at.
    func retrieveDispute(id: String) async throws(GatewayError) -> DisputeSnapshot
    /// Lists disputes created in a window, following pages.
    func listDisputes(_ query: DisputeListQuery) async throws(GatewayError) -> DisputeList
    /// Sends evidence (text fields by WooshPay's names, file fields as `file_...` ids) and
    /// submits it.
    func submitDisputeEvidence(
        id: String, evidence: [String: String], idempotencyKey: String
    ) async throws(GatewayError) -> DisputeSnapshot
    /// Accepts the loss: the dispute is closed as lost.
    func closeDispute(id: String, idempotencyKey: String) async throws(GatewayError) -> DisputeSnapshot
    /// Uploads one evidence file.
    func uploadEvidenceFile(
        name: String, type: String, bytes: [UInt8], idempotencyKey: String
    ) async throws(GatewayError) -> EvidenceFile
}
