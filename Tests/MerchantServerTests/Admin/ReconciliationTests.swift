import Foundation
import Testing

/// `POST /v1/admin/reconciliations` end to end: the sandbox delivers no webhooks and no
/// poller runs, so only reconciliation can find what is described in each test.
@Suite("Admin: reconciliation") struct ReconciliationTests {
    /// The window's start: an hour ago, in epoch seconds.
    static var hourAgo: Int { Int(Date().timeIntervalSince1970) - 3600 }

    /// Runs a reconciliation of the last hour as `key`; the answer must be 200.
    static func reconcile(_ h: PaymentHarness, key: String, _ extra: String = "") async throws -> [String: Any] {
        let answer = try await h.admin(.POST, "/reconciliations", #"{"since":\#(hourAgo)\#(extra)}"#, key: key)
        #expect(answer.status == 200, "\(answer.text)")
        return answer.json
    }

    /// The report's findings about `intent`, as `kind:action`, sorted.
    static func findings(_ report: [String: Any], intent: String) -> [String] {
        (report["findings"] as? [[String: Any]] ?? []).filter { $0["payment_intent"] as? String == intent }
            .map { "\($0["kind"] as? String ?? ""):\($0["action"] as? String ?? "")" }.sorted()
    }

    @Test func aPaymentWhoseWebhookAndLinkWereBothLostIsFoundLinkedAndPaid() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("night-shift")
            let lost = try await h.sdkPayment()
            try await h.drive(lost.intent, to: "succeeded")
            // The attempt lost its intent id and its schedule: no webhook, poll or read finds it.
            try await h.exec("UPDATE payment_attempts SET payment_intent_id = NULL, next_sync_at = NULL WHERE order_id = $1", [lost.order])
            // A second payment whose only webhook was lost (still linked).
            let late = try await h.sdkPayment()
            try await h.drive(late.intent, to: "succeeded")

            let report = try await Self.reconcile(h, key: key)
            #expect(Self.findings(report, intent: lost.intent) == ["not_linked:repaired", "state_differs:repaired"], "\(report)")
            #expect(Self.findings(report, intent: late.intent) == ["state_differs:repaired"])
            let finding = (report["findings"] as? [[String: Any]])?.first { $0["payment_intent"] as? String == lost.intent }
            #expect(finding?["order_id"] as? String == lost.order)
            #expect(finding?["attempt_id"] as? String == (try await h.attemptColumn(lost.order, "id")).first)
            #expect(finding?["gateway_status"] as? String == "succeeded")
            #expect(report["checked"] as? Int == 2)
            #expect(report["matched"] as? Int == 0)
            #expect(report["needs_attention"] as? Bool == false)
            #expect((report["counts"] as? [String: Any])?["repaired"] as? Int == 3)

            for payment in [lost, late] {
                #expect(try await h.orderStatus(payment.order) == "paid")
                #expect(try await h.attemptColumn(payment.order, "payment_intent_id") == [payment.intent])
                #expect(
                    try await h.count(
                        """
                        SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'reconcile:night-shift'
                        """, [payment.order]) == 1)
                #expect(
                    try await h.count(
                        "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'payment.reconciled'",
                        [payment.order]) == 1)
            }
            let again = try await Self.reconcile(h, key: key)
            #expect((again["findings"] as? [Any])?.isEmpty == true, "\(again)")
            #expect(again["matched"] as? Int == 2)
            #expect(again["needs_attention"] as? Bool == false)
        }
    }

    @Test func anIntentMadeOutsideUsIsReportedAndChangesNothing() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let ours = try await h.sdkPayment()
            let foreign = try await h.foreignIntent(amount: 4200)
            try await h.drive(foreign, to: "succeeded")
            // Metadata naming an attempt that does not exist is no claim on one of ours.
            let forged = try await h.foreignIntent(amount: 3000, metadata: #","metadata":{"attempt_id":"pay_nope","order_id":"\#(ours.order)"}"#)
            // Nor is metadata naming one of our attempts that holds another intent: linking it
            // would take our attempt away from its own payment.
            let ourAttempt = try #require(try await h.attemptColumn(ours.order, "id").first)
            let claiming = try await h.foreignIntent(
                amount: 3000,
                metadata: #","metadata":{"attempt_id":"\#(ourAttempt)","order_id":"\#(ours.order)"}"#)
            try await h.drive(claiming, to: "succeeded")
            let before = try await h.databaseSnapshot()
            let report = try await Self.reconcile(h, key: key)
            #expect(Self.findings(report, intent: foreign) == ["unknown_payment:reported"], "\(report)")
            #expect(Self.findings(report, intent: forged) == ["unknown_payment:reported"])
            #expect(Self.findings(report, intent: claiming) == ["unknown_payment:reported"])
            #expect(Self.findings(report, intent: ours.intent).isEmpty)
            let finding = (report["findings"] as? [[String: Any]])?.first { $0["payment_intent"] as? String == foreign }
            #expect(finding?["attempt_id"] is NSNull)
            #expect(finding?["amount"] as? Int == 4200)
            #expect(report["matched"] as? Int == 1)
            #expect(report["needs_attention"] as? Bool == true)
            #expect(try await h.databaseSnapshot() == before, "nothing written")
        }
    }

    @Test func anAmountOrCurrencyDifferenceIsFlaggedNeverPaid() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("auditor")
            let amount = try await h.sdkPayment()
            let currency = try await h.sdkPayment()
            // Changed at WooshPay (as another system or a person could), then paid.
            for (payment, change) in [(amount, #"{"amount":9999}"#), (currency, #"{"currency":"EUR"}"#)] {
                let update = try await h.request(
                    .POST, h.sandbox.baseURL + "/v1/payment_intents/\(payment.intent)", change,
                    headers: [h.sandboxAuthorization])
                #expect(update.status == 200, "\(update.text)")
                try await h.drive(payment.intent, to: "succeeded")
            }
            // A closed attempt whose intent took the money anyway: the sync path cannot move it.
            let closed = try await h.sdkPayment()
            try await h.drive(closed.intent, to: "succeeded")
            try await h.exec("UPDATE payment_attempts SET status = 'canceled', next_sync_at = NULL WHERE order_id = $1", [closed.order])

            let report = try await Self.reconcile(h, key: key)
            #expect(Self.findings(report, intent: amount.intent) == ["amount_differs:flagged", "state_differs:flagged"], "\(report)")
            #expect(Self.findings(report, intent: currency.intent) == ["currency_differs:flagged", "state_differs:flagged"])
            #expect(Self.findings(report, intent: closed.intent) == ["state_differs:flagged"])
            #expect(report["needs_attention"] as? Bool == true)
            for payment in [amount, currency, closed] {
                #expect(try await h.orderStatus(payment.order) != "paid")
                #expect(try await h.scalar("SELECT needs_review FROM orders WHERE id = $1", [payment.order]) == "true")
                let reason = try await h.scalar("SELECT review_reason FROM orders WHERE id = $1", [payment.order])
                #expect(!reason.isEmpty)
                #expect(
                    try await h.count(
                        """
                        SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.needs_review' AND cause = 'reconcile:auditor'
                        """, [payment.order]) == 1)
            }
            #expect(try await h.attemptColumn(amount.order, "status") == ["requires_payment_method"])
            #expect(try await h.scalar("SELECT review_reason FROM orders WHERE id = $1", [closed.order]).contains("canceled"))
            // A second run reports them again (they still need a person) but flags nothing twice.
            let again = try await Self.reconcile(h, key: key)
            #expect(Self.findings(again, intent: closed.intent) == ["state_differs:flagged"])
            #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE type = 'order.needs_review'") == 3)
        }
    }

    @Test func badInputIs400AndAnUnreachableWooshPayIs503WithNothingChanged() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let cases: [(String, String, String?)] = [
                ("{}", "missing_parameter", "since"), (#"{"since":"yesterday"}"#, "invalid_time", "since"),
                (#"{"since":true}"#, "invalid_parameter", "since"),
                (#"{"since":"2025-11-25T10:00:00Z","until":"2025-11-25T09:00:00Z"}"#, "invalid_time_range", "until"),
                (#"{"since":1764028800,"until":"soon"}"#, "invalid_time", "until"),
                (#"{"since":1764028800,"max_results":0}"#, "invalid_parameter", "max_results"),
                ("not json", "invalid_body", nil),
            ]
            for (body, code, param) in cases {
                let answer = try await h.admin(.POST, "/reconciliations", body, key: key)
                #expect(answer.status == 400, "\(body): \(answer.text)")
                #expect(answer.errorCode == code, "\(body): \(answer.text)")
                #expect((answer.json["error"] as? [String: Any])?["param"] as? String == param, "\(body)")
            }
            let lost = try await h.sdkPayment()
            try await h.drive(lost.intent, to: "succeeded")
            try await h.exec("UPDATE payment_attempts SET payment_intent_id = NULL WHERE order_id = $1", [lost.order])
            let before = try await h.databaseSnapshot()
            try await h.faults(#"{"api_error_rate":1}"#)
            let down = try await h.admin(.POST, "/reconciliations", #"{"since":\#(Self.hourAgo)}"#, key: key)
            #expect(down.status == 503, "\(down.text)")
            #expect(down.errorCode == "gateway_unavailable")
            #expect(!down.text.contains("127.0.0.1"), "no internals")
            #expect(try await h.databaseSnapshot() == before)
        }
    }

    @Test func aListCutByMaxResultsSaysTruncated() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            for _ in 0..<3 { _ = try await h.sdkPayment() }
            let cut = try await Self.reconcile(h, key: key, #","max_results":2"#)
            #expect(cut["truncated"] as? Bool == true, "\(cut)")
            #expect(cut["checked"] as? Int == 2)
            #expect(cut["needs_attention"] as? Bool == true, "the rest was not checked")
            let whole = try await Self.reconcile(h, key: key)
            #expect(whole["truncated"] as? Bool == false)
            #expect(whole["checked"] as? Int == 3)
            #expect(whole["matched"] as? Int == 3)
            #expect(whole["needs_attention"] as? Bool == false)
            // A window that ended before the payments holds none of them.
            let early = try await h.admin(
                .POST, "/reconciliations",
                #"{"since":\#(Self.hourAgo),"until":"\#(Self.hourAgo + 60)"}"#, key: key)
            #expect(early.json["checked"] as? Int == 0, "\(early.text)")
        }
    }
}
