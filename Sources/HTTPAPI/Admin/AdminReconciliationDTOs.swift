import OrderDomain

/// `POST /v1/admin/reconciliations` body: `since` (required) and `until` as epoch seconds
/// (number or string) or RFC 3339; `max_results` 1-10000 (default 1000).
struct ReconciliationBody: Decodable {
    /// A time as sent: a number of epoch seconds or a string.
    enum Time: Decodable {
        case seconds(Int64)
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Int64.self) { self = .seconds(seconds) } else { self = .text(try container.decode(String.self)) }
        }

        /// Epoch milliseconds, or `invalid_time` naming `param`.
        func epochMilliseconds(_ param: String) throws(DomainError) -> Int64 {
            switch self {
            case .seconds(let seconds) where seconds >= 0 && seconds < 100_000_000_000: return seconds * 1000
            case .text(let text): if let millis = TimeInput.epochMilliseconds(text) { return millis }
            case .seconds: break
            }
            throw AdminQuery.invalidTime(param)
        }
    }

    var since: Time
    var until: Time?
    var max_results: Int?
}

/// A reconciliation report on the wire. Window bounds are epoch seconds.
struct ReconciliationReportDTO: Encodable {
    struct Finding: Encodable {
        var kind: String
        var action: String
        var payment_intent: String
        @ExplicitNull var dispute: String?
        var gateway_status: String
        var amount: Int64
        var currency: String
        @ExplicitNull var attempt_id: String?
        @ExplicitNull var order_id: String?
        var detail: String
    }
    var object = "reconciliation"
    var since: Int64
    @ExplicitNull var until: Int64?
    var checked: Int
    var matched: Int
    var truncated: Bool
    var filters_ignored: Bool
    /// Disputes WooshPay listed in the window; null when they were not listed.
    @ExplicitNull var disputes_checked: Int?
    var dispute_list_failed: Bool
    var needs_attention: Bool
    /// Findings per kind and per action, every key present.
    var counts: [String: Int]
    var findings: [Finding]

    init(_ report: ReconciliationReport) {
        since = report.since / 1000
        until = report.until.map { $0 / 1000 }
        checked = report.checked
        matched = report.matched
        truncated = report.truncated
        filters_ignored = report.filtersIgnored
        disputes_checked = report.disputesChecked
        dispute_list_failed = report.disputeListFailed
        needs_attention = report.needsAttention
        var counts = [String: Int]()
        for kind in ReconciliationFinding.Kind.allCases { counts[kind.rawValue] = report.count(kind) }
        for action in ReconciliationFinding.Action.allCases { counts[action.rawValue] = report.count(action) }
        self.counts = counts
        findings = report.findings.map {
            Finding(
                kind: $0.kind.rawValue, action: $0.action.rawValue, payment_intent: $0.paymentIntentID, dispute: $0.disputeID,
                gateway_status: $0.gatewayStatus,
                amount: $0.amount, currency: $0.currency, attempt_id: $0.attemptID, order_id: $0.orderID, detail: $0.detail)
        }
    }
}
