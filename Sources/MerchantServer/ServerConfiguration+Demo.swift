import Foundation
import HTTPAPI

extension ServerConfiguration {
    /// What the demo storefront (`/demo/config.json`) tells the page: the JS SDK's URL
    /// (`WOOSHPAY_JS_URL`), `CURRENCIES` and `PAYMENT_METHOD_TYPES`.
    public var demo: DemoConfig {
        DemoConfig(wooshPayJSURL: wooshPay.jsURL, currencies: currencies, paymentMethodTypes: payments.paymentMethodTypes)
    }

    /// The origins the demo page's WooshPay SDK loads from and calls (its script's and the
    /// API's), for the pages' Content-Security-Policy.
    var demoSDKOrigins: [String] {
        var origins = [String]()
        for url in [wooshPay.jsURL, wooshPay.apiBase] {
            guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { continue }
            let origin = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)" + (parts.port.map { ":\($0)" } ?? "")
            if !origins.contains(origin) { origins.append(origin) }
        }
        return origins
    }
}
