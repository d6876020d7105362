/// Why a webhook was rejected. Every case means "do not trust this body"; the HTTP layer
/// answers 400 and the gateway retries later.
public enum WebhookVerificationError: Error, Sendable, Hashable {
    /// No signature header (or an empty one).
    case missingHeader
    /// The header could not be parsed (no timestamp, no signature, bad syntax).
    case malformedHeader
    /// No signature in the header matches the body under any configured secret.
    case noSignatureMatch
    /// The signature is valid but its timestamp is too far from now (replay protection).
    case timestampOutsideTolerance
    /// The signature is valid but the body is not an event this adapter can read.
    case malformedPayload
}
