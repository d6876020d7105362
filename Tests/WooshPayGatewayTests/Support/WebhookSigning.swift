import CryptoPrimitives

/// Signs webhook bodies the way WooshPay does, for tests that need fresh timestamps.
enum WebhookSigning {
    /// `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
    static func header(secret: String, timestamp: String, body: String) -> String {
        let tag = Crypto.hmacSHA256(key: secret, message: "\(timestamp).\(body)")
        return "t=\(timestamp),v1=\(Hex.encode(tag))"
    }

    /// A minimal `payment_intent.succeeded` event body.
    static let eventBody =
        #"{"id":"evt_1","object":"event","created":1754626531398,"type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent","amount":2500,"currency":"usd","status":"succeeded"}}}"#
}
