import OrderDomain

/// A WooshPay `dispute` as received, in either shape its pages show: the Stripe-like list
/// example (seconds, lower-case currency, `evidence_details.due_by`) or WooshPay's own event
/// example (milliseconds, upper-case currency, `metadata.work_by_date` as a string).
struct WireDispute: Decodable {
    /// The normalised snapshot.
    let snapshot: DisputeSnapshot

    private enum CodingKeys: String, CodingKey {
        case id, amount, currency, reason, status, created, charge, metadata
        case paymentIntent = "payment_intent"
        case evidenceDetails = "evidence_details"
    }

    private enum EvidenceDetailsKeys: String, CodingKey {
        case dueBy = "due_by"
        case submissionCount = "submission_count"
        case hasEvidence = "has_evidence"
    }

    private enum MetadataKeys: String, CodingKey {
        case workByDate = "work_by_date"
    }

    /// Decodes leniently; throws only when `id` or `amount` is missing.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = c.text(.status) ?? ""
        let details = try? c.nestedContainer(keyedBy: EvidenceDetailsKeys.self, forKey: .evidenceDetails)
        let metadata = try? c.nestedContainer(keyedBy: MetadataKeys.self, forKey: .metadata)
        let submissions = details?.int64(.submissionCount) ?? 0
        snapshot = DisputeSnapshot(
            id: try c.requiredText(.id),
            paymentIntentID: c.reference(.paymentIntent),
            chargeID: c.reference(.charge),
            amount: try c.requiredInt64(.amount),
            currency: c.currency(.currency),
            reason: c.text(.reason),
            status: WireDisputeStatus.domainStatus(status),
            gatewayStatus: status,
            evidenceDueBy: details?.timestamp(.dueBy) ?? metadata?.timestamp(.workByDate),
            evidenceSubmitted: submissions > 0,
            created: c.timestamp(.created))
    }
}

/// WooshPay's dispute statuses. Two are CONFIRMED in its examples
/// (`warning_needs_response`, `lost`); the rest are Stripe's (INFERRED).
enum WireDisputeStatus: String {
    case warningNeedsResponse = "warning_needs_response"
    case warningUnderReview = "warning_under_review"
    case warningClosed = "warning_closed"
    case needsResponse = "needs_response"
    case underReview = "under_review"
    case chargeRefunded = "charge_refunded"
    case prevented
    case won
    case lost

    /// Our four states. An unknown status reads as needing a response: a dispute we cannot
    /// place is shown to an operator, never taken as won.
    static func domainStatus(_ raw: String) -> DisputeStatus {
        guard let wire = WireDisputeStatus(rawValue: raw.lowercased()) else { return .needsResponse }
        switch wire {
        case .warningNeedsResponse, .needsResponse: return .needsResponse
        case .warningUnderReview, .underReview: return .underReview
        // An inquiry closed without a chargeback, a refunded charge, a prevented one: the
        // merchant keeps (or was already refunded) the money, as after a win.
        case .warningClosed, .chargeRefunded, .prevented, .won: return .won
        case .lost: return .lost
        }
    }
}

/// The body of `POST /v1/disputes/{id}`: the evidence hash and `submit` (Stripe's
/// semantics, INFERRED: WooshPay's request schema was not retrievable).
struct WireDisputeUpdate: Encodable {
    let evidence: [String: String]
    let submit: Bool
}

/// A WooshPay `file` (CONFIRMED fields: `id`, `size`, `type`, `purpose`).
struct WireFile: Decodable {
    let file: EvidenceFile

    private enum CodingKeys: String, CodingKey { case id, size, type }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = EvidenceFile(id: try c.requiredText(.id), size: c.int64(.size), type: c.text(.type))
    }
}
