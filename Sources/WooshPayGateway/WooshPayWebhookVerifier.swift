import CryptoPrimitives
import OrderDomain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Authenticates WooshPay webhooks (Stripe's scheme) and decodes their events.
///
/// `signed_payload = t + "." + raw body`, `v1 = hex(HMAC-SHA256(secret, signed_payload))`.
/// Every `v1` is compared, in constant time, with the expected tag under every configured
/// secret. Hex is compared case-insensitively (by decoding it to bytes first): the case of
/// hex digits carries no information an attacker could use, and it spares a spurious
/// rejection should WooshPay ever send upper-case digits (Stripe's library would reject).
public struct WooshPayWebhookVerifier: Sendable {
    /// Every secret a signature may be made with (current and previous during rotation).
    let secrets: [WooshPaySecret]
    /// Largest accepted |now - t|; `nil` disables the check.
    let tolerance: Duration?

    /// Creates a verifier. `tolerance` bounds |now - t|; `nil` disables the freshness check.
    public init(secrets: [WooshPaySecret], tolerance: Duration?) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Checks the signature (then freshness) and decodes the event from the exact raw body.
    public func verify(
        rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp
    )
        throws(WebhookVerificationError) -> GatewayEvent
    {
        try authenticate(rawBody: rawBody, signatureHeader: signatureHeader, now: now)
        return try WooshPayDecoding.event(from: rawBody)
    }

    /// Checks the signature (then freshness) and decodes only the event's envelope.
    public func verifyEnvelope(
        rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp
    )
        throws(WebhookVerificationError) -> WebhookEnvelope
    {
        try authenticate(rawBody: rawBody, signatureHeader: signatureHeader, now: now)
        return try WooshPayDecoding.envelope(from: rawBody)
    }

    /// Throws unless `rawBody` carries a valid, fresh signature.
    private func authenticate(rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp) throws(WebhookVerificationError) {
        let header = try WebhookSignatureHeader.parse(signatureHeader)
        guard signatureMatches(header, rawBody: rawBody) else { throw .noSignatureMatch }
        // Freshness is checked after authenticity, so a forged header learns nothing and a
        // genuine but stale delivery is reported as such.
        if let tolerance {
            let age = now.duration(since: header.timestamp)
            guard age <= tolerance, age >= .zero - tolerance else { throw .timestampOutsideTolerance }
        }
    }

    /// Whether any `v1` in `header` is a valid tag of `rawBody` under any secret.
    func signatureMatches(_ header: WebhookSignatureHeader, rawBody: [UInt8]) -> Bool {
        let signedPayload = Array(header.timestampText.utf8) + [UInt8(ascii: ".")] + rawBody
        let candidates = header.signatures.compactMap { Hex.decode($0) }
        var matched = false
        for secret in secrets where !secret.isEmpty {
            let expected = Crypto.hmacSHA256(key: Array(secret.value.utf8), message: signedPayload)
            for candidate in candidates where Crypto.constantTimeEquals(candidate, expected) {
                matched = true
            }
        }
        return matched
    }
}
