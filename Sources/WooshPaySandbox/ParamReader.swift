/// Typed, validating access to request parameters (a JSON body, a form body or a query
/// string, all normalised to a `JSONObject`). Errors name the parameter in Stripe's
/// bracket notation (`payment_method_data[card][number]`).
struct ParamReader: Sendable {
    /// The parameters.
    let object: JSONObject
    /// Bracket-notation prefix of this (nested) reader, `""` at the top level.
    let prefix: String

    /// A reader over `object`.
    init(_ object: JSONObject, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    /// The full bracket-notation name of `key`.
    func name(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix)[\(key)]" }

    /// Whether `key` is present and not null.
    func has(_ key: String) -> Bool { (object[key].map { !$0.isNull }) ?? false }

    /// An optional string; numbers and booleans are accepted as their text.
    func string(_ key: String) throws(APIError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .bool(let b)?: return String(b)
        default: throw .invalid(name(key), "Invalid string: \(name(key)) must be a string.")
        }
    }

    /// A required, non-empty string.
    func requireString(_ key: String) throws(APIError) -> String {
        guard let s = try string(key) else { throw .missing(name(key)) }
        guard !s.isEmpty else {
            throw .invalid(name(key), "You passed an empty string for '\(name(key))'.", code: "parameter_invalid_empty")
        }
        return s
    }

    /// An optional integer; integral JSON numbers and decimal strings are accepted (the
    /// refund spec types `amount` as a string).
    func int(_ key: String) throws(APIError) -> Int64? {
        switch object[key] {
        case nil, .null?: return nil
        case .int(let i)?: return i
        case .double(let d)? where d.rounded() == d && abs(d) < 9e15: return Int64(d)
        case .string(let s)? where Int64(s) != nil: return Int64(s)
        default:
            throw .invalid(name(key), "Invalid integer: \(name(key)) must be an integer.", code: "parameter_invalid_integer")
        }
    }

    /// A required integer.
    func requireInt(_ key: String) throws(APIError) -> Int64 {
        guard let i = try int(key) else { throw .missing(name(key)) }
        return i
    }

    /// An optional boolean; `"true"`/`"false"` strings are accepted (form bodies).
    func bool(_ key: String) throws(APIError) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string("true")?: return true
        case .string("false")?: return false
        default: throw .invalid(name(key), "Invalid boolean: \(name(key)) must be true or false.")
        }
    }

    /// An optional nested object as a reader.
    func nested(_ key: String) throws(APIError) -> ParamReader? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let o)?: return ParamReader(o, prefix: name(key))
        default: throw .invalid(name(key), "Invalid object: \(name(key)) must be an object.")
        }
    }

    /// An optional nested object, raw (echoed back as given, e.g. `payment_method_options`).
    func rawObject(_ key: String) throws(APIError) -> JSONObject? {
        try nested(key)?.object
    }

    /// An optional array.
    func array(_ key: String) throws(APIError) -> [JSONValue]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let a)?: return a
        default: throw .invalid(name(key), "Invalid array: \(name(key)) must be an array.")
        }
    }

    /// An optional array of strings.
    func stringArray(_ key: String) throws(APIError) -> [String]? {
        guard let items = try array(key) else { return nil }
        var out = [String]()
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue else {
                throw .invalid("\(name(key))[\(i)]", "Invalid string: \(name(key))[\(i)] must be a string.")
            }
            out.append(s)
        }
        return out
    }

    /// `metadata`: string keys to string values (numbers and booleans become strings, as
    /// Stripe does; nested objects are refused). Order is kept.
    func metadata(_ key: String = "metadata") throws(APIError) -> JSONObject {
        guard let reader = try nested(key) else { return JSONObject() }
        var out = JSONObject()
        for k in reader.object.keys {
            let value: String?
            do { value = try reader.string(k) } catch {
                throw .invalid(reader.name(k), "Invalid metadata: values must be strings.")
            }
            // A null value means "no such key", as in Stripe's metadata updates.
            if let value { out[k] = .string(value) }
        }
        return out
    }
}
