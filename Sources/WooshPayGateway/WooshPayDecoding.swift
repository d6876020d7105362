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

    /// Decodes an event's envelope only (see `WireEventEnvelope`); what cannot be read as
    /// one is a malformed payload.
    static func envelope(from bytes: [UInt8]) throws(WebhookVerificationError) -> WebhookEnvelope {
        do {
            return try JSONDecoder().decode(WireEventEnvelope.self, from: Data(bytes)).envelope
        } catch {
            throw .malformedPayload
        }
    }

    /// Decodes an event; an object of a kind we do not model becomes `.other`, but a
    /// payment intent, session or refund that cannot be read is a malformed payload.
    static func event(from bytes: [UInt8]) throws(WebhookVerificationError) -> GatewayEvent {
        do {
            let wire = try JSONDecoder().decode(WireEvent.self, from: Data(bytes))
            return GatewayEvent(id: wire.id, type: WireEventType.domainType(wire.type), created: wire.created, object: wire.object)
        } catch {
            throw .malformedPayload
        }
    }
}
