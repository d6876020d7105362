import OrderDomain

/// A WooshPay `payment_intent` object as received, decoded defensively.
struct WirePaymentIntent: Decodable {
    /// The normalised snapshot.
    let snapshot: PaymentIntentSnapshot

    private enum CodingKeys: String, CodingKey {
        case id, status, amount, currency, metadata, created
        case amountReceived = "amount_received"
        case amountCapturable = "amount_capturable"
        case captureMethod = "capture_method"
        case clientSecret = "client_secret"
        case nextAction = "next_action"
        case lastPaymentError = "last_payment_error"
        case merchantOrderID = "merchant_order_id"
        case checkoutSession = "checkout_session"
    }

    /// Decodes leniently; throws only when `id` or `amount` is missing.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = c.text(.status) ?? ""
        snapshot = PaymentIntentSnapshot(
            id: try c.requiredText(.id),
            status: WirePaymentIntentStatus.domainStatus(status),
            gatewayStatus: status,
            amount: try c.requiredInt64(.amount),
            amountReceived: c.int64(.amountReceived) ?? 0,
            amountCapturable: c.int64(.amountCapturable) ?? 0,
            currency: c.currency(.currency) ?? "",
            captureMethod: WireCaptureMethod.domainMethod(c.text(.captureMethod)),
            clientSecret: c.text(.clientSecret),
            nextAction: WireNextAction.parse(c.json(.nextAction)),
            lastPaymentError: Self.paymentError(c.json(.lastPaymentError)),
            created: c.timestamp(.created),
            metadata: c.stringMap(.metadata),
            merchantOrderID: c.text(.merchantOrderID),
            checkoutSessionID: c.reference(.checkoutSession))
    }

    /// Reads `last_payment_error`; an empty object means no error.
    private static func paymentError(_ value: JSONValue?) -> GatewayPaymentError? {
        guard let members = value?.objectValue else { return nil }
        let error = GatewayPaymentError(
            code: members["code"]?.scalarText,
            declineCode: members["decline_code"]?.scalarText,
            message: members["message"]?.scalarText)
        if error.code == nil, error.declineCode == nil, error.message == nil { return nil }
        return error
    }
}

/// Reads `next_action`, whose shape changed between WooshPay API generations.
enum WireNextAction {
    /// Keys under which a redirect target has been seen, most specific first.
    private static let urlKeys = ["url", "redirect_url", "redirectUrl", "href"]

    /// `{"type": T, T: {"url": ...}}` (2023+), `{"ddc_redirect": {...}}` without `type`
    /// (2022), `""`/null/`{}` for none; nested objects may themselves be stringified.
    static func parse(_ value: JSONValue?) -> GatewayNextAction? {
        guard let members = value?.objectValue, !members.isEmpty else { return nil }
        let type: String
        if let declared = members["type"]?.scalarText {
            type = declared
        } else if let inferred = members.keys.sorted().first(where: { members[$0]?.objectValue != nil }) {
            type = inferred
        } else {
            return nil
        }
        let fields = members[type]?.objectValue ?? [:]
        let urlKey = urlKeys.first { fields[$0]?.scalarText != nil }
        let url = urlKey.flatMap { fields[$0]?.scalarText } ?? members["url"]?.scalarText
        let qrKey = qrKeys.first { fields[$0]?.scalarText != nil }
        var details: [String: String] = [:]
        for (name, value) in fields where name != urlKey && name != qrKey {
            // Only text the customer may need: nested objects are WooshPay's internals.
            if let text = value.scalarText, GatewayNextAction.isShareable(name: name, value: text) { details[name] = text }
        }
        return GatewayNextAction(
            type: type, redirectURL: url, qrCode: qrKey.flatMap { fields[$0]?.scalarText }, details: details)
    }

    /// Keys under which a payment code has been seen (`qrcode`: bank_transfer_vn, OBSERVED).
    private static let qrKeys = ["qrcode", "qr_code", "qrCode"]
}
