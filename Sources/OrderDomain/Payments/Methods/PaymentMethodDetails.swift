/// What a non-card method needs besides its type, as the storefront sent it: the payer's
/// billing details, the method's own sub-object (`payment_method_data.mobile_money`) and its
/// options (`payment_method_options.spei`). Passed to WooshPay and never stored, like a raw
/// card: every rendering shows field names only, so a log line cannot leak a tax id.
public struct PaymentMethodDetails: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `payment_method_data.billing_details`.
    public var billing: BillingDetails
    /// `payment_method_data.<type>.<name>` (mobile money's phone number and provider).
    public var methodData: [String: String]
    /// `payment_method_options.<type>.<name>` (Alipay's terminal type, SPEI's CURP...).
    public var options: [String: String]

    /// Creates details; empty by default.
    public init(billing: BillingDetails = BillingDetails(), methodData: [String: String] = [:], options: [String: String] = [:]) {
        self.billing = billing
        self.methodData = methodData
        self.options = options
    }

    /// Whether nothing was given (a bare type).
    public var isEmpty: Bool { billing == BillingDetails() && methodData.isEmpty && options.isEmpty }

    /// The value of one field, `nil` when absent.
    public func value(of field: PaymentMethodField) -> String? {
        switch field {
        case .billing(let name): return billing.value(of: name)
        case .methodData(let name): return methodData[name]
        case .option(let name): return options[name]
        }
    }

    /// The names of the fields given, never their values.
    public var description: String {
        let names = BillingDetails.Field.allCases.filter { billing.value(of: $0) != nil }.map { "billing_details.\($0.path)" }
        return "details(\((names + methodData.keys.sorted() + options.keys.sorted()).joined(separator: ",")))"
    }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// Hides every value from `dump` and mirrors.
    public var customMirror: Mirror { Mirror(self, children: ["fields": description]) }
}

/// `billing_details` as WooshPay's PaymentMethod object has it (`name`, `email`, `phone`,
/// `address{line1, line2, city, state, postal_code, country}`).
public struct BillingDetails: Sendable, Hashable {
    /// One field of the billing details.
    public enum Field: String, Sendable, CaseIterable {
        case name, email, phone, line1, line2, city, state, postalCode, country

        /// The path under `billing_details` (`address.postal_code`).
        public var path: String {
            switch self {
            case .name, .email, .phone: return rawValue
            case .line1, .line2, .city, .state, .country: return "address.\(rawValue)"
            case .postalCode: return "address.postal_code"
            }
        }
    }

    /// The values given, by field.
    public var values: [Field: String]

    /// Creates billing details.
    public init(_ values: [Field: String] = [:]) { self.values = values }

    /// One field's value, `nil` when absent or empty.
    public func value(of field: Field) -> String? {
        guard let text = values[field], !text.isEmpty else { return nil }
        return text
    }
}

/// A field a method may require, named as the request spells its path.
public enum PaymentMethodField: Sendable, Hashable {
    /// `payment_method_data.billing_details.<path>`.
    case billing(BillingDetails.Field)
    /// `payment_method_data.<type>.<name>`.
    case methodData(String)
    /// `payment_method_options.<type>.<name>`.
    case option(String)

    /// The request path of this field for a method `type`.
    public func path(type: String) -> String {
        switch self {
        case .billing(let field): return "payment_method_data.billing_details.\(field.path)"
        case .methodData(let name): return "payment_method_data.\(type).\(name)"
        case .option(let name): return "payment_method_options.\(type).\(name)"
        }
    }
}
