import CryptoPrimitives

/// Randomness for ids, secrets and fault rolls, drawn from OpenSSL's generator.
enum SandboxRandom {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// A uniformly distributed value in `0..<1`.
    static func unit() -> Double {
        let bytes = Crypto.randomBytes(8)
        let bits = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // 53 random bits fill a Double's mantissa exactly.
        return Double(bits >> 11) / Double(UInt64(1) << 53)
    }

    /// Whether an event with probability `rate` happens this time.
    static func roll(_ rate: Double) -> Bool {
        rate > 0 && unit() < rate
    }

    /// A random integer in `0...upperBound`.
    static func upTo(_ upperBound: Int) -> Int {
        guard upperBound > 0 else { return 0 }
        return Int(unit() * Double(upperBound + 1)) % (upperBound + 1)
    }

    /// `count` random alphanumeric characters (client secrets, request ids).
    static func alphanumeric(_ count: Int) -> String {
        // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps
        // every character equally likely.
        var out = ""
        while out.count < count {
            for byte in Crypto.randomBytes(count * 2) where byte < 248 && out.count < count {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return out
    }
}

/// Snowflake-like numeric ids (`pi_1583366366029676544`): milliseconds since a fixed epoch
/// in the high bits and a counter below, so ids sort in creation order, as WooshPay's do.
struct IDGenerator: Sendable {
    // Twitter's snowflake epoch gives 19-digit ids today, the length WooshPay's have.
    private static let epochMilliseconds: Int64 = 1_288_834_974_657
    private var last: Int64 = 0

    /// A new id, strictly greater than every id this generator returned before.
    mutating func next(nowMilliseconds: Int64) -> Int64 {
        let candidate = (nowMilliseconds - Self.epochMilliseconds) << 22 | Int64(SandboxRandom.upTo(1023))
        last = max(candidate, last + 1)
        return last
    }

    /// A new id with a prefix, e.g. `pi_`, `cs_test_`, `re_`, `evt_`.
    mutating func next(_ prefix: String, nowMilliseconds: Int64) -> String {
        prefix + String(next(nowMilliseconds: nowMilliseconds))
    }
}
