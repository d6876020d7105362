/// A JSON document tree. The sandbox builds every wire object with it (rather than with
/// `Codable` structs) because quirks mode changes field *types* on the fly: timestamps,
/// JSON-encoded-string fields and currency case all depend on the configured wire style.
enum JSONValue: Sendable, Equatable {
    /// JSON `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integral number.
    case int(Int64)
    /// A non-integral number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in order.
    case object(JSONObject)

    /// The string payload, if this is a string.
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object payload, if this is an object.
    var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, if this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The integer payload, if this is an integer.
    var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// Whether this is JSON `null`.
    var isNull: Bool { self == .null }

    /// Member lookup for objects; `nil` for other kinds or a missing key.
    subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// A JSON object that keeps its keys in insertion order, so that responses read like
/// WooshPay's examples (`id` and `object` first) and serialise deterministically.
struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members in order.
    private(set) var entries: [(key: String, value: JSONValue)]

    /// An empty object.
    init() { entries = [] }

    /// An object from ordered members; a later duplicate key replaces the earlier value.
    init(_ pairs: [(String, JSONValue)]) {
        entries = []
        for (k, v) in pairs { self[k] = v }
    }

    /// Builds an object from a literal, keeping the literal's order.
    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The member keys in order.
    var keys: [String] { entries.map(\.key) }

    /// Whether the object has no members.
    var isEmpty: Bool { entries.isEmpty }

    /// Gets or sets a member; setting `nil` removes it, setting an existing key keeps its position.
    subscript(key: String) -> JSONValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Equal when the same keys hold equal values in the same order.
    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// A string literal.
    init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal.
    init(integerLiteral value: Int64) { self = .int(value) }
    /// A boolean literal.
    init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `nil` is JSON `null`.
    init(nilLiteral: ()) { self = .null }
    /// An array literal.
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal, order kept.
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }

    /// A string, or `null` when absent.
    static func nullable(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// An integer, or `null` when absent.
    static func nullable(_ value: Int64?) -> JSONValue { value.map { .int($0) } ?? .null }

    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
}
