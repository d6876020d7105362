import Foundation
import Testing

/// The customer's return, refresh on read, amount mismatches and duplicate payments, end
/// to end against the sandbox.
@Suite("Return redirect, refresh on read, mismatch, duplicate payment") struct ReturnAndDuplicateTests {
    /// The `Location` of a 303 and its query items.
    static func location(_ answer: PaymentHarness.Answer) -> (url: String, query: [String: String]) {
        let url = answer.headers.first { $0.name.lowercased() == "location" }?.value ?? ""
        let items = URLComponents(string: url)?.queryItems ?? []
        return (url, Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a }))
    }

    @Test func theReturnSyncsWithWooshPayAndRedirectsToTheStorefront() async throws {
        try await PaymentHarness.with(configure: { $0.storefrontReturnURL = "https://shop.example/thanks?from=pay" }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let start = try await h.pay(order, #"{"mode":"checkout"}"#)
            let paid = try await h.request(
                .POST, start.string("redirect_url") ?? "-", "card_number=4111111111111111&exp=03%2F30&cvc=123",
                contentType: "application/x-www-form-urlencoded")
            let back = Self.location(paid).url.replacingOccurrences(of: "http://127.0.0.1:9", with: "")
            #expect(try await h.orderStatus(order.id) == "awaiting_payment", "no webhook or poll yet")
            let answer = try await h.send(.GET, back)
            #expect(answer.status == 303)
            let target = Self.location(answer)
            #expect(target.url.hasPrefix("https://shop.example/thanks?"))
            #expect(target.query == ["from": "pay", "order": order.id, "status": "paid"])
            #expect(try await h.orderStatus(order.id) == "paid")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'return'", [order.id]) == 1)
            // The query string is not trusted: a forged return for an unpaid order stays pending.
            let other = try await h.placeOrder()
            let forged = try await h.send(.GET, "/v1/orders/\(other.id)/return?attempt=\(start.string("id") ?? "")&redirect_status=succeeded")
            #expect(Self.location(forged).query["status"] == "pending")
            #expect(try await h.orderStatus(other.id) == "awaiting_payment")
            // Unknown orders and garbage still get a safe redirect.
            let unknown = try await h.send(.GET, "/v1/orders/ord_%3Cscript%3E/return?attempt=%01%FF")
            #expect(unknown.status == 303)
            // NUL alone is refused before any route runs, here as everywhere (400 invalid_character).
            #expect(try await h.send(.GET, "/v1/orders/\(other.id)/return?attempt=%00").status == 400)
            // Decoded, so a raw `<` from the path would show here; only the id's alphabet survives.
            let echoed = Self.location(unknown).query["order"] ?? "-"
            #expect(echoed.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
            #expect(Self.location(unknown).query["status"] == "pending")
        }
    }

    @Test func wooshPayDownDuringTheReturnRedirectsToPendingThenSettles() async throws {
        try await PaymentHarness.with(configure: { $0.settlement.returnSyncTimeoutSeconds = 1 }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let start = try await h.pay(order, #"{"mode":"sdk"}"#)
            try await h.drive(start.string("payment_intent") ?? "-", to: "succeeded")
            try await h.faults(#"{"api_error_rate":1}"#)
            let down = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=\(start.string("id") ?? "")")
            #expect(down.status == 303)
            #expect(Self.location(down).query["status"] == "pending")
            #expect(try await h.orderStatus(order.id) == "awaiting_payment")
            try await h.faults(#"{"api_error_rate":0}"#)
            let up = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=\(start.string("id") ?? "")")
            #expect(Self.location(up).query["status"] == "paid")
        }
    }

    @Test func aStaleOpenPaymentIsRefreshedWhenTheOrderIsRead() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let start = try await h.pay(order, #"{"mode":"sdk"}"#)
            try await h.drive(start.string("payment_intent") ?? "-", to: "succeeded")
            // Touched just now, whatever the steps above took on a loaded machine.
            try await h.pool.withConnection { try $0.query("UPDATE payment_attempts SET updated_at = now() WHERE order_id = $1", [order.id]) }
            let fresh = try await h.send(.GET, "/v1/orders/\(order.id)", headers: [(name: "X-Order-Token", value: order.token)])
            #expect(fresh.string("status") == "awaiting_payment", "touched less than 5 s ago: no gateway call")
            try await h.pool.withConnection {
                try $0.query("UPDATE payment_attempts SET updated_at = now() - interval '10 seconds' WHERE order_id = $1", [order.id])
            }
            let read = try await h.send(.GET, "/v1/orders/\(order.id)", headers: [(name: "X-Order-Token", value: order.token)])
            #expect(read.string("status") == "paid")
        }
    }

    @Test func anAmountThatDoesNotMatchIsFlaggedNotPaid() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 1500)
            let order = try await h.placeOrder([("MUG", 1)])
            let start = try await h.pay(order, #"{"mode":"sdk"}"#)
            // As if WooshPay's intent were for another amount than the attempt asked.
            try await h.pool.withConnection { try $0.query("UPDATE payment_attempts SET amount = 999 WHERE order_id = $1", [order.id]) }
            try await h.drive(start.string("payment_intent") ?? "-", to: "succeeded")
            let back = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=\(start.string("id") ?? "")")
            #expect(Self.location(back).query["status"] == "pending")
            #expect(try await h.orderStatus(order.id) == "awaiting_payment")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM orders WHERE id = $1 AND needs_review AND review_reason LIKE 'amount_mismatch%'", [order.id]) == 1)
            #expect(try await h.attemptColumn(order.id, "status") == ["requires_payment_method"])
        }
    }

    @Test func aSecondSuccessfulPaymentIsRefundedAndTheOrderPaidOnce() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 800)
            let order = try await h.placeOrder([("MUG", 2)])
            // Two tabs: hosted checkout in one, the SDK in the other.
            let tabA = try await h.pay(order, #"{"mode":"checkout"}"#)
            let tabB = try await h.pay(order, #"{"mode":"sdk"}"#)
            _ = try await h.request(
                .POST, tabA.string("redirect_url") ?? "-", "card_number=4111111111111111&exp=03%2F30&cvc=123",
                contentType: "application/x-www-form-urlencoded")
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=\(tabA.string("id") ?? "")")
            #expect(try await h.orderStatus(order.id) == "paid")
            let duplicateIntent = try #require(tabB.string("payment_intent"))
            try await h.drive(duplicateIntent, to: "succeeded")
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=\(tabB.string("id") ?? "")")
            _ = try await h.send(.GET, "/v1/orders/\(order.id)/return?attempt=\(tabB.string("id") ?? "")")

            let refunds = try await h.truth("refunds")
            #expect(refunds.count == 1)
            #expect(refunds.first?["payment_intent"] as? String == duplicateIntent)
            #expect(refunds.first?["amount"] as? Int == 1600)
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM refunds WHERE order_id = $1 AND reason = 'duplicate' AND gateway_refund_id IS NOT NULL", [order.id])
                    == 1)
            #expect(try await h.orderStatus(order.id) == "paid", "the kept payment is whole; the duplicate's refund does not count")
            #expect(try await h.count("SELECT refunded_amount::int AS n FROM orders WHERE id = $1", [order.id]) == 0)
            #expect(
                try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'payment.duplicate_detected'", [order.id])
                    == 1)
        }
    }
}
