import OrderDomain
import Testing

/// The dispute decisions as tables: what a report changes, what money an order keeps,
/// when a refund is blocked.
@Suite("Dispute rules")
struct DisputeRulesTests {
    static func snapshot(_ status: DisputeStatus, amount: Int64 = 600, submitted: Bool = false) -> DisputeSnapshot {
        DisputeSnapshot(
            id: "dp_1", paymentIntentID: "pi_1", amount: amount, currency: "USD", reason: "fraudulent", status: status,
            gatewayStatus: status.rawValue, evidenceDueBy: GatewayTimestamp(epochMilliseconds: 1_700_000_000_000),
            evidenceSubmitted: submitted, created: nil)
    }

    static func apply(_ existing: Dispute?, _ status: DisputeStatus) -> (Dispute, [String]) {
        let (dispute, events) = DisputeRules.apply(
            existing, snapshot: snapshot(status), orderID: "ord_1", attemptID: "pay_1", fallbackCurrency: "USD")
        return (dispute, events.map(\.type))
    }

    @Test(
        "a first report opens the dispute (and closes it when already decided); later reports move it, never back",
        arguments: [
            (nil, DisputeStatus.needsResponse, DisputeStatus.needsResponse, ["dispute.opened"]),
            (nil, .lost, .lost, ["dispute.opened", "dispute.lost"]),
            (DisputeStatus.needsResponse, .underReview, .underReview, ["dispute.under_review"]),
            (.underReview, .won, .won, ["dispute.won"]),
            (.needsResponse, .lost, .lost, ["dispute.lost"]),
            (.needsResponse, .needsResponse, .needsResponse, []),
            (.won, .needsResponse, .won, []),
            (.lost, .underReview, .lost, []),
        ] as [(DisputeStatus?, DisputeStatus, DisputeStatus, [String])])
    func transitions(before: DisputeStatus?, reported: DisputeStatus, after: DisputeStatus, events: [String]) {
        let existing = before.map { Self.apply(nil, $0).0 }
        let (dispute, types) = Self.apply(existing, reported)
        #expect(dispute.status == after)
        #expect(types == events)
        #expect(dispute.fundsWithdrawn == 600)
        #expect(dispute.fundsReinstated == (after == .won ? 600 : 0))
        #expect(dispute.evidenceDueBy == 1_700_000_000)
    }

    @Test("opening and deciding announce order.disputed and order.dispute_closed; moving under review announces nothing")
    func notifications() {
        #expect(AuditEvent.disputeOpened(disputeID: "dp_1", amount: 1, reason: "general", status: .needsResponse).notification == .disputed)
        #expect(AuditEvent.disputeChanged(disputeID: "dp_1", from: .needsResponse, to: .won).notification == .disputeClosed)
        #expect(AuditEvent.disputeChanged(disputeID: "dp_1", from: .underReview, to: .lost).notification == .disputeClosed)
        #expect(AuditEvent.disputeChanged(disputeID: "dp_1", from: .needsResponse, to: .underReview).notification == nil)
    }

    @Test("net is captured minus refunded minus lost; disputed counts every dispute not won; refunds wait while one is")
    func money() {
        func dispute(_ status: DisputeStatus, _ amount: Int64) -> Dispute {
            Dispute(
                id: "dp_\(amount)", orderID: "o", attemptID: "a", amount: amount, currency: "USD", reason: "general", status: status,
                gatewayStatus: status.rawValue, evidenceDueBy: nil, fundsWithdrawn: amount, fundsReinstated: 0, evidenceSubmitted: false)
        }
        let cases: [([Dispute], Int64, Int64, Bool)] = [
            ([], 0, 900, false),
            ([dispute(.needsResponse, 300)], 300, 900, true),
            ([dispute(.lost, 300)], 300, 600, true),
            ([dispute(.won, 300)], 0, 900, false),
            ([dispute(.won, 100), dispute(.lost, 200), dispute(.underReview, 50)], 250, 700, true),
        ]
        for (disputes, disputed, net, blocked) in cases {
            let money = DisputeRules.money(captured: 1000, refunded: 100, disputes: disputes)
            #expect(money.disputed == disputed && money.net == net, "\(disputes.map(\.status))")
            #expect(DisputeRules.blocksRefund(disputes) == blocked)
        }
    }
}
