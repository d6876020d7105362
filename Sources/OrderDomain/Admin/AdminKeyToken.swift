/// The text of an admin API key, `mk_<16 hex id>_<64 hex secret>`: the id part finds the
/// stored key (it is not secret), the secret part is only ever stored as a SHA-256.
public struct AdminKeyToken: Sendable, Equatable {
    /// Prefix of every key, so leaked keys are easy to recognise (and to grep for).
    public static let prefix = "mk_"
    /// Hex digits of the id part.
    public static let idHexLength = 16
    /// Hex digits of the secret part.
    public static let secretHexLength = 64

    /// The 16 lower-case hex digits identifying the key.
    public let idHex: String
    /// The 64 lower-case hex digits of the secret.
    public let secret: String

    /// The stored id of the key, `key_<16 hex>` (the `api_keys.id` column).
    public var keyID: String { "key_" + idHex }

    /// The full key as handed to its owner.
    public var text: String { Self.prefix + idHex + "_" + secret }

    /// Creates a token from its parts; `nil` unless both are lower-case hex of the right length.
    public init?(idHex: String, secret: String) {
        guard Self.isLowerHex(idHex, count: Self.idHexLength), Self.isLowerHex(secret, count: Self.secretHexLength) else {
            return nil
        }
        self.idHex = idHex
        self.secret = secret
    }

    /// Parses a presented key; `nil` when it is not exactly of the documented shape.
    public init?(parsing text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let parts = text.dropFirst(Self.prefix.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        self.init(idHex: String(parts[0]), secret: String(parts[1]))
    }

    /// Normalises what an operator typed to name a key: `key_<hex>` or the bare hex id
    /// become the stored id; anything else is taken as a key name.
    public static func storedID(fromReference reference: String) -> String? {
        if reference.hasPrefix("key_"), isLowerHex(String(reference.dropFirst(4)), count: idHexLength) { return reference }
        if isLowerHex(reference, count: idHexLength) { return "key_" + reference }
        return nil
    }

    private static func isLowerHex(_ s: String, count: Int) -> Bool {
        let bytes = Array(s.utf8)
        return bytes.count == count && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
