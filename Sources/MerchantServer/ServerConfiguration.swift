import Logging
import OrderDomain

/// Everything the `merchant` executable reads from its environment, validated once at
/// start-up. Only the executable reads the environment; components receive their part.
public struct ServerConfiguration: Sendable {
    /// Address to listen on (`HTTP_HOST`, default 127.0.0.1).
    public var httpHost: String = "127.0.0.1"
    /// Port to listen on (`HTTP_PORT`, default 8080; 0 picks a free port).
    public var httpPort: Int = 8080
    /// libpq connection string (`DATABASE_URL`); empty means the `PG*` variables.
    public var databaseURL: String = ""
    /// Connections in the pool (`DATABASE_POOL_SIZE`, default 8).
    public var databasePoolSize: Int = 8
    /// Prepare each statement once per connection (`DATABASE_PREPARED_STATEMENTS`, default
    /// true); `false` behind PgBouncer in transaction pooling mode.
    public var databasePreparedStatements = true
    /// Folder of the numbered SQL migrations (`MIGRATIONS_DIR`, default ./migrations).
    public var migrationsDirectory: String = "migrations"
    /// Log level (`LOG_LEVEL`: trace, debug, info, notice, warning, error, critical).
    public var logLevel: Logger.Level = .info
    /// Log line format (`LOG_FORMAT`: `json`, the default, one object per line for log
    /// collectors; or `text` for a person at a terminal). Both are redacted.
    public var logFormat: LogFormat = .json
    /// Seconds an unpaid order (and its checkout) stays open (`CHECKOUT_EXPIRY`, default 24h).
    public var orderLifetimeSeconds: Int64 = 24 * 3600
    /// Currencies the shop prices and sells in (`CURRENCIES`, comma list, default USD,EUR,GBP,JPY,KWD).
    public var currencies: [Currency] = ["USD", "EUR", "GBP", "JPY", "KWD"].compactMap(Currency.init(code:))
    /// Our own public origin as customers' browsers and WooshPay reach it (`PUBLIC_BASE_URL`),
    /// used to build return URLs; no trailing slash.
    public var publicBaseURL: String = "http://127.0.0.1:8080"
    /// Where the return endpoint sends the customer once the payment is synced
    /// (`STOREFRONT_RETURN_URL`); empty shows our own small status page.
    public var storefrontReturnURL: String = ""
    /// Browser origins allowed to call the API (`CORS_ALLOWED_ORIGINS`, comma list; empty = none).
    public var corsAllowedOrigins: [String] = []
    /// WooshPay keys and endpoint (`WOOSHPAY_*`).
    public var wooshPay = WooshPaySettings()
    /// Payment options of this deployment (`PAYMENT_METHOD_TYPES`, `CAPTURE_METHOD`, `ALLOW_RAW_CARD_DATA`).
    public var payments = PaymentSettings()
    /// Polling schedule, leases and give-up rules (`SYNC_*`, `RETURN_SYNC_TIMEOUT`, `DUPLICATE_PAYMENT_REFUND`).
    public var settlement = SettlementSettings()
    /// Merchant notifications: endpoints, signing secret, retries (`NOTIFY_*`).
    public var notifications = NotificationConfiguration()
    /// Days processed webhook events and delivered notifications are kept (`RETENTION_DAYS`,
    /// default 90, 1-3650); the Housekeeping worker deletes older ones.
    public var retentionDays: Int = 90
    /// The demo storefront and `/metrics` (`DEMO_ENABLED`, `METRICS_TOKEN`).
    public var exposure = ExposureSettings()
    /// Rate limits, card-testing caps, stock holds, stream and connection limits
    /// (`RATE_LIMIT_*`, `TRUSTED_PROXIES`, `MAX_PAYMENT_FAILURES_*`, `STOCK_HOLD`,
    /// `RETURN_SYNC_MIN_INTERVAL`, `EVENT_STREAMS_*`, `HTTP_*_TIMEOUT`, `HTTP_MAX_CONNECTIONS`).
    public var traffic = TrafficSettings()
    /// TEST ONLY (`CHAOS_BREAK`): a deliberate defect for the chaos run; `nil`, the default, breaks nothing.
    public var testBreak: TestBreak?

    /// Every key, for documentation and for `merchant doctor`.
    public static let keys =
        [
            "HTTP_HOST", "HTTP_PORT", "DATABASE_URL", "DATABASE_POOL_SIZE", "DATABASE_PREPARED_STATEMENTS", "MIGRATIONS_DIR", "LOG_LEVEL",
            "LOG_FORMAT",
            "CURRENCIES", "CHECKOUT_EXPIRY", "PUBLIC_BASE_URL", "STOREFRONT_RETURN_URL", "CORS_ALLOWED_ORIGINS",
            "PAYMENT_METHOD_TYPES", "CAPTURE_METHOD", "ALLOWED_CAPTURE_METHODS", "ALLOW_RAW_CARD_DATA", "CHAOS_BREAK",
        ]
        + WooshPaySettings.keys + SettlementSettings.keys + NotificationConfiguration.keys + ExposureSettings.keys + ["RETENTION_DAYS"]
        + TrafficSettings.keys

    /// The problems found in an environment, one line each.
    public struct Invalid: Error, CustomStringConvertible {
        /// One line per problem, naming the key and never echoing a secret value.
        public var problems: [String]
        /// The problems joined by newlines.
        public var description: String { problems.joined(separator: "\n") }
    }

    /// Defaults, for tests that set fields directly.
    public init() {}

    /// Reads and validates `environment`; throws every problem at once.
    public init(environment: [String: String]) throws(Invalid) {
        var problems = [String]()
        func value(_ key: String) -> String? {
            guard let v = environment[key]?.trimmingSpaces, !v.isEmpty else { return nil }
            return v
        }
        if let host = value("HTTP_HOST") { httpHost = host }
        if let port = value("HTTP_PORT") {
            if let p = Int(port), (0...65535).contains(p) {
                httpPort = p
            } else {
                problems.append("HTTP_PORT must be a port number 0-65535, got \"\(port)\"")
            }
        }
        if let url = value("DATABASE_URL") {
            databaseURL = url
        } else if ["PGHOST", "PGDATABASE", "PGSERVICE", "PGPORT"].allSatisfy({ value($0) == nil }) {
            problems.append(
                "DATABASE_URL is required (a libpq connection string such as postgresql://user@host:5432/merchant), or set the PG* variables")
        }
        if let size = value("DATABASE_POOL_SIZE") {
            if let n = Int(size), (1...200).contains(n) {
                databasePoolSize = n
            } else {
                problems.append("DATABASE_POOL_SIZE must be 1-200, got \"\(size)\"")
            }
        }
        if let flag = value("DATABASE_PREPARED_STATEMENTS") {
            switch flag.lowercased() {
            case "true", "1", "yes": databasePreparedStatements = true
            case "false", "0", "no": databasePreparedStatements = false
            default: problems.append("DATABASE_PREPARED_STATEMENTS must be true or false, got \"\(flag)\"")
            }
        }
        if let dir = value("MIGRATIONS_DIR") { migrationsDirectory = dir }
        if let level = value("LOG_LEVEL") {
            if let l = Logger.Level(rawValue: level.lowercased()) {
                logLevel = l
            } else {
                problems.append("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical, got \"\(level)\"")
            }
        }
        if let format = value("LOG_FORMAT") {
            if let f = LogFormat(rawValue: format.lowercased()) {
                logFormat = f
            } else {
                problems.append("LOG_FORMAT must be json or text, got \"\(format)\"")
            }
        }
        if let list = value("CURRENCIES") {
            let codes = list.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            let parsed = codes.compactMap(Currency.init(code:))
            if parsed.count == codes.count, !parsed.isEmpty {
                currencies = parsed
            } else {
                problems.append("CURRENCIES must be a comma list of ISO-4217 codes such as USD,EUR,JPY, got \"\(list)\"")
            }
        }
        if let text = value("CHECKOUT_EXPIRY") {
            // Tests and demos use seconds; production values look like 24h.
            if let n = SettlementSettings.seconds(text), (1...30 * 86400).contains(n) {
                orderLifetimeSeconds = n
            } else {
                problems.append("CHECKOUT_EXPIRY must be a duration up to 30d such as 24h or 3600, got \"\(text)\"")
            }
        }
        if let url = value("PUBLIC_BASE_URL") {
            if Self.isHTTPURL(url) {
                publicBaseURL = Self.withoutTrailingSlash(url)
            } else {
                problems.append("PUBLIC_BASE_URL must be an http(s) URL such as https://shop.example.com, got \"\(url)\"")
            }
        }
        if let url = value("STOREFRONT_RETURN_URL") {
            if Self.isHTTPURL(url) {
                storefrontReturnURL = url
            } else {
                problems.append("STOREFRONT_RETURN_URL must be an http(s) URL, got \"\(url)\"")
            }
        }
        if let list = value("CORS_ALLOWED_ORIGINS") {
            let origins = Self.commaList(list).map(Self.withoutTrailingSlash)
            if origins.allSatisfy({ $0 == "*" || Self.isHTTPURL($0) }) {
                corsAllowedOrigins = origins
            } else {
                problems.append("CORS_ALLOWED_ORIGINS must be a comma list of origins such as https://shop.example.com, got \"\(list)\"")
            }
        }
        problems += wooshPay.read(value)
        problems += payments.read(value, commaList: Self.commaList)
        problems += settlement.read(value)
        problems += notifications.read(value)
        problems += exposure.read(value)
        problems += traffic.read(value)
        problems += readTestBreak(value)
        problems += readRetention(value)
        guard problems.isEmpty else { throw Invalid(problems: problems) }
    }

    /// What `serve` needs on top of a valid configuration: the WooshPay keys, and no unsafe
    /// setting (`guardrailProblems`). `migrate` and `keys` run without them.
    public func problemsForServing() -> [String] {
        wooshPay.missingKeys.map { "\($0) is required to serve (see README, Configuration)" } + guardrailProblems()
    }

    static func commaList(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && text.count > 8 && !text.contains(" ")
    }

    static func withoutTrailingSlash(_ text: String) -> String {
        var s = text
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
