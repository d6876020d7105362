import OrderDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Entry points from raw WooshPay JSON to domain snapshots, shared by API answers,
/// webhooks and tests.
enum WooshPayDecoding {
    /// Decodes a payment intent object.
    static func paymentIntent(from bytes: [UInt8]) throws -> PaymentIntentSnapshot {
        try JSONDecoder().decode(WirePaymentIntent.self, from: Data(bytes)).snapshot
    }

    /// Decodes a checkout session object.
    static func checkoutSession(from bytes: [UInt8]) throws -> CheckoutSessionSnapshot {
        try JSONDecoder().decode(WireCheckoutSession.self, from: Data(bytes)).snapshot
    }

    /// Decodes a refund object.
    static func refund(from bytes: [UInt8]) throws -> RefundSnapshot {
        try JSONDecoder().decode(WireRefund.self, from: Data(bytes)).snapshot
    }

    /// Decodes an event; an object of a kind we do not model becomes `.other`, but a
    /// payment intent, session or refund that cannot be read is a malformed payload
    /// (accepting it as `.other` would silently drop a payment signal).
    static func event(from bytes: [UInt8]) throws(WebhookVerificationError) -> GatewayEvent {
        do {
            let wire = try JSONDecoder().decode(WireEvent.self, from: Data(bytes))
            let object: GatewayEventObject
            switch wire.objectKind {
            case "payment_intent":
                object = .paymentIntent(try wire.decodeObject(WirePaymentIntent.self).snapshot)
            case "checkout.session":
                object = .checkoutSession(try wire.decodeObject(WireCheckoutSession.self).snapshot)
            case "refund":
                object = .refund(try wire.decodeObject(WireRefund.self).snapshot)
            case let kind:
                object = .other(kind: kind, id: wire.object["id"]?.scalarText)
            }
            return GatewayEvent(id: wire.id, type: WireEventType.domainType(wire.type),
                                created: wire.created, object: object)
        } catch {
            throw .malformedPayload
        }
    }
}
