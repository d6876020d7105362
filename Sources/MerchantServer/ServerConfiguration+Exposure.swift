import OrderDomain

/// What the service exposes besides the API: the demo storefront, `/metrics`, and the
/// back office's sessions.
public struct ExposureSettings: Sendable {
    /// Serve the demo storefront at `/demo` (`DEMO_ENABLED`, default false: a working shop
    /// on the payment API's origin is for development; `make run` turns it on).
    public var demoEnabled = false
    /// Bearer token `/metrics` requires (`METRICS_TOKEN`); empty, the default, leaves it open
    /// for a scraper on the internal network (the shipped nginx blocks it from outside).
    public var metricsToken = ""
    /// `MERCHANT_ENV`: `production`, the default, refuses test keys on the live host, live
    /// keys on the test host and plain `http://` to WooshPay or notification endpoints;
    /// `development` allows those (a sandbox on a private network, as deploy/docker-compose.yml
    /// runs it). Placeholders and short secrets are refused in both.
    public var development = false
    /// Seconds a back-office session lives without a request (`ADMIN_SESSION_IDLE`, default
    /// 30 min); it ends at 12 h whatever its use.
    public var adminSessionIdleSeconds: Int64 = 30 * 60

    /// The keys this part reads.
    static let keys = ["DEMO_ENABLED", "METRICS_TOKEN", "MERCHANT_ENV", "ADMIN_SESSION_IDLE"]

    /// Defaults.
    public init() {}

    /// Reads the keys; one line per problem, never echoing the token.
    mutating func read(_ value: (String) -> String?) -> [String] {
        var problems = [String]()
        if let flag = value("DEMO_ENABLED") {
            switch flag.lowercased() {
            case "true", "1", "yes": demoEnabled = true
            case "false", "0", "no": demoEnabled = false
            default: problems.append("DEMO_ENABLED must be true or false, got \"\(flag)\"")
            }
        }
        if let mode = value("MERCHANT_ENV") {
            switch mode.lowercased() {
            case "production": development = false
            case "development": development = true
            default: problems.append("MERCHANT_ENV must be production or development, got \"\(mode)\"")
            }
        }
        if let text = value("ADMIN_SESSION_IDLE") {
            if let seconds = SettlementSettings.seconds(text), (60...12 * 3600).contains(seconds) {
                adminSessionIdleSeconds = seconds
            } else {
                problems.append("ADMIN_SESSION_IDLE must be a duration from 60s to 12h such as 30m, got \"\(text)\"")
            }
        }
        if let token = value("METRICS_TOKEN") {
            if token.utf8.count >= 16, token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
                metricsToken = token
            } else {
                problems.append("METRICS_TOKEN must be at least 16 visible ASCII characters (value not shown)")
            }
        }
        return problems
    }
}
