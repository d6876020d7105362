import Foundation

/// Everything the sandbox needs to start. Only the executable reads flags; tests build
/// this directly.
public struct SandboxConfiguration: Sendable {
    /// Interface to bind, `127.0.0.1` by default (loopback only).
    public var host: String
    /// Port to bind, `8090` by default; `0` picks any free port (tests).
    public var port: Int
    /// The base of URLs the sandbox hands out (`session.url`, 3-D Secure and redirect
    /// pages). `nil` means `http://host:port` with the port actually bound.
    public var publicBaseURL: String?
    /// The secret key API calls must present (HTTP Basic username).
    public var secretKey: String
    /// The publishable key embedded in hosted-checkout URLs (`?key=`).
    public var publishableKey: String
    /// Where events are POSTed; `nil` disables delivery (events stay retrievable).
    public var webhookURL: String?
    /// The HMAC-SHA256 key for `Wooshpay-Signature`, used verbatim (prefix included).
    public var webhookSecret: String
    /// Waits between delivery attempts after a failure; its length is the number of retries.
    public var webhookRetrySchedule: [Duration]
    /// Time allowed for one delivery attempt before it counts as failed.
    public var webhookTimeout: Duration
    /// Emit the odd shapes seen in older WooshPay examples (see docs/SANDBOX.md).
    public var quirks: Bool
    /// Render timestamps in epoch seconds (Stripe's unit) instead of WooshPay's
    /// milliseconds: a quirk for clients written against Stripe's examples.
    public var secondsTimestamps: Bool
    /// Accept what WooshPay refuses: form-encoded bodies, Bearer authentication, query
    /// parameters on GET. Off by default, so a client that depends on them fails here
    /// before it fails against WooshPay.
    public var lenient: Bool
    /// Fault injection at start-up (changeable later through `POST /_sandbox/faults`).
    public var faults: SandboxFaults
    /// How long checkout sessions stay open by default (WooshPay: 24 hours).
    public var sessionLifetime: Duration

    /// The defaults: loopback on 8090, test keys, no webhooks, no faults.
    public init() {
        host = "127.0.0.1"
        port = 8090
        publicBaseURL = nil
        secretKey = "sk_test_sandbox"
        publishableKey = "pk_test_sandbox"
        webhookURL = nil
        webhookSecret = "whsec_sandbox"
        webhookRetrySchedule = SandboxConfiguration.defaultRetrySchedule
        webhookTimeout = .seconds(10)
        quirks = false
        secondsTimestamps = false
        lenient = false
        faults = SandboxFaults()
        sessionLifetime = .seconds(24 * 3600)
    }

    /// `5s,30s,2m,10m,1h`: an abbreviated version of WooshPay's 3-day back-off.
    public static let defaultRetrySchedule: [Duration] = [
        .seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(3600),
    ]

    /// Parses a schedule such as `1s,500ms,2m,1h` (units `ms`, `s`, `m`, `h`; a bare
    /// number is seconds). An empty string means no retries. `nil` if any item is malformed.
    public static func parseDurations(_ text: String) -> [Duration]? {
        var out = [Duration]()
        for raw in text.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            guard let duration = parseDuration(item) else { return nil }
            out.append(duration)
        }
        return out
    }

    /// Parses one duration (`250ms`, `5s`, `2m`, `1h`, `3`).
    public static func parseDuration(_ item: String) -> Duration? {
        let units: [(suffix: String, millis: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for unit in units where item.hasSuffix(unit.suffix) {
            // "ms" also ends with "s": only accept a suffix whose remainder is a number.
            if let n = Int64(item.dropLast(unit.suffix.count)), n >= 0 {
                return .milliseconds(n * unit.millis)
            }
        }
        if let n = Int64(item), n >= 0 { return .seconds(n) }
        return nil
    }
}
