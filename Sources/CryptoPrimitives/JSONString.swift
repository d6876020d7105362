/// JSON string literals written byte by byte, for the adapters that write JSON by hand on
/// hot paths (log lines, audit rows) rather than through a general encoder.
public enum JSONString {
    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters
    /// escaped, everything else (UTF-8 included) verbatim.
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.append(34)
        for byte in text.utf8 {
            switch byte {
            case 34: out.append(contentsOf: [92, 34])
            case 92: out.append(contentsOf: [92, 92])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            case 9: out.append(contentsOf: [92, 116])
            case 0..<32, 127:
                out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(34)
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
