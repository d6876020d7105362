import OrderDomain

/// What the demo storefront needs from the deployment's configuration, served as
/// `GET /demo/config.json`: `{"wooshpay_js_url", "currencies", "payment_method_types"}`.
public struct DemoConfig: Encodable, Sendable, Equatable {
    /// The WooshPay JS SDK script the page loads for the SDK flow (`WOOSHPAY_JS_URL`).
    public var wooshPayJSURL: String
    /// The shop's currencies (`CURRENCIES`), in configured order.
    public var currencies: [String]
    /// The deployment's payment method types (`PAYMENT_METHOD_TYPES`); the page offers the
    /// non-card ones for the direct flow.
    public var paymentMethodTypes: [String]

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case wooshPayJSURL = "wooshpay_js_url"
        case currencies
        case paymentMethodTypes = "payment_method_types"
    }

    /// Creates the configuration the page reads.
    public init(wooshPayJSURL: String, currencies: [Currency], paymentMethodTypes: [String]) {
        self.wooshPayJSURL = wooshPayJSURL
        self.currencies = currencies.map(\.code)
        self.paymentMethodTypes = paymentMethodTypes
    }
}
