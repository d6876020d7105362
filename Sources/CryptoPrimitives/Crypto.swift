internal import COpenSSL

/// Cryptographic primitives backed by OpenSSL's libcrypto: HMAC-SHA256, SHA-256,
/// constant-time comparison, secure random bytes and hex encoding.
public enum Crypto {
    /// Length in bytes of a SHA-256 digest (and of an HMAC-SHA256 tag).
    public static let sha256Length = 32

    /// HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        // OpenSSL wants non-null pointers even for empty input: pad to one byte and pass
        // the real length.
        let keyCount = key.count
        let messageCount = message.count
        let key = keyCount == 0 ? [0] : Array(key)
        let message = messageCount == 0 ? [0] : Array(message)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLength: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(
                        EVP_sha256(), k.baseAddress, Int32(keyCount),
                        m.baseAddress, messageCount, o.baseAddress, &outLength)
                }
            }
        }
        precondition(ok != nil && outLength == UInt32(sha256Length), "HMAC-SHA256 failed in libcrypto")
        return Array(out.prefix(Int(outLength)))
    }

    /// HMAC-SHA256 over UTF-8 strings, the usual form for webhook signatures.
    public static func hmacSHA256(key: String, message: String) -> [UInt8] {
        hmacSHA256(key: Array(key.utf8), message: Array(message.utf8))
    }

    /// SHA-256 digest of `data`.
    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        let count = data.count
        let data = count == 0 ? [0] : Array(data)
        var out = [UInt8](repeating: 0, count: sha256Length)
        data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in
                _ = SHA256(d.baseAddress, count, o.baseAddress)
            }
        }
        return out
    }

    /// SHA-256 of a string's UTF-8 bytes, as lower-case hex (how API keys and tokens are stored).
    public static func sha256Hex(_ string: String) -> String {
        Hex.encode(sha256(Array(string.utf8)))
    }

    /// Compares two byte sequences in time that depends only on their lengths, never on
    /// where they differ, so that a caller cannot learn a secret byte by byte.
    public static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let a = Array(a)
        let b = Array(b)
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    /// `count` bytes from OpenSSL's cryptographically secure generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let rc = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        // RAND_bytes only fails when the generator cannot be seeded; continuing would
        // hand out predictable tokens, so stopping is the only safe answer.
        precondition(rc == 1, "RAND_bytes failed: the system random generator is unavailable")
        return out
    }

    /// A random token of `byteCount` bytes, hex encoded, with an optional prefix (`ord_`, `pay_`...).
    public static func randomToken(prefix: String = "", byteCount: Int = 16) -> String {
        prefix + Hex.encode(randomBytes(byteCount))
    }
}
