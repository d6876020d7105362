import CurlTransport
import Foundation
import Testing

/// Disputes as WooshPay's pages show them: opened by a control on a succeeded payment,
/// retrieved, answered with evidence, closed, listed with filters in the JSON body, and
/// decided; every change an event; a disputed payment cannot be refunded.
@Suite struct DisputeTests {
    static func open(_ sandbox: TestSandbox, amount: Int? = nil) async throws -> (pi: String, dispute: [String: Any]) {
        let pi = try await RefundTests.paidIntent(sandbox, amount: 1000)
        var body: [String: Any] = ["reason": "fraudulent"]
        if let amount { body["amount"] = amount }
        let opened = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(pi)/dispute", body)
        #expect(opened.status == 200, "\(opened.text)")
        return (pi, opened.json)
    }

    @Test func aDisputeOpensInWooshPaysShapeAndBlocksRefunds() async throws {
        try await TestSandbox.with { sandbox in
            let (pi, dispute) = try await Self.open(sandbox, amount: 600)
            let id = try #require(dispute.string("id"))
            #expect(id.hasPrefix("dp_"))
            #expect(dispute.int("amount") == 600 && dispute.string("currency") == "USD")
            #expect(dispute.string("status") == "warning_needs_response")
            #expect(dispute.string("payment_intent") == pi)
            let due = try #require(dispute.dict("evidence_details").int("due_by"))
            #expect(dispute.dict("metadata").string("work_by_date") == String(due))
            #expect(dispute.dict("evidence").count == 27)
            let read = try await sandbox.api(.GET, "/v1/disputes/\(id)").json
            #expect(read.string("id") == id)
            let refund = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi])
            #expect(refund.status == 400)
            #expect(refund.json.error.string("code") == "charge_disputed")
            #expect(try await sandbox.eventTypes(of: id) == ["charge.dispute.created", "charge.dispute.funds_withdrawn"])
            let unpaid = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 5, "currency": "USD"]).json
            let refused = try await sandbox.control(.POST, "/_sandbox/payment_intents/\(unpaid.string("id") ?? "")/dispute", [:])
            #expect(refused.status == 400, "only a succeeded payment can be disputed")
        }
    }

    @Test func evidenceIsCheckedStoredAndPutsTheDisputeUnderReview() async throws {
        try await TestSandbox.with { sandbox in
            let id = try #require(try await Self.open(sandbox).dispute.string("id"))
            let unknown = try await sandbox.api(.POST, "/v1/disputes/\(id)", ["evidence": ["favourite_colour": "blue"]])
            #expect(unknown.status == 400 && unknown.json.error.string("code") == "parameter_unknown")
            let noFile = try await sandbox.api(.POST, "/v1/disputes/\(id)", ["evidence": ["receipt": "file_404"]])
            #expect(noFile.status == 400 && noFile.json.error.string("param") == "evidence[receipt]")
            let upload = try await Self.upload(sandbox, type: "application/pdf", bytes: Array("%PDF-1.4 receipt".utf8))
            #expect(upload.status == 200, "\(upload.text)")
            let file = try #require(upload.json.string("id"))
            #expect(file.hasPrefix("file_") && upload.json.string("purpose") == "dispute_evidence")
            #expect(try await Self.upload(sandbox, type: "text/html", bytes: Array("<p>".utf8)).status == 400)
            let answered = try await sandbox.api(
                .POST, "/v1/disputes/\(id)",
                ["evidence": ["receipt": file, "customer_name": "Ana Lima", "uncategorized_text": "Delivered 3 May"], "submit": true])
            #expect(answered.status == 200)
            #expect(answered.json.string("status") == "under_review")
            #expect(answered.json.dict("evidence_details").int("submission_count") == 1)
            let truth = try await sandbox.control(.GET, "/_sandbox/disputes").json.list("data").first
            #expect(truth?.dict("evidence").string("customer_name") == "Ana Lima")
            #expect(truth?.dict("evidence").string("receipt") == file)
        }
    }

    @Test func outcomesAndCloseDecideIt() async throws {
        try await TestSandbox.with { sandbox in
            let (wonPI, wonDispute) = try await Self.open(sandbox)
            let won = try #require(wonDispute.string("id"))
            let decided = try await sandbox.control(.POST, "/_sandbox/disputes/\(won)/outcome", ["outcome": "won"])
            #expect(decided.json.string("status") == "won")
            #expect(try await sandbox.eventTypes(of: won).suffix(2) == ["charge.dispute.closed", "charge.dispute.funds_reinstated"])
            #expect(try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": wonPI, "amount": 100]).status == 200)
            let lost = try #require(try await Self.open(sandbox).dispute.string("id"))
            let closed = try await sandbox.api(.POST, "/v1/disputes/\(lost)/close")
            #expect(closed.status == 200 && closed.json.string("status") == "lost")
            let again = try await sandbox.control(.POST, "/_sandbox/disputes/\(lost)/outcome", ["outcome": "won"])
            #expect(again.status == 400, "a closed dispute is final")
            let late = try await sandbox.api(.POST, "/v1/disputes/\(lost)", ["evidence": ["customer_name": "x"]])
            #expect(late.status == 400)
        }
    }

    @Test func theListTakesItsFiltersInTheBody() async throws {
        try await TestSandbox.with { sandbox in
            let (firstPI, first) = try await Self.open(sandbox)
            _ = try await Self.open(sandbox)
            let all = try await sandbox.api(.GET, "/v1/disputes/list", ["limit": 10]).json
            #expect(all.list("data").count == 2 && all.string("url") == "/v1/disputes")
            let one = try await sandbox.api(.GET, "/v1/disputes/list", ["payment_intent": firstPI]).json
            #expect(one.list("data").compactMap { $0.string("id") } == [first.string("id")].compactMap { $0 })
            let created = try #require(first.int("created"))
            let later = try await sandbox.api(.GET, "/v1/disputes/list", ["created": ["gt": "\(created)"]]).json
            #expect(later.list("data").count == 1)
        }
    }

    static func upload(_ sandbox: TestSandbox, type: String, bytes: [UInt8]) async throws -> Reply {
        let boundary = "testboundary42"
        var body = Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.pdf\"\r\nContent-Type: \(type)\r\n\r\n").utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let auth = "Basic " + Data("\(TestSandbox.secretKey):".utf8).base64EncodedString()
        let response = try await sandbox.transport.send(
            CurlTransport.HTTPRequest(
                method: .POST, url: sandbox.baseURL + "/v1/files",
                headers: [("Authorization", auth), ("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body))
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }
}
