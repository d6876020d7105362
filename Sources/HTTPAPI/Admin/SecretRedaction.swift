/// Hides payment intents' client secrets in stored gateway payloads before an operator
/// sees them: WooshPay's events carry the intent's `client_secret`, and its next-action
/// URLs carry it as `client_secret=` (also inside JSON-encoded strings in older payloads).
/// A client secret lets a browser confirm the payment, so it never leaves the service.
enum SecretRedaction {
    /// The field and parameter name.
    static let marker = Array("client_secret".utf8)
    /// What the value becomes.
    static let replacement = Array("redacted".utf8)

    /// `text` with the value of every `"client_secret": "..."` field and
    /// `client_secret=...` parameter replaced by `redacted`; everything else byte for byte.
    static func redact(_ text: String) -> String {
        let c = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(c.count)
        var i = 0
        while i < c.count {
            if c[i] == marker[0], c.count - i >= marker.count, c[i..<i + marker.count].elementsEqual(marker),
                let value = valueRange(c, after: i + marker.count)
            {
                out += c[i..<value.lowerBound]
                out += replacement
                i = value.upperBound
                continue
            }
            out.append(c[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the secret after a `client_secret` key or parameter name lies, if a string
    /// value follows (`null` or prose does not count).
    static func valueRange(_ c: [UInt8], after start: Int) -> Range<Int>? {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let space = UInt8(ascii: " ")
        var i = start
        if i < c.count, c[i] == UInt8(ascii: "=") {
            i += 1
        } else {
            // The key's closing quote (escaped inside a JSON-encoded string), the colon, the
            // value's opening quote.
            while i < c.count, c[i] == backslash || c[i] == quote || c[i] == space { i += 1 }
            guard i < c.count, c[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            while i < c.count, c[i] == space { i += 1 }
            if i < c.count, c[i] == backslash { i += 1 }
            guard i < c.count, c[i] == quote else { return nil }
            i += 1
        }
        let begin = i
        let ends: Set<UInt8> = [quote, backslash, space, UInt8(ascii: "&"), UInt8(ascii: "#")]
        while i < c.count, !ends.contains(c[i]) { i += 1 }
        return begin < i ? begin..<i : nil
    }
}
