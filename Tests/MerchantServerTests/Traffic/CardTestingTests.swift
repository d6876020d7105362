import Foundation
import MerchantServer
import OrderDomain
import TestSupport
import Testing

/// Review finding 3: one order took 60 declined confirmations, each a WooshPay call, and
/// each decline told the caller the issuer's reason.
@Suite("Card testing caps") struct CardTestingTests {
    /// WooshPay calls that confirmed or created an intent, from the sandbox's request log.
    static func confirmations(_ h: PaymentHarness) async throws -> Int {
        let log = try await h.request(.GET, h.sandbox.baseURL + "/_sandbox/requests").json["data"] as? [[String: Any]] ?? []
        return log.filter { ($0["method"] as? String) == "POST" && (($0["path"] as? String) ?? "").hasPrefix("/v1/payment_intents") }.count
    }

    @Test("past MAX_PAYMENT_FAILURES_PER_ORDER declines the order gets 429 too_many_attempts and WooshPay is not called")
    func perOrderCap() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.maxPaymentFailuresPerOrder = 3 }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            for card in ["pm_card_insufficientFunds", "pm_card_chargeDeclined", "pm_card_insufficientFunds"] {
                let declined = try await h.pay(order, #"{"mode":"direct","payment_method":"\#(card)"}"#)
                #expect(declined.status == 402 && declined.errorCode == "card_declined", "\(declined.text)")
                #expect(!declined.text.contains("insufficient_funds") && !declined.text.contains("generic_decline"), "\(declined.text)")
            }
            let calls = try await Self.confirmations(h)
            let refused = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(refused.status == 429 && refused.errorCode == "too_many_attempts", "\(refused.text)")
            #expect(refused.headers.contains { $0.name.lowercased() == "retry-after" })
            #expect(try await Self.confirmations(h) == calls, "no WooshPay call after the cap")
            #expect(try await h.count("SELECT payment_failures AS n FROM orders WHERE id = $1", [order.id]) == 3)
            // The admin API keeps the issuer's reason; the storefront's order read does not show it.
            let read = try await h.send(.GET, "/v1/orders/\(order.id)", headers: [(name: "X-Order-Token", value: order.token)])
            #expect(!read.text.contains("insufficient_funds"), "\(read.text)")
            #expect(try await h.attemptColumn(order.id, "last_error_code").contains("insufficient_funds"))
        }
    }

    @Test("past MAX_PAYMENT_FAILURES_PER_CLIENT declines in the hour a client is refused on any order")
    func perClientCap() async throws {
        try await PaymentHarness.with(configure: {
            $0.traffic.maxPaymentFailuresPerClientHour = 2
            $0.traffic.trustedProxies = [CIDR("127.0.0.1")!]
        }) { h in
            try await h.seedProduct("MUG")
            let tester = [(name: "X-Forwarded-For", value: "198.51.100.9")]
            for _ in 0..<2 {
                let order = try await h.placeOrder()
                let declined = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_chargeDeclined"}"#, headers: tester)
                #expect(declined.status == 402, "\(declined.text)")
            }
            let calls = try await Self.confirmations(h)
            let fresh = try await h.placeOrder()
            let refused = try await h.pay(fresh, #"{"mode":"direct","payment_method":"pm_card_visa"}"#, headers: tester)
            #expect(refused.status == 429 && refused.errorCode == "too_many_attempts", "\(refused.text)")
            #expect(try await Self.confirmations(h) == calls)
            // Another customer is not affected.
            let other = try await h.pay(
                fresh, #"{"mode":"direct","payment_method":"pm_card_visa"}"#,
                headers: [(name: "X-Forwarded-For", value: "198.51.100.10")])
            #expect(other.status == 201 && other.string("status") == "succeeded", "\(other.text)")
        }
    }
}
