/// `application/x-www-form-urlencoded` decoding, used for query strings, the hosted pages'
/// forms and (as Stripe accepts it) form-encoded API bodies.
enum FormEncoding {
    /// Splits `a=1&b=x+y` into percent-decoded pairs, in order.
    static func pairs(_ text: some StringProtocol) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(kv[0])
            let value = kv.count > 1 ? percentDecode(kv[1]) : ""
            return (key, value)
        }
    }

    /// Percent-decodes, treating `+` as a space; malformed escapes are kept literally.
    static func percentDecode(_ text: some StringProtocol) -> String {
        var bytes = [UInt8]()
        let input = Array(text.utf8)
        var i = 0
        while i < input.count {
            let c = input[i]
            if c == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), i + 2 < input.count,
                let decoded = Hexdigit.byte(input[i + 1], input[i + 2])
            {
                bytes.append(decoded)
                i += 2
            } else {
                bytes.append(c)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Percent-encodes a query component (everything but unreserved characters).
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
            }
        }
        return out
    }

    /// Turns Stripe-style bracketed keys into a JSON tree: `created[gte]=1` becomes
    /// `{"created":{"gte":"1"}}`, `types[]=card` and `types[0]=card` become arrays.
    /// Values stay strings; `ParamReader` converts them where a number is expected.
    static func tree(_ pairs: [(String, String)]) -> JSONObject {
        var root = JSONValue.object(JSONObject())
        for (key, value) in pairs {
            let path = keyPath(key)
            guard !path.isEmpty else { continue }
            insert(.string(value), at: path[...], into: &root)
        }
        return root.objectValue ?? JSONObject()
    }

    private static func keyPath(_ key: String) -> [String] {
        guard let open = key.firstIndex(of: "[") else { return [key] }
        var path = [String(key[..<open])]
        var rest = key[open...]
        while rest.first == "[", let close = rest.firstIndex(of: "]") {
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into node: inout JSONValue) {
        guard let head = path.first else {
            node = value
            return
        }
        let rest = path.dropFirst()
        if head.isEmpty || Int(head) != nil {
            // Array segment: `[]` appends, `[n]` addresses (or appends at) index n.
            var items = node.arrayValue ?? []
            let index = Int(head).map { min($0, items.count) } ?? items.count
            if index == items.count { items.append(.null) }
            var child = items[index]
            insert(value, at: rest, into: &child)
            items[index] = child
            node = .array(items)
        } else {
            var object = node.objectValue ?? JSONObject()
            var child = object[head] ?? (rest.first.map { $0.isEmpty || Int($0) != nil } == true ? .array([]) : .object(JSONObject()))
            insert(value, at: rest, into: &child)
            object[head] = child
            node = .object(object)
        }
    }
}

/// Hex digit helpers for percent-decoding.
enum Hexdigit {
    /// The byte encoded by two hex digits, or `nil`.
    static func byte(_ hi: UInt8, _ lo: UInt8) -> UInt8? {
        guard let h = value(hi), let l = value(lo) else { return nil }
        return h << 4 | l
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
