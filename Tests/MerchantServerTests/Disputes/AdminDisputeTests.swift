import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox

/// The operator's side of a dispute, end to end over the sandbox: the order shows it with
/// its money, evidence (text and a PDF through the Files API) reaches WooshPay, accepting
/// the loss closes it there, and bad input or a viewer's key changes nothing.
@Suite("Disputes in the admin API") struct AdminDisputeTests {
    /// A paid order of 2 × 1250 with a dispute of 1000 recorded by its webhook.
    static func disputedOrder(_ h: PaymentHarness) async throws -> (order: String, dispute: String) {
        let paid = try await h.paidOrder(price: 1250, quantity: 2)
        let opened = try await h.request(
            .POST, h.sandbox.baseURL + "/_sandbox/payment_intents/\(paid.intent)/dispute", #"{"amount": 1000, "reason": "fraudulent"}"#)
        let id = try #require(opened.json["id"] as? String, "\(opened.text)")
        try await DisputeWebhookTests.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1", [id])
        return (paid.order, id)
    }

    /// The sandbox's truth row of a dispute.
    static func truth(_ h: PaymentHarness, _ id: String) async throws -> [String: Any] {
        try await h.truth("disputes").first { $0["id"] as? String == id } ?? [:]
    }

    static func key(_ h: PaymentHarness, _ role: AdminRole) async throws -> (name: String, token: String) {
        let name = "\(role.rawValue)-\(UUID().uuidString.prefix(6))"
        return (name, try await AdminKeyStore(pool: h.pool).create(name: name, role: role).token.text)
    }

    @Test func evidenceReachesWooshPayAndTheOrderCountsTheLoss() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let (order, dispute) = try await Self.disputedOrder(h)
            let operatorKey = try await Self.key(h, .operator)
            let viewer = try await Self.key(h, .viewer)

            let detail = try await h.admin(.GET, "/orders/\(order)", key: viewer.token)
            #expect(detail.json["disputed_amount"] as? Int == 1000)
            #expect(detail.json["net_amount"] as? Int == 2500, "open: nothing lost yet")
            let shown = try #require((detail.json["disputes"] as? [[String: Any]])?.first)
            #expect(shown["id"] as? String == dispute)
            #expect(shown["status"] as? String == "needs_response")
            #expect(shown["reason"] as? String == "fraudulent")
            #expect(shown["evidence_due_by"] as? Int != nil)

            let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8).base64EncodedString()
            let good = """
                {"evidence": {"product_description": "Two blue mugs", "customer_email_address": "ann@example.com"},
                 "files": {"receipt": {"filename": "receipt.pdf", "content_type": "application/pdf", "data": "\(pdf)"}}}
                """
            let forbidden = try await h.admin(.POST, "/disputes/\(dispute)/evidence", good, key: viewer.token)
            #expect(forbidden.status == 403)
            #expect(forbidden.errorCode == "insufficient_permissions")

            let exe = Data([0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60)).base64EncodedString()
            let big = Data(Array("%PDF-".utf8) + Array(repeating: 0x20, count: 1024 * 1024)).base64EncodedString()
            let refusals: [(body: String, status: Int, code: String, param: String)] = [
                (#"{"evidence": {"favourite_colour": "blue"}}"#, 400, "invalid_evidence", "evidence.favourite_colour"),
                (#"{"evidence": {"receipt": "see attached"}}"#, 400, "invalid_evidence", "evidence.receipt"),
                (#"{"evidence": {}}"#, 400, "invalid_evidence", "evidence"),
                (#"{"files": {"receipt": {"filename": "r.pdf", "data": "\#(exe)"}}}"#, 400, "unsupported_file_type", "files.receipt"),
                (
                    #"{"files": {"receipt": {"filename": "r.png", "content_type": "image/png", "data": "\#(pdf)"}}}"#, 400,
                    "unsupported_file_type", "files.receipt"
                ),
                (#"{"files": {"receipt": {"filename": "r.pdf", "data": "\#(big)"}}}"#, 413, "file_too_large", "files.receipt"),
                (#"{"files": {"receipt": {"filename": "r.pdf", "data": "not base64!"}}}"#, 400, "invalid_evidence", "files.receipt.data"),
            ]
            for refusal in refusals {
                let answer = try await h.admin(.POST, "/disputes/\(dispute)/evidence", refusal.body, key: operatorKey.token)
                #expect(answer.status == refusal.status, "\(refusal.code): \(answer.text.prefix(300))")
                #expect(answer.errorCode == refusal.code)
                #expect((answer.json["error"] as? [String: Any])?["param"] as? String == refusal.param)
            }
            #expect(try await Self.truth(h, dispute)["submission_count"] as? Int == 0, "nothing reached WooshPay")
            #expect((try await Self.truth(h, dispute)["evidence"] as? [String: Any])?.isEmpty == true)

            let sent = try await h.admin(.POST, "/disputes/\(dispute)/evidence", good, key: operatorKey.token)
            #expect(sent.status == 200, "\(sent.text)")
            #expect(sent.json["status"] as? String == "under_review")
            #expect(sent.json["evidence_submitted"] as? Bool == true)
            let truth = try await Self.truth(h, dispute)
            let evidence = try #require(truth["evidence"] as? [String: Any])
            #expect(evidence["product_description"] as? String == "Two blue mugs")
            #expect((evidence["receipt"] as? String)?.hasPrefix("file_") == true, "the PDF went through the Files API")
            #expect(truth["submission_count"] as? Int == 1)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'dispute.under_review' AND cause = $2",
                    [order, "admin:\(operatorKey.name)"]) == 1)
            let audit: String = try await h.scalar(
                """
                SELECT string_agg(after::text, ' ') FROM admin_audit WHERE action = 'dispute.evidence_submitted' AND actor = $1 AND target = $2
                """,
                [operatorKey.name, dispute])
            #expect(audit.contains(#""status": 200"#) || audit.contains(#""status":200"#), "\(audit)")
            #expect(audit.contains("product_description") && audit.contains("receipt"), "\(audit)")
            #expect(!audit.contains("ann@example.com") && !audit.contains("blue mugs"), "the customer's data stays out of the audit rows")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM admin_audit WHERE action = 'dispute.evidence_submitted' AND target = $1", [dispute])
                    == refusals.count + 1, "each refusal audited too (the viewer's 403 never reaches the audit)")

            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/disputes/\(dispute)/outcome", #"{"outcome": "lost"}"#)
            try await DisputeWebhookTests.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'lost'", [dispute])
            let after = try await h.admin(.GET, "/orders/\(order)", key: viewer.token)
            #expect(after.json["net_amount"] as? Int == 1500, "captured 2500 - lost 1000")
            #expect(after.json["disputed_amount"] as? Int == 1000)
            let late = try await h.admin(.POST, "/disputes/\(dispute)/evidence", good, key: operatorKey.token)
            #expect(late.status == 409)
            #expect(late.errorCode == "dispute_closed")
        }
    }

    @Test func closingAcceptsTheLossAtWooshPay() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            let (order, dispute) = try await Self.disputedOrder(h)
            let operatorKey = try await Self.key(h, .operator)
            let closed = try await h.admin(.POST, "/disputes/\(dispute)/close", key: operatorKey.token)
            #expect(closed.status == 200, "\(closed.text)")
            #expect(closed.json["status"] as? String == "lost")
            #expect(try await Self.truth(h, dispute)["status"] as? String == "lost")
            #expect(
                try await h.count("SELECT count(*) AS n FROM notifications WHERE order_id = $1 AND type = 'order.dispute_closed'", [order]) == 1)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM admin_audit WHERE action = 'dispute.closed' AND actor = $1 AND target = $2",
                    [operatorKey.name, dispute]) == 1)
            let again = try await h.admin(.POST, "/disputes/\(dispute)/close", key: operatorKey.token)
            #expect(again.status == 200, "accepting a loss twice is the same loss")
            let missing = try await h.admin(.POST, "/disputes/dp_nope/close", key: operatorKey.token)
            #expect(missing.status == 404)
            #expect(missing.errorCode == "dispute_not_found")
            #expect(try await h.admin(.GET, "/disputes/dp_nope", key: operatorKey.token).errorCode == "dispute_not_found")
        }
    }

    @Test func theListFiltersByStatusAndDueDateInCursorPages() async throws {
        try await WebhookLiveHarness.with(faults: SandboxFaults()) { h in
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try await Self.disputedOrder(h).dispute) }
            let viewer = try await Self.key(h, .viewer).token
            _ = try await h.request(.POST, h.sandbox.baseURL + "/_sandbox/disputes/\(ids[0])/outcome", #"{"outcome": "won"}"#)
            try await DisputeWebhookTests.wait(h, "SELECT count(*) AS n FROM disputes WHERE id = $1 AND status = 'won'", [ids[0]])

            let first = try await h.admin(.GET, "/disputes?limit=2", key: viewer)
            let page1 = (first.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(page1 == [ids[2], ids[1]], "newest first")
            #expect(first.json["has_more"] as? Bool == true)
            let second = try await h.admin(.GET, "/disputes?limit=2&starting_after=\(ids[1])", key: viewer)
            #expect((second.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [ids[0]])
            #expect(second.json["has_more"] as? Bool == false)

            let open = try await h.admin(.GET, "/disputes?status=needs_response", key: viewer)
            #expect(Set((open.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == [ids[1], ids[2]])
            let soon = Int(Date().timeIntervalSince1970) + 8 * 86_400
            let dueWithin8Days = try await h.admin(.GET, "/disputes?due_before=\(soon)", key: viewer)
            #expect((dueWithin8Days.json["data"] as? [[String: Any]])?.count == 3)
            let dueNow = try await h.admin(.GET, "/disputes?due_before=\(Int(Date().timeIntervalSince1970))", key: viewer)
            #expect((dueNow.json["data"] as? [[String: Any]])?.isEmpty == true, "evidence is due in 7 days")

            #expect(try await h.admin(.GET, "/disputes?status=open", key: viewer).errorCode == "invalid_status")
            #expect(try await h.admin(.GET, "/disputes?starting_after=dp_nope", key: viewer).errorCode == "invalid_cursor")
            #expect(try await h.admin(.GET, "/disputes?due=1", key: viewer).errorCode == "unknown_parameter")
        }
    }
}
