import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import TestSupport
import Testing

/// `GET /v1/orders/{id}/events`: the storefront page's Server-Sent Events.
@Suite("Order event stream") struct OrderEventStreamTests {
    /// The stream route alone over the harness's database, ending after `seconds`.
    static func withStream(
        _ h: PaymentHarness, seconds: Int64,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = Router()
        router.middlewares.add(ErrorMiddleware())
        let orders = PostgresOrderRepository(pool: h.pool)
        OrderEventRoutes(
            orders: orders, notifications: PostgresNotificationStore(pool: h.pool), tickets: PostgresStreamTickets(pool: h.pool),
            pollInterval: .milliseconds(100), heartbeat: .seconds(1), maxDuration: .seconds(seconds)
        )
        .register(on: router, authenticated: router.group().add(middleware: OrderTokenMiddleware(orders: orders)))
        try await Application(router: router).test(.router, body)
    }

    /// A stream ticket for `order`, asked for with its token in the header.
    static func ticket(_ client: any TestClientProtocol, _ order: (id: String, token: String)) async throws -> String {
        let response = try await client.execute(
            uri: "/v1/orders/\(order.id)/stream-tickets", method: .post,
            headers: [.init("X-Order-Token")!: order.token])
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return try #require(json?["ticket"] as? String)
    }

    /// The `event:` names of a stream, in order.
    static func events(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
    }

    @Test func aListeningPageGetsTheOrderThenItsPaidEvent() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 2)])
            try await Self.withStream(h, seconds: 12) { client in  // room for the payment on a loaded machine (6 s was not, once)
                let ticket = try await Self.ticket(client, order)
                #expect(ticket.hasPrefix("stkt_") && !ticket.contains(order.token))
                async let streamed = client.execute(uri: "/v1/orders/\(order.id)/events?ticket=\(ticket)", method: .get)
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
                let response = try await client.execute(
                    uri: "/v1/orders/\(order.id)/events", method: .get,
                    headers: [.init("X-Order-Token")!: order.token, .init("Last-Event-ID")!: first])
                let text = String(buffer: response.body)
                #expect(Self.events(text) == ["order.refunded"], "\(text)")
            }
        }
    }

    @Test func withoutAValidTokenOrTicketNothingStreams() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 1)])
            let other = try await h.placeOrder([("LAMP", 1)])
            try await Self.withStream(h, seconds: 1) { client in
                let missing = try await client.execute(uri: "/v1/orders/\(order.id)/events", method: .get)
                #expect(missing.status == .unauthorized)
                // The order token itself is no longer taken from a URL.
                let inQuery = try await client.execute(uri: "/v1/orders/\(order.id)/events?token=\(order.token)", method: .get)
                #expect(inQuery.status == .unauthorized, "\(String(buffer: inQuery.body))")
                let wrong = try await client.execute(uri: "/v1/orders/\(order.id)/events?ticket=stkt_wrong", method: .get)
                #expect(wrong.status == .notFound)
                #expect(!String(buffer: wrong.body).contains("event:"))
                let empty = try await client.execute(uri: "/v1/orders/\(order.id)/events?ticket=", method: .get)
                #expect(empty.status == .badRequest && String(buffer: empty.body).contains("invalid_parameter"))
                // A ticket opens its own order's stream, once.
                let othersTicket = try await Self.ticket(client, other)
                #expect(try await client.execute(uri: "/v1/orders/\(order.id)/events?ticket=\(othersTicket)", method: .get).status == .notFound)
                let ticket = try await Self.ticket(client, order)
                #expect(try await client.execute(uri: "/v1/orders/\(order.id)/events?ticket=\(ticket)", method: .get).status == .ok)
                #expect(try await client.execute(uri: "/v1/orders/\(order.id)/events?ticket=\(ticket)", method: .get).status == .notFound)
                // Tickets need the token: none without it, none with another order's.
                #expect(try await client.execute(uri: "/v1/orders/\(order.id)/stream-tickets", method: .post).status == .unauthorized)
                #expect(
                    try await client.execute(
                        uri: "/v1/orders/\(order.id)/stream-tickets", method: .post,
                        headers: [.init("X-Order-Token")!: other.token]
                    ).status == .notFound)
                // An expired ticket opens nothing.
                let late = try await Self.ticket(client, order)
                try await h.exec("UPDATE stream_tickets SET expires_at = now() - interval '1 second'")
                #expect(try await client.execute(uri: "/v1/orders/\(order.id)/events?ticket=\(late)", method: .get).status == .notFound)
                // The service's housekeeping deletes expired tickets nobody used.
                #expect((await Server.housekeeping(pool: h.pool, logger: TestDatabase.logger).runOnce()["stream_tickets"] ?? 0) >= 1)
                #expect(try await h.count("SELECT count(*) AS n FROM stream_tickets") == 0)
            }
        }
    }
}
