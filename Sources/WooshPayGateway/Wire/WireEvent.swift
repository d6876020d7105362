import OrderDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A WooshPay `event` object. `data.object` is kept as raw JSON (unwrapping a stringified
/// one) and decoded in a second step by the wire type its `object` field names.
struct WireEvent: Decodable {
    /// `evt_...`.
    let id: String
    /// The event type as sent (`payment_intent.succeeded`...).
    let type: String
    /// When the event was created, normalised.
    let created: GatewayTimestamp?
    /// The members of `data.object`.
    let object: [String: JSONValue]

    private enum CodingKeys: String, CodingKey { case id, type, created, data }
    private enum DataKeys: String, CodingKey { case object }

    /// Decodes the envelope; throws when `id`, `type` or `data.object` is missing.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredText(.id)
        type = try c.requiredText(.type)
        created = c.timestamp(.created)
        guard let data = try? c.nestedContainer(keyedBy: DataKeys.self, forKey: .data) else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: "no data object")
        }
        guard let object = data.json(.object)?.objectValue else {
            throw DecodingError.dataCorruptedError(forKey: .object, in: data, debugDescription: "no data.object")
        }
        self.object = object
    }

    /// The kind of `data.object`: its `object` field, else guessed from the event type
    /// or the id prefix (both stable in WooshPay's Stripe-like naming).
    var objectKind: String {
        if let kind = object["object"]?.scalarText { return kind }
        let id = object["id"]?.scalarText ?? ""
        if type.hasPrefix("payment_intent.") || id.hasPrefix("pi_") { return "payment_intent" }
        if type.hasPrefix("checkout.session.") || id.hasPrefix("cs_") { return "checkout.session" }
        if type.hasPrefix("charge.refund.") || type.hasPrefix("refund.") || id.hasPrefix("re_") {
            return "refund"
        }
        return "unknown"
    }

    /// Decodes `data.object` as `Object` (a round trip through JSON keeps one decoding
    /// path for objects whether they came from the API or a webhook).
    func decodeObject<Object: Decodable>(_ type: Object.Type) throws -> Object {
        let bytes = try JSONEncoder().encode(JSONValue.object(object))
        return try JSONDecoder().decode(Object.self, from: bytes)
    }
}

/// WooshPay event type strings.
enum WireEventType: String {
    case paymentIntentCreated = "payment_intent.created"
    case paymentIntentSucceeded = "payment_intent.succeeded"
    case paymentIntentPaymentFailed = "payment_intent.payment_failed"
    case paymentIntentRequiresAction = "payment_intent.requires_action"
    case paymentIntentProcessing = "payment_intent.processing"
    case paymentIntentCanceled = "payment_intent.canceled"
    case paymentIntentAmountCapturableUpdated = "payment_intent.amount_capturable_updated"
    case checkoutSessionCompleted = "checkout.session.completed"
    case checkoutSessionExpired = "checkout.session.expired"
    case chargeRefundUpdated = "charge.refund.updated"
    case refundUpdated = "refund.updated"
    case chargeRefunded = "charge.refunded"

    /// Maps an event type string to the domain; unknown types are kept verbatim.
    static func domainType(_ raw: String) -> GatewayEventType {
        guard let wire = WireEventType(rawValue: raw) else { return .other(raw) }
        switch wire {
        case .paymentIntentCreated: return .paymentIntentCreated
        case .paymentIntentSucceeded: return .paymentIntentSucceeded
        case .paymentIntentPaymentFailed: return .paymentIntentPaymentFailed
        case .paymentIntentRequiresAction: return .paymentIntentRequiresAction
        case .paymentIntentProcessing: return .paymentIntentProcessing
        case .paymentIntentCanceled: return .paymentIntentCanceled
        case .paymentIntentAmountCapturableUpdated: return .paymentIntentAmountCapturableUpdated
        case .checkoutSessionCompleted: return .checkoutSessionCompleted
        case .checkoutSessionExpired: return .checkoutSessionExpired
        case .chargeRefundUpdated, .refundUpdated: return .refundUpdated
        case .chargeRefunded: return .chargeRefunded
        }
    }
}
