import OrderDomain

/// What the demo storefront needs from the deployment's configuration, served as
/// `GET /demo/config.json`: `{"wooshpay_js_url", "currencies", "payment_method_types",
/// "payment_methods"}`.
public struct DemoConfig: Encodable, Sendable, Equatable {
    /// One configured method as a storefront must offer it (from `PaymentMethodCatalog`).
    public struct Method: Encodable, Sendable, Equatable {
        /// One field the direct flow must send.
        public struct Field: Encodable, Sendable, Equatable {
            var path: String
            var label: String
            /// `text`, `email`, `tel`, `country` or `choice`.
            var kind: String
            var choices: [String]?
        }
        var type: String
        var family: String
        /// `checkout`, `sdk`, `direct`: where the method can be paid.
        var flows: [String]
        /// `null` for any currency.
        var currencies: [String]?
        /// Every listed field is required in the direct flow.
        var fields: [Field]

        init(_ spec: PaymentMethodSpec) {
            type = spec.type
            family = spec.family.rawValue
            flows = spec.flows.map(\.rawValue)
            currencies = spec.currencies?.sorted()
            fields = (spec.requirements ?? []).map { requirement in
                let kind: String
                var choices: [String]?
                switch requirement.kind {
                case .text: kind = "text"
                case .email: kind = "email"
                case .tel: kind = "tel"
                case .country: kind = "country"
                case .choice(let values):
                    kind = "choice"
                    choices = values
                }
                return Field(path: requirement.field.path(type: spec.type), label: requirement.label, kind: kind, choices: choices)
            }
        }
    }

    /// The WooshPay JS SDK script the page loads for the SDK flow (`WOOSHPAY_JS_URL`).
    public var wooshPayJSURL: String
    /// The shop's currencies (`CURRENCIES`), in configured order.
    public var currencies: [String]
    /// The deployment's payment method types (`PAYMENT_METHOD_TYPES`).
    public var paymentMethodTypes: [String]
    /// The same types with what each needs, in configured order.
    public var paymentMethods: [Method]

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case wooshPayJSURL = "wooshpay_js_url"
        case currencies
        case paymentMethodTypes = "payment_method_types"
        case paymentMethods = "payment_methods"
    }

    /// Creates the configuration the page reads.
    public init(wooshPayJSURL: String, currencies: [Currency], paymentMethodTypes: [String]) {
        self.wooshPayJSURL = wooshPayJSURL
        self.currencies = currencies.map(\.code)
        self.paymentMethodTypes = paymentMethodTypes
        paymentMethods = paymentMethodTypes.map { Method(PaymentMethodCatalog.spec(for: $0)) }
    }
}
