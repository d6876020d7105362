import OrderDomain
import WooshPayGateway

/// The `WOOSHPAY_*` keys, kept as plain values until the gateway is built.
public struct WooshPaySettings: Sendable {
    /// API origin (`WOOSHPAY_API_BASE`, default the test host).
    public var apiBase: String = "https://apitest.wooshpay.com"
    /// `sk_...` (`WOOSHPAY_SECRET_KEY`); never logged.
    public var secretKey: String = ""
    /// `pk_...` (`WOOSHPAY_PUBLISHABLE_KEY`), handed to the JS SDK.
    public var publishableKey: String = ""
    /// `whsec_...` (`WOOSHPAY_WEBHOOK_SECRET`, comma list during rotation); never logged.
    public var webhookSecrets: [String] = []
    /// Seconds allowed for one WooshPay HTTP call (`WOOSHPAY_TIMEOUT`, default 30).
    public var requestTimeoutSeconds: Int = 30
    /// The WooshPay JS SDK script the demo storefront loads (`WOOSHPAY_JS_URL`); until set,
    /// `<apiBase>/js/wooshpay.js`, so it follows `WOOSHPAY_API_BASE`.
    public var jsURL: String {
        get { jsURLSetting ?? apiBase + "/js/wooshpay.js" }
        set { jsURLSetting = newValue }
    }
    private var jsURLSetting: String?

    /// The keys this part reads.
    public static let keys = [
        "WOOSHPAY_API_BASE", "WOOSHPAY_SECRET_KEY", "WOOSHPAY_PUBLISHABLE_KEY",
        "WOOSHPAY_WEBHOOK_SECRET", "WOOSHPAY_TIMEOUT", "WOOSHPAY_JS_URL",
    ]

    /// Defaults (no keys).
    public init() {}

    /// Keys `serve` cannot do without.
    var missingKeys: [String] {
        [
            ("WOOSHPAY_SECRET_KEY", secretKey), ("WOOSHPAY_PUBLISHABLE_KEY", publishableKey),
            ("WOOSHPAY_WEBHOOK_SECRET", webhookSecrets.joined()),
        ].filter { $0.1.isEmpty }.map(\.0)
    }

    /// Reads the keys; returns one line per problem, never echoing a secret.
    mutating func read(_ value: (String) -> String?) -> [String] {
        var problems = [String]()
        if let base = value("WOOSHPAY_API_BASE") {
            if ServerConfiguration.isHTTPURL(base) {
                apiBase = ServerConfiguration.withoutTrailingSlash(base)
            } else {
                problems.append("WOOSHPAY_API_BASE must be an http(s) URL, got \"\(base)\"")
            }
        }
        if let key = value("WOOSHPAY_SECRET_KEY") {
            if key.hasPrefix("sk_") {
                secretKey = key
            } else {
                problems.append("WOOSHPAY_SECRET_KEY must be a secret key starting with sk_ (value not shown)")
            }
        }
        if let key = value("WOOSHPAY_PUBLISHABLE_KEY") {
            if key.hasPrefix("pk_") {
                publishableKey = key
            } else {
                problems.append("WOOSHPAY_PUBLISHABLE_KEY must start with pk_, got \"\(key)\"")
            }
        }
        if let list = value("WOOSHPAY_WEBHOOK_SECRET") { webhookSecrets = ServerConfiguration.commaList(list) }
        if let timeout = value("WOOSHPAY_TIMEOUT") {
            if let n = Int(timeout), (1...120).contains(n) {
                requestTimeoutSeconds = n
            } else {
                problems.append("WOOSHPAY_TIMEOUT must be seconds 1-120, got \"\(timeout)\"")
            }
        }
        if let url = value("WOOSHPAY_JS_URL") {
            if ServerConfiguration.isHTTPURL(url) {
                jsURL = url
            } else {
                problems.append("WOOSHPAY_JS_URL must be an http(s) URL of the WooshPay JS SDK, got \"\(url)\"")
            }
        }
        return problems
    }

    /// The adapter's configuration.
    public var gatewayConfiguration: WooshPayConfiguration {
        WooshPayConfiguration(
            apiBase: apiBase, secretKey: WooshPaySecret(secretKey), publishableKey: publishableKey,
            webhookSecrets: webhookSecrets.map(WooshPaySecret.init),
            requestTimeout: .seconds(requestTimeoutSeconds))
    }
}

extension PaymentSettings {
    /// Reads `PAYMENT_METHOD_TYPES`, `CAPTURE_METHOD`, `ALLOWED_CAPTURE_METHODS` and `ALLOW_RAW_CARD_DATA`.
    mutating func read(_ value: (String) -> String?, commaList: (String) -> [String]) -> [String] {
        var problems = [String]()
        if let list = value("PAYMENT_METHOD_TYPES") {
            let types = commaList(list)
            if !types.isEmpty, types.allSatisfy(PaymentRules.isPaymentMethodType) {
                paymentMethodTypes = types
            } else {
                problems.append("PAYMENT_METHOD_TYPES must be a comma list of WooshPay types such as card,alipay, got \"\(list)\"")
            }
        }
        if let method = value("CAPTURE_METHOD") {
            if let m = CaptureMethod(rawValue: method.lowercased()) {
                defaultCaptureMethod = m
            } else {
                problems.append("CAPTURE_METHOD must be automatic or manual, got \"\(method)\"")
            }
        }
        if let list = value("ALLOWED_CAPTURE_METHODS") {
            let names = commaList(list.lowercased())
            let allowed = names.compactMap(CaptureMethod.init(rawValue:))
            if !names.isEmpty, allowed.count == names.count, allowed.contains(defaultCaptureMethod) {
                allowedCaptureMethods = Set(allowed)
            } else {
                problems.append(
                    "ALLOWED_CAPTURE_METHODS must be a comma list of automatic and manual that includes CAPTURE_METHOD (\(defaultCaptureMethod.rawValue)), got \"\(list)\""
                )
            }
        }
        if let flag = value("ALLOW_RAW_CARD_DATA") {
            switch flag.lowercased() {
            case "true", "1", "yes": allowRawCardData = true
            case "false", "0", "no": allowRawCardData = false
            default: problems.append("ALLOW_RAW_CARD_DATA must be true or false, got \"\(flag)\"")
            }
        }
        return problems
    }
}
