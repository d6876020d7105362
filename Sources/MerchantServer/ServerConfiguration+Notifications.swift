import CryptoPrimitives
import CurlTransport
import Foundation
import OrderDomain
import Workers

/// Where and how merchant notifications go (`NOTIFY_*`).
public struct NotificationConfiguration: Sendable, CustomStringConvertible {
    /// The keys this part reads.
    static let keys = [
        "NOTIFY_WEBHOOK_URLS", "NOTIFY_WEBHOOK_SECRET", "NOTIFY_RETRY_SCHEDULE", "NOTIFY_TIMEOUT",
        "ORDER_EVENTS_MAX_SECONDS",
    ]

    /// Endpoints, retry schedule, timeout.
    public var settings = NotificationSettings()
    /// The HMAC key of `Merchant-Signature` (`NOTIFY_WEBHOOK_SECRET`; required with URLs).
    public var secret: String = ""
    /// Longest an order's event stream stays open before the browser reconnects
    /// (`ORDER_EVENTS_MAX_SECONDS`, default 300).
    public var streamMaxSeconds: Double = 300

    /// Never shows the secret.
    public var description: String {
        "NotificationConfiguration(urls: \(settings.urls), secret: <redacted>, retries: \(settings.retrySchedule))"
    }

    /// Creates the defaults (no endpoints).
    public init() {}

    /// Reads the keys; one line per problem, never echoing the secret.
    mutating func read(_ value: (String) -> String?) -> [String] {
        var problems = [String]()
        if let list = value("NOTIFY_WEBHOOK_URLS") {
            let urls = ServerConfiguration.commaList(list)
            if urls.allSatisfy(ServerConfiguration.isHTTPURL) {
                settings.urls = urls
            } else {
                problems.append("NOTIFY_WEBHOOK_URLS must be a comma list of http(s) URLs, got \"\(list)\"")
            }
        }
        if let secret = value("NOTIFY_WEBHOOK_SECRET") {
            if secret.utf8.count >= 16 {
                self.secret = secret
            } else {
                problems.append("NOTIFY_WEBHOOK_SECRET must be at least 16 characters (value not shown)")
            }
        }
        if !settings.urls.isEmpty, secret.isEmpty, value("NOTIFY_WEBHOOK_SECRET") == nil {
            problems.append("NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URLS (receivers verify Merchant-Signature with it)")
        }
        if let text = value("NOTIFY_RETRY_SCHEDULE") {
            let delays = ServerConfiguration.commaList(text).map(SettlementSettings.seconds)
            if !delays.isEmpty, delays.allSatisfy({ ($0 ?? 0) > 0 }) {
                settings.retrySchedule = delays.compactMap { $0 }
            } else {
                problems.append("NOTIFY_RETRY_SCHEDULE must be a comma list of durations such as 10s,1m,5m,1h, got \"\(text)\"")
            }
        }
        if let text = value("ORDER_EVENTS_MAX_SECONDS") {
            if let d = Double(text), d >= 1, d <= 3600 {
                streamMaxSeconds = d
            } else {
                problems.append("ORDER_EVENTS_MAX_SECONDS must be seconds in [1, 3600], got \"\(text)\"")
            }
        }
        if let text = value("NOTIFY_TIMEOUT") {
            if let d = Double(text), d > 0, d <= 60 {
                settings.timeoutSeconds = d
            } else {
                problems.append("NOTIFY_TIMEOUT must be seconds in (0, 60], got \"\(text)\"")
            }
        }
        return problems
    }

    /// Signs a notification's exact payload and POSTs it: `Merchant-Signature`
    /// (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, WooshPay's scheme),
    /// `Merchant-Event-Id` and `Merchant-Event-Type`.
    public func sender(transport: any HTTPTransport = CurlHTTPTransport()) -> NotificationDeliverer.Send {
        let secret = secret
        let timeout = Duration.milliseconds(Int64(settings.timeoutSeconds * 1000))
        return { url, notification in
            let body = Array(notification.payload.utf8)
            let timestamp = Int64(Date().timeIntervalSince1970)
            let request = HTTPRequest(
                method: .POST, url: url,
                headers: [
                    (name: "Content-Type", value: "application/json"),
                    (name: "User-Agent", value: "merchant-backend-notifier/1"),
                    (name: "Merchant-Event-Id", value: notification.id),
                    (name: "Merchant-Event-Type", value: notification.kind.rawValue),
                    (name: "Merchant-Signature", value: WebhookSignature.header(secret: secret, timestamp: timestamp, body: body)),
                ], body: body, timeout: timeout)
            do {
                return (try await transport.send(request).status, nil)
            } catch {
                return (nil, "\(error)")
            }
        }
    }
}
