import CryptoPrimitives

/// One event waiting to be delivered.
struct WebhookJob: Sendable {
    /// The event's id.
    var eventID: String
    /// The event JSON, sent byte for byte.
    var body: [UInt8]
    /// When the event happened, epoch milliseconds.
    var created: Int64
}

/// Computes `Wooshpay-Signature` headers: `t=<timestamp>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
/// the secret used verbatim (its `whsec_` prefix included).
public struct WebhookSigner: Sendable, CustomStringConvertible {
    /// The endpoint secret.
    public let secret: String

    /// Never shows the secret.
    public var description: String { "WebhookSigner(secret: <redacted>)" }

    /// A signer for `secret`.
    public init(secret: String) {
        self.secret = secret
    }

    /// The header value for `body` signed at `timestamp` (already in the unit to send).
    public func header(timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(signature(timestamp: timestamp, body: body))"
    }

    /// The hex `v1` signature.
    public func signature(timestamp: Int64, body: [UInt8]) -> String {
        WebhookSignature.v1(secret: secret, timestamp: timestamp, body: body)
    }
}
