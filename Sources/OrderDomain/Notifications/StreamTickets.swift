/// A short-lived ticket that opens an order's event stream once. `EventSource` cannot send
/// the `X-Order-Token` header, and a token in a URL ends up in proxy logs and histories, so
/// the browser trades the token (sent in a header) for a ticket and puts only that in the
/// stream's URL.
public struct StreamTicket: Sendable, Equatable {
    /// `stkt_<hex>`: shown once, only its hash is stored.
    public var ticket: String
    /// Seconds it stays valid.
    public var expiresInSeconds: Int

    /// Creates a ticket value.
    public init(ticket: String, expiresInSeconds: Int) {
        self.ticket = ticket
        self.expiresInSeconds = expiresInSeconds
    }

    /// How long a ticket opens its stream.
    public static let lifetimeSeconds = 60
}

/// Storage of stream tickets (shared by all replicas, so any replica can open the stream).
public protocol StreamTicketStore: Sendable {
    /// Issues a ticket for the order's stream, valid `lifetimeSeconds`.
    func issue(orderID: String, lifetimeSeconds: Int) async throws -> StreamTicket
    /// Uses up the ticket: `true` once, for its own order, before it expires; `false` for
    /// an unknown, used, expired or other order's ticket.
    func redeem(ticket: String, orderID: String) async throws -> Bool
    /// Deletes expired tickets; returns how many went.
    func purgeExpired() async throws -> Int
}
