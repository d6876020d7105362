#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Any JSON value, for fields whose shape WooshPay does not keep stable (objects that
/// sometimes arrive JSON-encoded inside a string, `""` standing for null, numbers as
/// strings).
enum JSONValue: Codable, Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integral number. Kept apart from doubles: snowflake ids exceed a Double's precision.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Decodes any JSON value. Each wrong guess costs a thrown error, so the kinds are tried
    /// from the most common in WooshPay's objects (strings) to the least (arrays).
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    /// Encodes the value back to JSON.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text; `nil` when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Undoes WooshPay's 2022 habit of JSON-encoding nested values into strings: a string
    /// that looks like a JSON object or array is parsed, `""` and `"null"` become null,
    /// anything else is returned unchanged.
    var unwrappingStringifiedJSON: JSONValue {
        guard case .string(let text) = self else { return self }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "null" { return .null }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return JSONValue.parse(trimmed) ?? self }
        return self
    }

    /// Whether `text` is its own scalar text: not empty, not `null`, not stringified JSON
    /// and without surrounding white space (which `unwrappingStringifiedJSON` would trim).
    static func isPlainText(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last, text != "null" else { return false }
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x80 }
        return !space(first) && !space(last) && first != UInt8(ascii: "{") && first != UInt8(ascii: "[")
    }

    /// The members of an object (after unwrapping a stringified one); `nil` otherwise.
    var objectValue: [String: JSONValue]? {
        if case .object(let members) = unwrappingStringifiedJSON { return members }
        return nil
    }

    /// The elements of an array (after unwrapping a stringified one); `nil` otherwise.
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = unwrappingStringifiedJSON { return elements }
        return nil
    }

    /// A scalar rendered as text (numbers and booleans too); `nil` for null, objects, arrays
    /// and empty strings.
    var scalarText: String? {
        switch self {
        case .string(let value): return value.isEmpty ? nil : value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }

    /// An integer, also from an integral double or a numeric string; `nil` otherwise.
    var int64Value: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.rounded() == value, let exact = Int64(exactly: value) else { return nil }
            return exact
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let value = Int64(trimmed) { return value }
            guard let double = Double(trimmed) else { return nil }
            return JSONValue.double(double).int64Value
        case .null, .bool, .array, .object: return nil
        }
    }

    /// A boolean, also from `"true"`/`"false"` strings.
    var boolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let text): return Bool(text.lowercased())
        case .int(let value): return value != 0
        case .null, .double, .array, .object: return nil
        }
    }
}
