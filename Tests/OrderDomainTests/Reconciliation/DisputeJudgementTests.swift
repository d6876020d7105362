import Testing

@testable import OrderDomain

/// When reconciliation records a listed dispute: one we lack, or one whose recording would
/// change its status or amount; never a decided one WooshPay's list shows stale.
@Suite("Reconciliation judges a dispute against WooshPay's")
struct DisputeJudgementTests {
    static func ours(_ status: DisputeStatus, amount: Int64 = 600) -> Dispute {
        Dispute(
            id: "dp_1", orderID: "ord_1", attemptID: "pay_1", amount: amount, currency: "USD", reason: "general", status: status,
            gatewayStatus: status.rawValue, evidenceDueBy: nil, fundsWithdrawn: amount, fundsReinstated: 0, evidenceSubmitted: false)
    }

    static func listed(_ status: DisputeStatus, amount: Int64 = 600) -> DisputeSnapshot {
        DisputeSnapshot(
            id: "dp_1", paymentIntentID: "pi_1", amount: amount, currency: "USD", reason: "general", status: status,
            gatewayStatus: status.rawValue, evidenceDueBy: nil, created: nil)
    }

    @Test(
        "missing, differing, or agreeing",
        arguments: [
            (nil, DisputeStatus.needsResponse, Int64(600), ReconciliationFinding.Kind.disputeMissing),
            (DisputeStatus.needsResponse, .needsResponse, 600, nil),
            (.needsResponse, .underReview, 600, .disputeDiffers),
            (.needsResponse, .lost, 600, .disputeDiffers),
            (.underReview, .won, 600, .disputeDiffers),
            (.needsResponse, .needsResponse, 400, .disputeDiffers),
            (.won, .needsResponse, 600, nil),
            (.lost, .lost, 600, nil),
        ] as [(DisputeStatus?, DisputeStatus, Int64, ReconciliationFinding.Kind?)])
    func difference(ours: DisputeStatus?, listed: DisputeStatus, amount: Int64, kind: ReconciliationFinding.Kind?) {
        #expect(Reconciler.difference(ours.map { Self.ours($0) }, Self.listed(listed, amount: amount)) == kind)
    }
}
