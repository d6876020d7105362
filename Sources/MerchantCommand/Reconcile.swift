import ArgumentParser
import Foundation
import MerchantServer
import OrderDomain
import PostgresStore

/// `merchant reconcile --since <time> [--until <time>]`: the one-shot reconciliation, as
/// `POST /v1/admin/reconciliations` runs it, for cron jobs and incident nights. Prints the
/// report on stdout; exit 0 when nothing needs a person, 1 when findings remain unrepaired
/// (or the run could not finish), 2 on bad input or configuration.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare WooshPay's payments of a time window with ours, repair what is safe, print a report.",
        discussion: """
            Times are epoch seconds or RFC 3339 (2025-11-25T00:00:00Z). Exit status: 0 nothing needs a person, \
            1 findings remain unrepaired (or the run failed), 2 bad input.
            """)

    @Option(help: "Start of the window (inclusive): epoch seconds or RFC 3339.")
    var since: String?

    @Option(help: "End of the window (exclusive); default now.")
    var until: String?

    @Option(name: .customLong("max-results"), help: "Most payment intents to check, 1-10000 (default 1000).")
    var maxResults: String?

    func run() async throws {
        let (from, to, limit) = window()
        let configuration = Startup.configuration()
        guard !configuration.wooshPay.secretKey.isEmpty else { Self.badInput("configuration: WOOSHPAY_SECRET_KEY is required to reconcile") }
        let report = try await Startup.withDatabase(configuration) { configuration, pool, logger in
            let services = PaymentServices.live(configuration: configuration, pool: pool, logger: logger)
            return try await services.reconciler(pool: pool).reconcile(since: from, until: to, maxResults: limit, cause: .reconcile(by: "cli"))
        }
        print(Self.render(report), terminator: "")
        if report.needsAttention { throw ExitCode.failure }
    }

    /// The window and limit from the options; exits 2 naming the bad one.
    func window() -> (since: Int64, until: Int64?, maxResults: Int) {
        guard let since else { Self.badInput("--since is required (epoch seconds or RFC 3339)") }
        guard let from = TimeInput.epochMilliseconds(since) else { Self.badInput("--since must be epoch seconds or RFC 3339, got \"\(since)\"") }
        var to: Int64?
        if let until {
            guard let parsed = TimeInput.epochMilliseconds(until) else {
                Self.badInput("--until must be epoch seconds or RFC 3339, got \"\(until)\"")
            }
            guard parsed > from else { Self.badInput("--until must be after --since") }
            to = parsed
        }
        let limit = maxResults.map { Int($0) ?? 0 } ?? 1_000
        guard (1...10_000).contains(limit) else { Self.badInput("--max-results must be 1-10000") }
        return (from, to, limit)
    }

    static func badInput(_ line: String) -> Never {
        Startup.fail(line, exit: false)
        Foundation.exit(2)
    }
}

extension Reconcile {
    /// The report for a person: the window, the counts, one tab-separated line per
    /// finding, and what to do next.
    static func render(_ report: ReconciliationReport) -> String {
        let format = ISO8601DateFormatter()
        func time(_ millis: Int64) -> String { format.string(from: Date(timeIntervalSince1970: Double(millis) / 1000)) }
        var out = "reconciliation of WooshPay payment intents created from \(time(report.since)) to \(report.until.map(time) ?? "now")\n"
        let actions = ReconciliationFinding.Action.allCases.map { "\($0.rawValue) \(report.count($0))" }.joined(separator: ", ")
        out += "checked \(report.checked), matched \(report.matched), findings \(report.findings.count) (\(actions))\n"
        if let disputes = report.disputesChecked { out += "disputes checked \(disputes)\n" }
        if !report.findings.isEmpty {
            out += ["KIND", "ACTION", "PAYMENT_INTENT", "STATUS", "AMOUNT", "ATTEMPT", "ORDER", "DETAIL"].joined(separator: "\t") + "\n"
            for f in report.findings {
                out +=
                    [
                        f.kind.rawValue, f.action.rawValue, f.paymentIntentID, f.gatewayStatus, "\(f.amount) \(f.currency)",
                        f.attemptID ?? "-", f.orderID ?? "-", f.disputeID.map { "\($0): \(f.detail)" } ?? f.detail,
                    ].joined(separator: "\t") + "\n"
            }
        }
        if report.filtersIgnored {
            out += "filters ignored: WooshPay's list did not honour the window or cursor; payments may be missing from this run\n"
        } else if report.truncated {
            out += "truncated: WooshPay holds more payment intents in this window than were checked; narrow the window and run again\n"
        }
        if report.disputeListFailed {
            out += "disputes not listed: WooshPay did not answer the dispute list; a missed chargeback may remain, run again\n"
        }
        let open = report.findings.count { $0.action != .repaired }
        out += report.needsAttention ? "needs attention: \(open) finding(s) not repaired\n" : "nothing needs a person\n"
        return out
    }
}
