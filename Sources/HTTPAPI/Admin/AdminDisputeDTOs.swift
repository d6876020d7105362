import Foundation
import OrderDomain

/// A dispute as the back office sees it. Times are epoch seconds.
struct AdminDisputeDTO: Encodable {
    var id: String
    var object = "dispute"
    var order: String
    var payment: String
    var amount: Int64
    var currency: String
    var reason: String
    var status: String
    var gateway_status: String
    @ExplicitNull var evidence_due_by: Int64?
    var funds_withdrawn: Int64
    var funds_reinstated: Int64
    var evidence_submitted: Bool
    @ExplicitNull var created_at: Int64?

    init(_ dispute: Dispute) {
        id = dispute.id
        order = dispute.orderID
        payment = dispute.attemptID
        amount = dispute.amount
        currency = dispute.currency
        reason = dispute.reason
        status = dispute.status.rawValue
        gateway_status = dispute.gatewayStatus
        evidence_due_by = dispute.evidenceDueBy
        funds_withdrawn = dispute.fundsWithdrawn
        funds_reinstated = dispute.fundsReinstated
        evidence_submitted = dispute.evidenceSubmitted
        created_at = dispute.createdAt
    }
}

/// `POST /v1/admin/disputes/{id}/evidence`: text fields under `evidence`, files under
/// `files` (each `{"filename", "content_type"?, "data": base64}`), both by WooshPay's
/// evidence keys.
struct EvidenceBody: Decodable, Sendable {
    struct File: Decodable, Sendable {
        var filename: String
        var content_type: String?
        var data: String
    }

    var evidence: [String: String]?
    var files: [String: File]?

    /// The checked evidence, or the refusal naming its field (see `DisputeEvidence.checked`).
    func validated() throws(DomainError) -> DisputeEvidence {
        var decoded: [String: (filename: String, declaredType: String?, bytes: [UInt8])] = [:]
        for (key, file) in files ?? [:] {
            guard let data = Data(base64Encoded: file.data) else {
                throw DomainError(code: .invalidEvidence, message: "A file's data must be base64.", param: "files.\(key).data")
            }
            decoded[key] = (file.filename, file.content_type, Array(data))
        }
        return try DisputeEvidence.checked(text: evidence ?? [:], files: decoded)
    }
}
