import Foundation
import OrderDomain
import Testing
import WooshPayGateway
import WooshPaySandbox

/// The adapter's dispute endpoints against the sandbox over real HTTP: retrieve (both
/// timestamp units), evidence with an uploaded file, close, the list's window, and the
/// `charge.dispute.*` events decoding to a dispute.
@Suite("WooshPay disputes against the sandbox") struct SandboxDisputeTests {
    static func paid(_ h: SandboxHarness, _ key: String) async throws -> PaymentIntentSnapshot {
        try await h.gateway.createPaymentIntent(
            CreatePaymentIntentRequest(amount: 2500, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
            idempotencyKey: key)
    }

    @Test("a dispute is read, answered with a file and text, and closed")
    func lifecycle() async throws {
        try await withSandbox { h in
            let pi = try await Self.paid(h, "dispute-pay")
            let opened = try await h.control("/_sandbox/payment_intents/\(pi.id)/dispute", #"{"amount": 900, "reason": "product_not_received"}"#)
            let id = try #require(opened["id"] as? String)
            let dispute = try await h.gateway.retrieveDispute(id: id)
            #expect(dispute.paymentIntentID == pi.id && dispute.amount == 900 && dispute.currency == "USD")
            #expect(dispute.status == .needsResponse && dispute.gatewayStatus == "warning_needs_response")
            #expect(dispute.reason == "product_not_received")
            let due = try #require(dispute.evidenceDueBy)
            let created = try #require(dispute.created)
            #expect(due.epochMilliseconds - created.epochMilliseconds == 7 * 86_400_000)
            let file = try await h.gateway.uploadEvidenceFile(
                name: "receipt.pdf", type: "pdf", bytes: Array("%PDF-1.4 receipt".utf8), idempotencyKey: "file-1")
            #expect(file.id.hasPrefix("file_") && file.type == "pdf" && file.size == 16)
            let answered = try await h.gateway.submitDisputeEvidence(
                id: id, evidence: ["receipt": file.id, "customer_name": "Ana Lima"], idempotencyKey: "evidence-1")
            #expect(answered.status == .underReview && answered.evidenceSubmitted)
            let truth = try await h.fetch("/_sandbox/disputes")["data"] as? [[String: Any]] ?? []
            let evidence = truth.first?["evidence"] as? [String: Any]
            #expect(evidence?["receipt"] as? String == file.id && evidence?["customer_name"] as? String == "Ana Lima")
            let closed = try await h.gateway.closeDispute(id: id, idempotencyKey: "close-1")
            #expect(closed.status == .lost)
            await #expect(throws: GatewayError.self, "a charged-back payment is not refunded too") {
                _ = try await h.gateway.createRefund(CreateRefundRequest(paymentIntentID: pi.id), idempotencyKey: "refund-1")
            }
        }
    }

    @Test("the list follows pages and keeps to its window")
    func list() async throws {
        try await withSandbox { h in
            var ids: [String] = []
            for n in 0..<3 {
                let pi = try await Self.paid(h, "list-pay-\(n)")
                let opened = try await h.control("/_sandbox/payment_intents/\(pi.id)/dispute", "{}")
                ids.append(try #require(opened["id"] as? String))
                try await Task.sleep(for: .milliseconds(5))
            }
            let all = try await h.gateway.listDisputes(DisputeListQuery())
            #expect(Set(all.disputes.map(\.id)) == Set(ids) && !all.isTruncated)
            let first = try await h.gateway.retrieveDispute(id: ids[0])
            let last = try await h.gateway.retrieveDispute(id: ids[2])
            let window = try await h.gateway.listDisputes(
                DisputeListQuery(createdFrom: try #require(first.created), createdBefore: try #require(last.created)))
            #expect(Set(window.disputes.map(\.id)) == Set(ids.prefix(2)))
            let bounded = try await h.gateway.listDisputes(DisputeListQuery(maxResults: 1))
            #expect(bounded.disputes.count == 1 && bounded.isTruncated)
        }
    }

    @Test("charge.dispute events verify and decode to the dispute", arguments: [false, true])
    func events(quirks: Bool) async throws {
        try await withSandbox(quirks: quirks) { h in
            let pi = try await Self.paid(h, "events-pay")
            let opened = try await h.control("/_sandbox/payment_intents/\(pi.id)/dispute", "{}")
            let id = try #require(opened["id"] as? String)
            _ = try await h.control("/_sandbox/disputes/\(id)/outcome", #"{"outcome": "won"}"#)
            let events = (try await h.fetch("/_sandbox/events")["data"] as? [[String: Any]] ?? [])
                .filter { ($0["type"] as? String)?.hasPrefix("charge.dispute.") == true }
            #expect(events.count == 4)
            let signer = WebhookSigner(secret: h.sandbox.configuration.webhookSecret)
            for row in events {
                let eventID = try #require(row["id"] as? String)
                let event = try await h.fetch("/v1/events/\(eventID)")
                let body = Array(try JSONSerialization.data(withJSONObject: event))
                let t = Int64(Date().timeIntervalSince1970 * 1000)
                let verified = try h.gateway.verifyWebhook(
                    rawBody: body, signatureHeader: signer.header(timestamp: t, body: body), now: GatewayTimestamp(epochMilliseconds: t))
                let envelope = try h.gateway.verifyWebhookEnvelope(
                    rawBody: body, signatureHeader: signer.header(timestamp: t, body: body), now: GatewayTimestamp(epochMilliseconds: t))
                #expect(envelope == WebhookEnvelope(verified))
                guard case .dispute(let dispute) = verified.object else {
                    Issue.record("\(row["type"] ?? "") decoded as \(verified.object)")
                    continue
                }
                #expect(dispute.id == id && dispute.paymentIntentID == pi.id)
            }
        }
    }
}
