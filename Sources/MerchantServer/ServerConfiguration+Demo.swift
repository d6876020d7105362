import HTTPAPI

extension ServerConfiguration {
    /// What the demo storefront (`/demo/config.json`) tells the page: the JS SDK's URL
    /// (`WOOSHPAY_JS_URL`), `CURRENCIES` and `PAYMENT_METHOD_TYPES`.
    public var demo: DemoConfig {
        DemoConfig(wooshPayJSURL: wooshPay.jsURL, currencies: currencies, paymentMethodTypes: payments.paymentMethodTypes)
    }
}
