import Foundation

/// Configurations that work but are unsafe on the internet, refused by `serve` (one line
/// each, exit 2) and reported as FAIL by `merchant doctor` (review findings 12, 14, 17, 18).
extension ServerConfiguration {
    /// WooshPay's test host; every other non-loopback host is treated as live.
    static let wooshPayTestHost = "apitest.wooshpay.com"
    /// The placeholder the templates in `deploy/` ship for `NOTIFY_WEBHOOK_SECRET`.
    static let notifySecretExample = "REPLACE_ME_with_32_random_characters"
    /// Shortest `NOTIFY_WEBHOOK_SECRET` accepted for serving (256 bits as hex is 64).
    static let notifySecretMinimum = 32

    /// One line per unsafe setting; empty when the deployment is safe to serve.
    public func guardrailProblems() -> [String] {
        var problems = [String]()
        let api = Self.hostKind(wooshPay.apiBase)
        let keys = [("WOOSHPAY_SECRET_KEY", wooshPay.secretKey, "sk_"), ("WOOSHPAY_PUBLISHABLE_KEY", wooshPay.publishableKey, "pk_")]
            .filter { !$0.1.isEmpty }
        func named(_ matching: ((String, String, String)) -> Bool) -> String? {
            let names = keys.filter(matching).map(\.0)
            return names.isEmpty ? nil : names.joined(separator: " and ")
        }
        if let placeholders = named({ $0.1.contains("REPLACE_ME") || $0.1.contains("CHANGE_ME") }) {
            problems.append("\(placeholders): the template's placeholder; set the keys from WooshPay's dashboard")
        } else if exposure.development {
            // MERCHANT_ENV=development: a sandbox on a private network may be plain http.
        } else if let test = named({ $0.1.hasPrefix($0.2 + "test_") }), api == .live {
            problems.append(
                "\(test): a test key but WOOSHPAY_API_BASE is the live host \(wooshPay.apiBase); use the live keys, or \(Self.wooshPayTestHost) for testing"
            )
        } else if let live = named({ $0.1.hasPrefix($0.2 + "live_") }), api == .test {
            problems.append("\(live): a live key but WOOSHPAY_API_BASE is the test host; use the test keys with \(Self.wooshPayTestHost)")
        } else if keys.count == 2, wooshPay.secretKey.hasPrefix("sk_live_") != wooshPay.publishableKey.hasPrefix("pk_live_") {
            problems.append("WOOSHPAY_SECRET_KEY and WOOSHPAY_PUBLISHABLE_KEY are of different modes (one live, one test)")
        }
        if wooshPay.webhookSecrets.contains(where: { $0.contains("REPLACE_ME") }) {
            problems.append("WOOSHPAY_WEBHOOK_SECRET is the template's placeholder: copy the endpoint's signing secret from WooshPay's dashboard")
        }
        // The SDK's URL follows the API base unless set apart: then it is the same finding.
        let jsApart = !wooshPay.jsURL.hasPrefix(wooshPay.apiBase + "/")
        for (name, url) in [("WOOSHPAY_API_BASE", wooshPay.apiBase)] + (jsApart ? [("WOOSHPAY_JS_URL", wooshPay.jsURL)] : [])
            + notifications.settings.urls.map({ ("NOTIFY_WEBHOOK_URLS", $0) }) where Self.isPlainRemoteHTTP(url) && !exposure.development
        {
            // The URL is not echoed: notification URLs often carry a secret in their path.
            problems.append("\(name) uses plain http:// to a host that is not loopback: secrets would cross the network in clear; use https://")
        }
        let secret = notifications.secret
        if secret == Self.notifySecretExample || secret.contains("REPLACE_ME") {
            problems.append(
                "NOTIFY_WEBHOOK_SECRET is the example from deploy/: anyone could sign notifications; generate one with `openssl rand -hex 32`")
        } else if !secret.isEmpty, secret.utf8.count < Self.notifySecretMinimum {
            problems.append(
                "NOTIFY_WEBHOOK_SECRET must be at least \(Self.notifySecretMinimum) characters (value not shown); generate one with `openssl rand -hex 32`"
            )
        }
        return problems
    }

    enum HostKind { case loopback, test, live }

    /// Where a URL points: this machine, WooshPay's test host, or anything else (live).
    static func hostKind(_ url: String) -> HostKind {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return .live }
        if isLoopback(host) { return .loopback }
        return host == wooshPayTestHost ? .test : .live
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    static func isPlainRemoteHTTP(_ url: String) -> Bool {
        url.lowercased().hasPrefix("http://") && hostKind(url) != .loopback
    }
}
