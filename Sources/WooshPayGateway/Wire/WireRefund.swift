import OrderDomain

/// A WooshPay `refund` object as received, decoded defensively.
struct WireRefund: Decodable {
    /// The normalised snapshot.
    let snapshot: RefundSnapshot

    private enum CodingKeys: String, CodingKey {
        case id, amount, currency, status, created, metadata
        case paymentIntent = "payment_intent"
        case failureReason = "failure_reason"
    }

    /// Decodes leniently; throws only when `id` or `amount` is missing.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = c.text(.status) ?? ""
        snapshot = RefundSnapshot(
            id: try c.requiredText(.id),
            paymentIntentID: c.reference(.paymentIntent),
            amount: try c.requiredInt64(.amount),
            currency: c.currency(.currency),
            status: WireRefundStatus.domainStatus(status),
            gatewayStatus: status,
            failureReason: c.text(.failureReason),
            created: c.timestamp(.created),
            metadata: c.stringMap(.metadata))
    }
}
