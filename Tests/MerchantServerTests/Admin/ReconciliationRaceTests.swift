import Foundation
import MerchantServer
import OrderDomain
import TestSupport
import Testing

/// Reconciliation where payments move around it: a repaired second payment is refunded as
/// a duplicate like any sync's, and a list older than our records is checked against a
/// fresh read before anything is judged.
@Suite("Admin: reconciliation and concurrent payments") struct ReconciliationRaceTests {
    @Test func aRepairedSecondPaymentOfAPaidOrderIsRefundedAsADuplicate() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            // Two tabs: an SDK payment, then a 3-D Secure payment left at its challenge; the
            // SDK one is paid and recorded, so it is the order's payment.
            let first = try #require(try await h.pay(order, #"{"mode":"sdk"}"#).string("payment_intent"))
            let challenge = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_threeDSecure"}"#)
            let second = try #require(challenge.string("payment_intent"), "\(challenge.text)")
            try await h.drive(first, to: "succeeded")
            #expect(try await h.pay(order, #"{"mode":"sdk"}"#).string("status") == "succeeded")
            // The challenge is passed in the other tab too, and that payment's webhook and link are lost.
            try await h.drive(second, to: "succeeded")
            try await h.exec("UPDATE payment_attempts SET payment_intent_id = NULL, next_sync_at = NULL WHERE payment_intent_id = $1", [second])

            let report = try await h.admin(.POST, "/reconciliations", #"{"since":\#(ReconciliationTests.hourAgo)}"#, key: key)
            #expect(ReconciliationTests.findings(report.json, intent: second) == ["not_linked:repaired", "state_differs:repaired"], "\(report.text)")
            #expect(try await h.count("SELECT count(*) AS n FROM refunds WHERE reason = 'duplicate' AND payment_intent_id = $1", [second]) == 1)
            #expect(try await h.sandboxRefunds(second).count == 1, "refunded at WooshPay")
            #expect(try await h.orderStatus(order.id) == "paid", "the duplicate refund does not count against the order")
        }
    }

    @Test func aListOlderThanOurRecordsIsCheckedAgainstAFreshRead() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let intent = try #require(try await h.pay(order, #"{"mode":"sdk"}"#).string("payment_intent"))
            let gateway = makeGateway(h.configuration, logger: TestDatabase.logger)
            let since = GatewayTimestamp(epochSeconds: Int64(ReconciliationTests.hourAgo))
            let stale = try await gateway.listPaymentIntents(PaymentIntentListQuery(createdFrom: since))
            #expect(stale.intents.map(\.gatewayStatus) == ["requires_payment_method"])
            // Paid and recorded (the storefront continued the payment) after the list was taken.
            try await h.drive(intent, to: "succeeded")
            #expect(try await h.pay(order, #"{"mode":"sdk"}"#).string("status") == "succeeded")
            #expect(try await h.orderStatus(order.id) == "paid")

            // WooshPay as it was when the list was taken: the list is frozen, every other call is live.
            var frozen = StubPaymentGateway.forwarding(to: gateway)
            frozen.listPaymentIntents = { _ in stale }
            let services = PaymentServices(configuration: h.configuration, pool: h.pool, gateway: frozen, logger: TestDatabase.logger)
            let before = try await h.databaseSnapshot()
            let report = try await services.reconciler(pool: h.pool).reconcile(
                since: since.epochMilliseconds, until: nil, cause: .reconcile(by: "test"))
            #expect(report.findings.isEmpty, "\(report.findings)")
            #expect(report.matched == 1)
            #expect(try await h.databaseSnapshot() == before)
        }
    }
}
