/// How objects are rendered: clean, or with the quirks seen in older WooshPay examples
/// (JSON-encoded-string fields, `next_action: ""`, lower-case currency on sessions and
/// refunds). Timestamps are epoch milliseconds, as every WooshPay example shows them;
/// Stripe's seconds are a separate quirk (`secondsTimestamps`).
struct WireStyle: Sendable {
    /// Whether quirks mode is on.
    let quirks: Bool
    /// Whether timestamps are rendered in seconds (Stripe) instead of milliseconds.
    var secondsTimestamps: Bool = false

    /// A timestamp: milliseconds, or seconds under `secondsTimestamps`.
    func timestamp(_ milliseconds: Int64) -> JSONValue {
        .int(secondsTimestamps ? milliseconds / 1000 : milliseconds)
    }

    /// An optional timestamp.
    func timestamp(_ milliseconds: Int64?) -> JSONValue {
        milliseconds.map { timestamp($0) } ?? .null
    }

    /// A currency code on an object that WooshPay sometimes renders in lower case.
    func looseCurrency(_ code: String) -> JSONValue {
        .string(quirks ? code.lowercased() : code.uppercased())
    }

    /// A structured field that quirks mode sends as a JSON-encoded string
    /// (`payment_method_types`, `payment_method_options`, `metadata`).
    func embedded(_ value: JSONValue) -> JSONValue {
        quirks ? .string(value.jsonString) : value
    }

    /// `next_action`: `null` when empty normally; in quirks mode `""` when empty and a
    /// JSON-encoded string otherwise.
    func nextAction(_ value: JSONValue?) -> JSONValue {
        guard let value else { return quirks ? .string("") : .null }
        return embedded(value)
    }

    /// Parses a client-supplied timestamp that may be seconds or milliseconds (values above
    /// 1e12 are milliseconds, the rule the API notes recommend) into milliseconds.
    static func milliseconds(fromClientTimestamp value: Int64) -> Int64 {
        value > 1_000_000_000_000 ? value : value * 1000
    }
}
