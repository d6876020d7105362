import Foundation

/// The keyed hashes and the encryption of the idempotency store, so that nothing it keeps
/// can be read back or brute-forced from a database dump.
///
/// Every derivation is keyed by the caller's own secrets, which are never stored: the
/// `Idempotency-Key` and the caller's credential (order token, admin key; none on order
/// creation, where the key is the secret and must be long). The record's key column is a
/// keyed hash, the request fingerprint is a keyed hash over the body without card fields,
/// and the stored response is sealed with AES-256-GCM under a key derived the same way,
/// so only a repeat presenting the same key and credential can open it.
public struct IdempotencySecrets: Sendable {
    /// HMAC-SHA256(key, message).
    let hmac: @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]
    /// Authenticated encryption under a 32-byte key.
    let seal: @Sendable (_ plaintext: [UInt8], _ key: [UInt8]) -> [UInt8]
    /// The plaintext, or `nil` for a wrong key or an altered box.
    let open: @Sendable (_ box: [UInt8], _ key: [UInt8]) -> [UInt8]?
    /// Lower-case hex of bytes.
    let hex: @Sendable ([UInt8]) -> String

    /// Creates the primitives; injected because this module may not depend on the crypto adapter.
    public init(
        hmac: @escaping @Sendable ([UInt8], [UInt8]) -> [UInt8],
        seal: @escaping @Sendable ([UInt8], [UInt8]) -> [UInt8],
        open: @escaping @Sendable ([UInt8], [UInt8]) -> [UInt8]?,
        hex: @escaping @Sendable ([UInt8]) -> String
    ) {
        self.hmac = hmac
        self.seal = seal
        self.open = open
        self.hex = hex
    }

    /// The derivations for one request.
    struct Derived {
        /// The store's `scope` column: route and caller, hashed (fixed length, no secret).
        var scope: String
        /// The store's `key` column.
        var key: String
        /// The request fingerprint.
        var requestHash: String
        /// What routes store on the objects they create.
        var reference: String
        /// Seals and opens the stored response.
        var responseKey: [UInt8]
    }

    func derive(method: String, path: String, key: String, credential: String, body: [UInt8]) -> Derived {
        let root = hmac(Array(key.utf8) + [0] + Array(credential.utf8), Array("merchant idempotency v1".utf8))
        // Route and caller: the same for every key of one caller (the credential is a long
        // random secret, so its hash reveals nothing; order creation has none).
        let scope = hex(hmac(Array("merchant idempotency scope".utf8), Array("\(method) \(path)\u{0}\(credential)".utf8)))
        func tag(_ label: String, _ extra: [UInt8] = []) -> [UInt8] { hmac(root, Array("\(label) \(scope)\u{0}".utf8) + extra) }
        return Derived(
            scope: scope, key: hex(tag("key")),
            requestHash: hex(tag("body", Self.fingerprintBody(body))),
            reference: hex(tag("reference")), responseKey: tag("response"))
    }

    /// The body as fingerprinted: card fields (`payment_method_data.card`) are removed, so
    /// no form of a card number or CVC is kept (PCI DSS 3.3.1.2). Other bodies are taken
    /// byte for byte.
    static func fingerprintBody(_ body: [UInt8]) -> [UInt8] {
        guard body.firstRange(of: Array(#""card""#.utf8)) != nil,
            var object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
            var data = object["payment_method_data"] as? [String: Any], data["card"] != nil
        else { return body }
        data["card"] = "[card fields are not fingerprinted]"
        object["payment_method_data"] = data
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init) ?? []
    }
}
