/// Stripe's webhook signature scheme, which WooshPay signs our webhooks with and we sign
/// our own notifications with: `t=<timestamp>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
/// the secret used verbatim (a `whsec_` prefix included).
public enum WebhookSignature {
    /// The header value for `body` signed with `secret` at `timestamp`.
    public static func header(secret: String, timestamp: Int64, body: some Collection<UInt8>) -> String {
        "t=\(timestamp),v1=\(v1(secret: secret, timestamp: timestamp, body: body))"
    }

    /// The hex `v1` signature.
    public static func v1(secret: String, timestamp: Int64, body: some Collection<UInt8>) -> String {
        Hex.encode(Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + Array(body)))
    }
}
