import Logging
import Metrics
import OrderDomain

/// Failed admin authentications, logged and counted one way wherever a key is checked: the
/// admin routes' middleware and the back-office sign-in (a guessing attack on either shows
/// in `merchant_admin_auth_failures_total{reason}`).
struct AdminAuthFailures: Sendable {
    private let counters: [AdminAuthFailure: Counter]

    /// The counters of every reason, in `metrics`.
    init(metrics: any MetricsFactory) {
        var counters = [AdminAuthFailure: Counter]()
        for reason in AdminAuthFailure.allCases {
            counters[reason] = Counter(
                label: "merchant_admin_auth_failures_total", dimensions: [("reason", reason.rawValue)], factory: metrics)
        }
        self.counters = counters
    }

    /// Logs (at `notice`) and counts a failed authentication. The log names the key only by
    /// its public id (`key_<hex>`, when the presented text parses), never by anything secret.
    func record(_ reason: AdminAuthFailure, presented: String?, logger: Logger, extra: Logger.Metadata = [:]) {
        counters[reason]?.increment()
        var metadata: Logger.Metadata = extra.merging(["reason": .string(reason.rawValue)]) { $1 }
        if let presented, let token = AdminKeyToken(parsing: presented) { metadata["key_id"] = .string(token.keyID) }
        logger.notice("admin authentication failed", metadata: metadata)
    }
}
