/// Percent-encoding for path segments and query components.
enum URLEscaping {
    private static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)

    /// Escapes everything except RFC 3986 unreserved characters (and, with
    /// `escapingDots`, also `.`).
    static func escape(_ text: String, escapingDots: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Unicode.Scalar(byte))
            case UInt8(ascii: ".") where !escapingDots:
                out.append(Unicode.Scalar(byte))
            default:
                out.append("%")
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(out)
    }

    /// An id escaped for use as one path segment. Dots are escaped too, so an id taken
    /// from a webhook (`..`, `a/b`, `x?y`) can never change which resource is addressed.
    static func segment(_ id: String) -> String {
        escape(id, escapingDots: true)
    }
}
