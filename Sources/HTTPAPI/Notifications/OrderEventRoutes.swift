import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OrderDomain
import ServiceLifecycle

/// `GET /v1/orders/{id}/events`: the order's notifications as Server-Sent Events, so a
/// storefront page can wait for the outcome of a payment without polling our API.
///
/// The credential is the `X-Order-Token` header or, for `EventSource` (which cannot send
/// headers), a `ticket` query parameter: `POST /v1/orders/{id}/stream-tickets` with the
/// token in its header answers a `stkt_...` ticket that opens this order's stream once
/// within 60 s. A token never goes into a URL (proxy logs, histories). The stream opens with `order.status` (the order
/// as `GET /v1/orders/{id}` shows it), then sends each notification created afterwards
/// (`id:` is its `evt_...` id, `event:` its type, `data:` the payload the merchant's
/// endpoints get). A reconnecting `EventSource` sends `Last-Event-ID` and gets what it
/// missed. A comment line every `heartbeat` keeps proxies from closing an idle stream; the
/// stream ends after `maxDuration` (the browser reconnects) or on shutdown.
///
/// Every stream of the router is fed by its one `hub` (one query per `pollInterval` for all
/// of them) and counts against its caps: past `limits.perClient` open streams of one
/// client address or `limits.total` in all, a stream is refused with 429 `too_many_streams`
/// before anything is read. A stream frees its slot when it ends: time up, shutdown, or
/// the client gone (noticed at the next write: a liveness probe each poll sees a reset
/// connection, the next heartbeat or event one that was only half-closed).
public struct OrderEventRoutes: Sendable {
    private let orders: any OrderRepository
    private let notifications: any NotificationStore
    private let tickets: any StreamTicketStore
    private let heartbeat: Duration
    private let maxDuration: Duration
    /// The shared feeder and the caps of every stream these routes open.
    public let hub: EventStreamHub

    /// Creates the route over the orders and the notification outbox, with its own hub.
    public init(
        orders: any OrderRepository, notifications: any NotificationStore, tickets: any StreamTicketStore,
        pollInterval: Duration = .seconds(1), heartbeat: Duration = .seconds(15), maxDuration: Duration = .seconds(300),
        limits: EventStreamHub.Limits = .unlimited, logger: Logger = Logger(label: "merchant.event-streams")
    ) {
        self.orders = orders
        self.notifications = notifications
        self.tickets = tickets
        self.heartbeat = heartbeat
        self.maxDuration = maxDuration
        self.hub = EventStreamHub(notifications: notifications, pollInterval: pollInterval, limits: limits, logger: logger)
    }

    /// Registers the stream on `router` and the ticket route on `authenticated` (which
    /// checks the order token first, see `OrderTokenMiddleware`); the per-client cap counts
    /// by `context.clientAddress`.
    public func register<Context: ClientRequestContext>(on router: Router<Context>, authenticated: some RouterMethods<Context>) {
        register(on: router, authenticated: authenticated, client: { $0.clientAddress })
    }

    /// As above, for a context that knows no client: only the total cap applies.
    public func register<Context: RequestContext>(on router: Router<Context>, authenticated: some RouterMethods<Context>) {
        register(on: router, authenticated: authenticated, client: { _ in nil })
    }

    private func register<Context: RequestContext>(
        on router: Router<Context>, authenticated: some RouterMethods<Context>,
        client: @escaping @Sendable (Context) -> String?
    ) {
        let routes = self
        authenticated.post("/v1/orders/{id}/stream-tickets") { _, context -> Response in
            let ticket = try await routes.tickets.issue(
                orderID: try context.parameters.require("id"),
                lifetimeSeconds: StreamTicket.lifetimeSeconds)
            return try JSONRequest.response(StreamTicketResponse(ticket), status: .created)
        }
        router.get("/v1/orders/{id}/events") { request, context -> Response in
            let id = try context.parameters.require("id")
            if let last = request.headers[.lastEventID], last.utf8.count > 255 { throw Self.invalid("Last-Event-ID") }
            // The slot first, so a refused stream costs no query; dropped (freed) on any throw below.
            let slot = try routes.hub.reserve(client: client(context))
            let order = try await routes.authorizedOrder(id: id, request: request)
            var after = try await routes.notifications.lastSequence(orderID: id)
            var opening = "retry: 2000\n\n"
            if let lastID = request.headers[.lastEventID], let seen = try await routes.notifications.notification(id: lastID),
                seen.orderID == id
            {
                after = seen.sequence  // a reconnect: what it missed follows
            } else {
                opening += "event: order.status\ndata: \(String(decoding: try JSONRequest.encode(OrderResponse(order)), as: UTF8.self))\n\n"
            }
            let (start, first) = (after, opening)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .xAccelBuffering: "no"],
                body: ResponseBody { writer in
                    defer { slot.close() }
                    let feed = slot.subscribe(orderID: id, after: start)
                    try await writer.write(ByteBuffer(string: first))
                    try await withGracefulShutdownHandler {
                        try await routes.stream(feed, to: &writer)
                    } onGracefulShutdown: {
                        slot.close()
                    }
                    try await writer.finish(nil)
                })
        }
    }

    /// The order, for its token in the header or a ticket in the query (used up here).
    func authorizedOrder(id: String, request: Request) async throws -> Order {
        let notFound = DomainError(code: .orderNotFound, message: "No such order for this token or ticket.")
        if let ticket = request.uri.queryParameters.get("ticket") {
            guard (1...255).contains(ticket.utf8.count) else { throw Self.invalid("ticket") }
            guard try await tickets.redeem(ticket: String(ticket), orderID: id),
                let order = try await orders.order(id: id)
            else { throw notFound }
            return order
        }
        guard let order = try await orders.order(id: id, clientToken: try request.orderToken()) else { throw notFound }
        return order
    }

    static func invalid(_ name: String) -> DomainError {
        DomainError(code: .invalidParameter, message: "\(name) must be 1-255 characters.", param: name)
    }

    /// Writes the hub's rounds of the order's new notifications until the time is up, the
    /// client goes (a write throws) or the feed ends (shutdown, cancellation). A round with
    /// nothing to send writes a heartbeat when one is due and otherwise an empty buffer,
    /// which puts nothing on the wire but throws once the connection is gone.
    func stream(_ feed: EventStreamHub.Feed, to writer: inout any ResponseBodyWriter) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + maxDuration
        var lastWrite = clock.now
        for await batch in feed {
            for n in batch {
                try await writer.write(ByteBuffer(string: "id: \(n.id)\nevent: \(n.kind.rawValue)\ndata: \(n.payload)\n\n"))
                lastWrite = clock.now
            }
            if clock.now - lastWrite >= heartbeat {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                lastWrite = clock.now
            } else if batch.isEmpty {
                try await writer.write(ByteBuffer())
            }
            if clock.now >= deadline { break }
        }
    }
}

/// `POST /v1/orders/{id}/stream-tickets` answer.
struct StreamTicketResponse: Encodable {
    var object = "stream_ticket"
    var ticket: String
    var expires_in: Int

    init(_ ticket: StreamTicket) {
        self.ticket = ticket.ticket
        expires_in = ticket.expiresInSeconds
    }
}

extension HTTPField.Name {
    /// `Last-Event-ID`: the id of the last event an `EventSource` received.
    static let lastEventID = Self("Last-Event-ID")!
    /// `X-Accel-Buffering: no` tells nginx not to buffer the stream.
    static let xAccelBuffering = Self("X-Accel-Buffering")!
}
