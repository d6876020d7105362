import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresStore
import Testing
import TestSupport

/// `GET /v1/orders/{id}/events`: the storefront page's Server-Sent Events.
@Suite("Order event stream") struct OrderEventStreamTests {
    /// The stream route alone over the harness's database, ending after `seconds`.
    static func withStream(_ h: PaymentHarness, seconds: Int64,
                           _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        router.middlewares.add(ErrorMiddleware())
        OrderEventRoutes(orders: PostgresOrderRepository(pool: h.pool), notifications: PostgresNotificationStore(pool: h.pool),
                         pollInterval: .milliseconds(100), heartbeat: .seconds(1), maxDuration: .seconds(seconds)).register(on: router)
        try await Application(router: router).test(.router, body)
    }

    /// The `event:` names of a stream, in order.
    static func events(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
    }

    @Test func aListeningPageGetsTheOrderThenItsPaidEvent() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 2)])
            try await Self.withStream(h, seconds: 6) { client in  // room for the payment on a loaded machine
                async let streamed = client.execute(uri: "/v1/orders/\(order.id)/events?token=\(order.token)", method: .get)
                try await Task.sleep(for: .milliseconds(500))
                let paid = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
                #expect(paid.status == 201)
                let response = try await streamed
                let text = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                #expect(Self.events(text) == ["order.status", "order.paid"], "\(text)")
                #expect(text.contains(#""status":"awaiting_payment""#), "the opening snapshot")
                #expect(text.contains(#""type": "order.paid""#) && text.contains("id: evt_"), "the notification itself")
                #expect(text.contains(": keep-alive"), "a heartbeat while idle")
            }
        }
    }

    @Test func aReconnectWithLastEventIDGetsWhatItMissedAndNoSnapshot() async throws {
        try await PaymentHarness.with { h in
            let admin = try await h.adminKey()
            try await h.seedProduct("LAMP", price: 1000)
            let order = try await h.placeOrder([("LAMP", 1)])
            #expect(try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#).status == 201)
            #expect(try await h.admin(.POST, "/orders/\(order.id)/refunds", #"{"amount":400}"#, key: admin).status == 201)
            let first = try await h.scalar("SELECT id FROM notifications WHERE order_id = $1 AND type = 'order.paid'", [order.id])
            try await Self.withStream(h, seconds: 1) { client in
                let response = try await client.execute(uri: "/v1/orders/\(order.id)/events", method: .get,
                                                        headers: [.init("X-Order-Token")!: order.token, .init("Last-Event-ID")!: first])
                let text = String(buffer: response.body)
                #expect(Self.events(text) == ["order.refunded"], "\(text)")
            }
        }
    }

    @Test func withoutAValidTokenNothingStreams() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 1)])
            try await Self.withStream(h, seconds: 1) { client in
                let missing = try await client.execute(uri: "/v1/orders/\(order.id)/events", method: .get)
                #expect(missing.status == .unauthorized)
                let wrong = try await client.execute(uri: "/v1/orders/\(order.id)/events?token=otok_wrong", method: .get)
                #expect(wrong.status == .notFound)
                #expect(!String(buffer: wrong.body).contains("event:"))
                let empty = try await client.execute(uri: "/v1/orders/\(order.id)/events?token=", method: .get)
                #expect(empty.status == .badRequest && String(buffer: empty.body).contains("invalid_parameter"))
            }
        }
    }
}
