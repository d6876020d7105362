/// What of a verified webhook body is not kept: WooshPay's payment intent objects carry
/// their `client_secret`, a bearer secret that lets anyone holding it confirm the intent
/// from a browser, as a field and inside `next_action` URLs (`?client_secret=...`). Nothing
/// we do with an event needs it (processing re-reads WooshPay), so the inbox stores the
/// body with every `"client_secret": "..."` value replaced by `null` and the secret part of
/// any other `..._secret_<token>` replaced by `[redacted]`. The signature was checked over
/// the exact bytes before this runs.
enum WebhookRedaction {
    private static let field = Array(#""client_secret""#.utf8)

    /// `body` with each string value of a `client_secret` field replaced by `null`, and the
    /// token after any other `_secret_` replaced by `[redacted]`.
    static func withoutClientSecrets(_ body: [UInt8]) -> [UInt8] {
        withoutSecretTokens(withoutSecretFields(body))
    }

    private static let marker = Array("_secret_".utf8)

    private static func withoutSecretTokens(_ body: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(body.count)
        var i = 0
        while i < body.count {
            guard body[i] == UInt8(ascii: "_"), i + marker.count <= body.count, body[i..<i + marker.count].elementsEqual(marker) else {
                out.append(body[i])
                i += 1
                continue
            }
            out += marker
            i += marker.count
            var end = i
            while end < body.count, isTokenByte(body[end]) { end += 1 }
            if end > i { out += Array("[redacted]".utf8) }
            i = end
        }
        return out
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func withoutSecretFields(_ body: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(body.count)
        var i = 0
        while i < body.count {
            guard body[i] == UInt8(ascii: "\""), matches(body, at: i), let (start, end) = stringValue(body, after: i + field.count)
            else {
                out.append(body[i])
                i += 1
                continue
            }
            out += body[i..<start] + Array("null".utf8)
            i = end
        }
        return out
    }

    private static func matches(_ body: [UInt8], at index: Int) -> Bool {
        index + field.count <= body.count && body[index..<index + field.count].elementsEqual(field)
    }

    /// The range of the string value after a key ending at `index` (`: "..."`), from its
    /// opening quote to just past its closing one; `nil` when the value is not a string.
    private static func stringValue(_ body: [UInt8], after index: Int) -> (Int, Int)? {
        var i = skipSpaces(body, index)
        guard i < body.count, body[i] == UInt8(ascii: ":") else { return nil }
        i = skipSpaces(body, i + 1)
        guard i < body.count, body[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < body.count {
            switch body[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return (start, i + 1)
            default: i += 1
            }
        }
        return nil
    }

    private static func skipSpaces(_ body: [UInt8], _ index: Int) -> Int {
        var i = index
        while i < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[i]) { i += 1 }
        return i
    }
}
