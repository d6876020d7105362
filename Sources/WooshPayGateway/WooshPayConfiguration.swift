/// Settings of the WooshPay adapter. Only the executable reads the environment; it builds
/// this value and hands it over.
public struct WooshPayConfiguration: Sendable {
    /// API origin without a trailing slash; `https://api.wooshpay.com` for live mode.
    public var apiBase: String
    /// Secret API key (`sk_test_...` / `sk_live_...`), sent as HTTP Basic user name.
    public var secretKey: WooshPaySecret
    /// Publishable key (`pk_...`) handed to the storefront for the JS SDK; not a secret.
    public var publishableKey: String
    /// Webhook signing secrets; a signature made with any of them is accepted, so a new
    /// secret can be added before the old one is removed (rotation).
    public var webhookSecrets: [WooshPaySecret]
    /// Largest accepted distance between a webhook's signed timestamp and now; `nil`
    /// disables the check. WooshPay's retries span 72 h and may reuse the original
    /// timestamp, so the default accepts 73 h and relies on event-id de-duplication
    /// against replays.
    public var webhookTolerance: Duration?
    /// Total time allowed for one HTTP attempt.
    public var requestTimeout: Duration
    /// How many times a transient failure is retried (with the same idempotency key).
    public var maxRetries: Int
    /// First retry delay; doubles on each retry.
    public var backoffBase: Duration
    /// Upper bound of one retry delay.
    public var backoffCap: Duration
    /// A 429 asking to wait longer than this is returned to the caller instead of waited out.
    public var maxRetryAfter: Duration
    /// The `User-Agent` header.
    public var userAgent: String

    /// Creates a configuration with defaults for everything but the keys.
    public init(
        apiBase: String = "https://apitest.wooshpay.com", secretKey: WooshPaySecret,
        publishableKey: String = "", webhookSecrets: [WooshPaySecret] = [],
        webhookTolerance: Duration? = .seconds(73 * 3600),
        requestTimeout: Duration = .seconds(30), maxRetries: Int = 2,
        backoffBase: Duration = .milliseconds(300), backoffCap: Duration = .seconds(5),
        maxRetryAfter: Duration = .seconds(30),
        userAgent: String = "merchant-backend-wooshpay/1.0"
    ) {
        self.apiBase = apiBase
        self.secretKey = secretKey
        self.publishableKey = publishableKey
        self.webhookSecrets = webhookSecrets
        self.webhookTolerance = webhookTolerance
        self.requestTimeout = requestTimeout
        self.maxRetries = maxRetries
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.maxRetryAfter = maxRetryAfter
        self.userAgent = userAgent
    }

    /// Problems that should stop start-up, one clear line each (empty when usable).
    public var problems: [String] {
        var problems: [String] = []
        if !(apiBase.hasPrefix("https://") || apiBase.hasPrefix("http://")) {
            problems.append("WooshPay apiBase must be an http(s) URL, got \(apiBase)")
        }
        if !secretKey.value.hasPrefix("sk_") {
            problems.append("WooshPay secretKey must be a secret key (sk_...), got \(secretKey)")
        }
        if webhookSecrets.isEmpty || webhookSecrets.contains(where: \.isEmpty) {
            problems.append("WooshPay webhookSecrets must hold at least one non-empty secret")
        }
        if maxRetries < 0 { problems.append("WooshPay maxRetries must not be negative") }
        return problems
    }

    /// The API base without a trailing slash, so paths can be appended blindly.
    var normalizedAPIBase: String {
        var base = apiBase
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
