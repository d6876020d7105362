import Foundation
import OrderDomain
import Testing

@testable import WooshPayGateway

/// The two dispute shapes WooshPay's pages show (wooshpay-beyond-payments §4b), and the
/// status table, from literal JSON.
@Suite("Dispute decoding")
struct DisputeDecodingTests {
    func dispute(_ json: String) throws -> DisputeSnapshot {
        try JSONDecoder().decode(WireDispute.self, from: Data(json.utf8)).snapshot
    }

    @Test("the Stripe-like list example: seconds, lower-case currency, evidence_details.due_by")
    func listShape() throws {
        let d = try dispute(
            #"""
            {"id":"dp_1M97r8L6kclEVx6M2LpvSCG3","object":"dispute","amount":1000,"currency":"eur","created":1669643926,
             "status":"warning_needs_response","reason":"general","charge":"ch_3K5l24L6kclEVx6M0ls3dCrx","payment_intent":null,
             "balance_transactions":[],"evidence_details":{"due_by":1671321599,"has_evidence":false,"past_due":false,"submission_count":0},
             "is_charge_refundable":true,"livemode":false,"metadata":{}}
            """#)
        #expect(d.id == "dp_1M97r8L6kclEVx6M2LpvSCG3" && d.amount == 1000 && d.currency == "EUR")
        #expect(d.status == .needsResponse && d.gatewayStatus == "warning_needs_response")
        #expect(d.paymentIntentID == nil && d.chargeID == "ch_3K5l24L6kclEVx6M0ls3dCrx")
        #expect(d.created == GatewayTimestamp(epochSeconds: 1_669_643_926))
        #expect(d.evidenceDueBy == GatewayTimestamp(epochSeconds: 1_671_321_599))
        #expect(!d.evidenceSubmitted)
    }

    @Test("WooshPay's own event example: milliseconds, upper-case currency, metadata.work_by_date as a string")
    func nativeShape() throws {
        let d = try dispute(
            #"""
            {"id":"dp_1585839983195983872","object":"dispute","amount":66,"currency":"USD","created":1666928687870,
             "status":"lost","livemode":false,
             "metadata":{"card_scheme":"VISA","orig_transaction_amount":"10","work_by_date":"1667059200000","arn":"232323232323"},
             "evidence":{"created":1666928739358,"receipt":""}}
            """#)
        #expect(d.id == "dp_1585839983195983872" && d.amount == 66 && d.currency == "USD")
        #expect(d.status == .lost)
        #expect(d.created == GatewayTimestamp(epochMilliseconds: 1_666_928_687_870))
        #expect(d.evidenceDueBy == GatewayTimestamp(epochMilliseconds: 1_667_059_200_000))
    }

    @Test(
        "every status WooshPay or Stripe spells lands in one of four; an unknown one needs a response",
        arguments: [
            ("warning_needs_response", DisputeStatus.needsResponse), ("needs_response", .needsResponse),
            ("warning_under_review", .underReview), ("under_review", .underReview), ("warning_closed", .won),
            ("charge_refunded", .won), ("prevented", .won), ("won", .won), ("lost", .lost), ("LOST", .lost),
            ("brand_new_status", .needsResponse),
        ])
    func statuses(raw: String, expected: DisputeStatus) {
        #expect(WireDisputeStatus.domainStatus(raw) == expected)
    }

    @Test("a file upload is multipart with purpose and file, byte-identical for one key")
    func multipart() {
        let a = WooshPayGateway.multipart(boundary: "b1", name: "r\"e.pdf", type: "pdf", bytes: [1, 2, 3])
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("name=\"purpose\"\r\n\r\ndispute_evidence\r\n"))
        #expect(text.contains("filename=\"re.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"))
        #expect(text.hasSuffix("\r\n--b1--\r\n"))
        #expect(a == WooshPayGateway.multipart(boundary: "b1", name: "r\"e.pdf", type: "pdf", bytes: [1, 2, 3]))
    }
}
