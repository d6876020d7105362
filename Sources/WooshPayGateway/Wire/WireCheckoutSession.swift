import OrderDomain

/// A WooshPay `checkout.session` object as received, decoded defensively.
struct WireCheckoutSession: Decodable {
    /// The normalised snapshot.
    let snapshot: CheckoutSessionSnapshot

    private enum CodingKeys: String, CodingKey {
        case id, status, url, currency, created, metadata
        case paymentStatus = "payment_status"
        case paymentIntent = "payment_intent"
        case amountTotal = "amount_total"
        case expiresAt = "expires_at"
        case clientReferenceID = "client_reference_id"
    }

    /// Decodes leniently; throws only when `id` is missing.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = c.text(.status) ?? ""
        let paymentStatus = c.text(.paymentStatus) ?? ""
        snapshot = CheckoutSessionSnapshot(
            id: try c.requiredText(.id),
            status: WireCheckoutSessionStatus.domainStatus(status),
            paymentStatus: WireCheckoutPaymentStatus.domainStatus(paymentStatus),
            url: c.text(.url),
            paymentIntentID: c.reference(.paymentIntent),
            amountTotal: c.int64(.amountTotal),
            currency: c.currency(.currency),
            expiresAt: c.timestamp(.expiresAt),
            created: c.timestamp(.created),
            clientReferenceID: c.text(.clientReferenceID),
            metadata: c.stringMap(.metadata))
    }
}
