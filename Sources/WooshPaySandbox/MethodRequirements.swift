import Foundation

/// What WooshPay's pages say a direct-API start must carry, per payment method type: the
/// sandbox's own copy (it must not import the adapter, or a mistake in the adapter's table
/// would be agreed with instead of caught). Sources are in docs/SANDBOX.md; a type missing
/// here has no documented input and is accepted with the type alone.
enum MethodRequirements {
    /// One required input.
    enum Input: Sendable, Equatable {
        /// `payment_method_data.billing_details.<path>` (`name`, `email`, `address.country`).
        case billing([String])
        /// `payment_method_data.<type>.<field>` (mobile money's phone number).
        case methodData(String)
        /// `payment_method_options.<type>.<field>`, one of `allowed` when given.
        case option(String, allowed: [String]?)
    }

    private static let payer: [Input] = [.billing(["name"]), .billing(["email"]), .billing(["address", "country"])]

    /// The documented inputs per type.
    static let table: [String: [Input]] = [
        "alipay": [.option("terminal_type", allowed: ["WEB", "APP"])],
        "alipayplus": [.option("terminal_type", allowed: ["WEB", "APP"])],
        "upi": [.option("app_type", allowed: nil), .billing(["email"])],
        "paynow": payer,
        "pix": payer,
        "bank_transfer_uk": payer,
        "bank_transfer_eu": payer,
        "spei": [.option("curp", allowed: nil), .option("rfc_pf", allowed: nil), .billing(["name"])],
        "mobile_money": [.methodData("phone_number"), .methodData("provider_code")],
    ]

    /// The first documented input a start with `data` (its `payment_method_data`) and
    /// `options` (`payment_method_options`) lacks, as the 400 WooshPay answers; `nil` if
    /// all are there.
    static func check(type: String, data: JSONObject, options: JSONObject) -> APIError? {
        for input in table[type] ?? [] {
            switch input {
            case .billing(let path):
                let value = lookup(["billing_details"] + path, in: data)
                if !present(value) {
                    return .missing("payment_method_data" + (["billing_details"] + path).map { "[\($0)]" }.joined())
                }
            case .methodData(let field):
                if !present(lookup([type, field], in: data)) {
                    return .missing("payment_method_data[\(type)][\(field)]")
                }
            case .option(let field, let allowed):
                let param = "payment_method_options[\(type)][\(field)]"
                let value = lookup([type, field], in: options)
                guard present(value) else { return .missing(param) }
                if let allowed, let text = value?.stringValue, !allowed.contains(text) {
                    return .invalid(param, "Invalid \(param): must be one of \(allowed.joined(separator: ", ")).")
                }
            }
        }
        return nil
    }

    private static func lookup(_ path: [String], in object: JSONObject) -> JSONValue? {
        var current: JSONValue? = .object(object)
        for key in path { current = current?.objectValue?[key] }
        return current
    }

    private static func present(_ value: JSONValue?) -> Bool {
        guard let value, !value.isNull else { return false }
        if let text = value.stringValue { return !text.trimmingCharacters(in: .whitespaces).isEmpty }
        return true
    }
}
