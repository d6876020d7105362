import OrderDomain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A WooshPay `event` object, with `data.object` decoded straight into the wire type its
/// `object` field names (one pass over the body; a stringified object is parsed once more).
struct WireEvent: Decodable {
    /// `evt_...`.
    let id: String
    /// The event type as sent (`payment_intent.succeeded`...).
    let type: String
    /// When the event was created, normalised.
    let created: GatewayTimestamp?
    /// `data.object`, as the domain sees it.
    let object: GatewayEventObject

    private enum CodingKeys: String, CodingKey { case id, type, created, data }
    private enum DataKeys: String, CodingKey { case object }

    /// Decodes the event; throws when `id`, `type` or `data.object` is missing, or when a
    /// payment intent, session or refund cannot be read (accepting it as `.other` would
    /// silently drop a payment signal).
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredText(.id)
        type = try c.requiredText(.type)
        created = c.timestamp(.created)
        guard let data = try? c.nestedContainer(keyedBy: DataKeys.self, forKey: .data) else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: "no data object")
        }
        if let text = try? data.decode(String.self, forKey: .object) {
            // WooshPay's 2022 habit: the object JSON-encoded inside a string.
            let inner = JSONDecoder()
            inner.userInfo[Stringified.eventType] = type
            object = try inner.decode(Stringified.self, from: Data(text.utf8)).object
        } else {
            object = try Self.object(from: data.superDecoder(forKey: .object), eventType: type)
        }
    }

    /// `data.object` read from `decoder` as the wire type its kind names.
    static func object(from decoder: any Decoder, eventType: String) throws -> GatewayEventObject {
        let probe = try Probe(from: decoder)
        switch probe.kind(eventType: eventType) {
        case "payment_intent": return .paymentIntent(try WirePaymentIntent(from: decoder).snapshot)
        case "checkout.session": return .checkoutSession(try WireCheckoutSession(from: decoder).snapshot)
        case "refund": return .refund(try WireRefund(from: decoder).snapshot)
        // A dispute is re-read at WooshPay before anything is recorded, so a partial one
        // (no amount) is kept by kind and id rather than refused.
        case "dispute": return (try? WireDispute(from: decoder)).map { .dispute($0.snapshot) } ?? .other(kind: "dispute", id: probe.id)
        case let kind: return .other(kind: kind, id: probe.id)
        }
    }

    /// A stringified `data.object`, decoded with the event type in `userInfo`.
    private struct Stringified: Decodable {
        static let eventType = CodingUserInfoKey(rawValue: "wooshpay.eventType")!
        let object: GatewayEventObject

        init(from decoder: any Decoder) throws {
            object = try WireEvent.object(from: decoder, eventType: decoder.userInfo[Self.eventType] as? String ?? "")
        }
    }

    /// What says which kind of object `data.object` is; throws when it is not an object.
    struct Probe: Decodable {
        let object: String?
        let id: String?

        private enum CodingKeys: String, CodingKey { case object, id }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            object = c.text(.object)
            id = c.text(.id)
        }

        /// The kind: the `object` field, else guessed from the event type or the id prefix
        /// (both stable in WooshPay's Stripe-like naming).
        func kind(eventType type: String) -> String {
            if let object { return object }
            let id = id ?? ""
            if type.hasPrefix("payment_intent.") || id.hasPrefix("pi_") { return "payment_intent" }
            if type.hasPrefix("checkout.session.") || id.hasPrefix("cs_") { return "checkout.session" }
            if type.hasPrefix("charge.refund.") || type.hasPrefix("refund.") || id.hasPrefix("re_") {
                return "refund"
            }
            if type.hasPrefix("charge.dispute.") || id.hasPrefix("dp_") { return "dispute" }
            return "unknown"
        }
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
