import CurlTransport
import Foundation
import Logging
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import Workers

/// Admin-operation steps on top of `PaymentHarness`: an admin key, admin requests, paid
/// orders, and the refund poller over the harness's database and sandbox.
extension PaymentHarness {
    /// Creates an active admin key named `name` and returns its token.
    func adminKey(_ name: String = "ops") async throws -> String {
        try await AdminKeyStore(pool: pool).create(name: name, role: .admin).token.text
    }

    /// Sends an admin request with `key` (no Authorization header when `key` is nil).
    func admin(_ method: CurlTransport.HTTPRequest.Method, _ path: String, _ json: String? = nil, key: String?) async throws -> Answer {
        try await send(method, "/v1/admin" + path, json, headers: key.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? [])
    }

    /// A paid order: `quantity` x a fresh product at `price`, paid directly with the test
    /// card (succeeds in one call). Returns the order id and its payment intent.
    func paidOrder(price: Int64 = 1250, quantity: Int = 2) async throws -> (order: String, intent: String) {
        let sku = "SKU-\(UUID().uuidString.prefix(8))"
        try await seedProduct(sku, price: price)
        let order = try await placeOrder([(sku, quantity)])
        let answer = try await pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
        guard answer.status == 201, let intent = answer.string("payment_intent") else {
            throw HarnessError("direct payment not made: \(answer.status) \(answer.text)")
        }
        return (order.id, intent)
    }

    /// One column of the order row as text.
    func orderColumn(_ orderID: String, _ column: String) async throws -> String {
        try await scalar("SELECT \(column) FROM orders WHERE id = $1", [orderID])
    }

    /// The sandbox's refunds of `intent` (the truth).
    func sandboxRefunds(_ intent: String) async throws -> [[String: Any]] {
        try await truth("refunds").filter { $0["payment_intent"] as? String == intent }
    }

    /// The sandbox's record of one intent.
    func sandboxIntent(_ intent: String) async throws -> [String: Any] {
        try await truth("payment_intents").first { $0["id"] as? String == intent } ?? [:]
    }

    /// The refund poller `merchant serve` runs, over this harness.
    func refundPoller() -> RefundPoller {
        let services = services
        return RefundPoller(queue: services.operationsStore, settings: Self.pollSettings(), logger: TestDatabase.logger) {
            try await services.operations.syncRefund(id: $0, cause: .poll)
        }
    }
}
