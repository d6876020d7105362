import OrderDomain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An event read only as far as the webhook route needs: `id`, `type`, and the kind and id
/// of `data.object` (as `WireEvent` finds them, a stringified object included). Required as
/// in `WireEvent`: `id`, `type` and an object; a payment intent, session or refund must
/// name its id. The object's other fields are not decoded (the processor re-reads it).
struct WireEventEnvelope: Decodable {
    /// What the route stores.
    let envelope: WebhookEnvelope

    private enum CodingKeys: String, CodingKey { case id, type, data }
    private enum DataKeys: String, CodingKey { case object }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.requiredText(.id)
        let type = try c.requiredText(.type)
        guard let data = try? c.nestedContainer(keyedBy: DataKeys.self, forKey: .data) else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: "no data object")
        }
        let probe: WireEvent.Probe
        if let text = try? data.decode(String.self, forKey: .object) {
            // WooshPay's 2022 habit: the object JSON-encoded inside a string.
            probe = try JSONDecoder().decode(WireEvent.Probe.self, from: Data(text.utf8))
        } else {
            probe = try data.decode(WireEvent.Probe.self, forKey: .object)
        }
        envelope = WebhookEnvelope(
            id: id, type: WireEventType.domainType(type), object: try Self.reference(probe, eventType: type))
    }

    /// The object by kind; a modelled kind without an id cannot be synced, so it is refused.
    static func reference(_ probe: WireEvent.Probe, eventType: String) throws -> WebhookEnvelope.ObjectReference {
        let kind = probe.kind(eventType: eventType)
        let modelled: ((String) -> WebhookEnvelope.ObjectReference)? =
            switch kind {
            case "payment_intent": { .paymentIntent(id: $0) }
            case "checkout.session": { .checkoutSession(id: $0) }
            case "refund": { .refund(id: $0) }
            // A dispute without an id is kept by kind, as the full decoder keeps it.
            case "dispute": probe.id == nil ? nil : { .dispute(id: $0) }
            default: nil
            }
        guard let modelled else { return .other(kind: kind, id: probe.id) }
        guard let id = probe.id else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(kind) without an id"))
        }
        return modelled(id)
    }
}
