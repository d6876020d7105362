import Foundation
import TestSupport
import Testing

/// Two tabs finish in the "wrong" order: the attempt created first succeeds last. The order
/// keeps the payment that succeeded first and refunds the other, whichever was created first.
@Suite("Kept payment") struct KeptPaymentTests {
    @Test func theAttemptCreatedFirstButPaidLastIsTheDuplicate() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            try await h.seedProduct("MUG", price: 1000)
            let (order, sdk) = try await h.orderPaying(mode: "sdk")
            let early = try #require(sdk.string("payment_intent"))
            let direct = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(direct.status == 201 && direct.string("status") == "succeeded", "\(direct.text)")
            let late = try #require(direct.string("payment_intent"))
            #expect(try await h.orderStatus(order.id) == "paid")

            // The first tab's payment completes afterwards.
            try await h.drive(early, to: "succeeded")
            let synced = try await h.admin(.POST, "/orders/\(order.id)/sync", nil, key: key)
            #expect(synced.status == 200, "\(synced.text)")
            #expect(try await h.sandboxRefunds(early).count == 1, "the payment that succeeded second is refunded")
            #expect(try await h.sandboxRefunds(late).isEmpty, "the kept payment is untouched")
            #expect(try await h.scalar("SELECT reason FROM refunds WHERE payment_intent_id = $1", [early]) == "duplicate")
            #expect(try await h.orderStatus(order.id) == "paid")
            #expect(try await h.orderColumn(order.id, "refunded_amount") == "0")

            // A merchant refund goes to the kept payment.
            let refund = try await h.admin(.POST, "/orders/\(order.id)/refunds", nil, key: key)
            #expect(refund.status == 201 && refund.string("payment_intent") == late, "\(refund.text)")
            #expect(try await h.orderStatus(order.id) == "refunded")
        }
    }
}
