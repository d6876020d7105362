import HTTPTypes
import Hummingbird
import OrderDomain

/// Resolves who sent the request (`ClientIdentity.resolve`) into `context.clientAddress`:
/// the peer, or behind a trusted proxy the address it forwarded. Outermost among the
/// middlewares that use it (rate limits, stream caps, the request log).
public struct ClientIdentityMiddleware<Context: ClientRequestContext>: RouterMiddleware {
    private let trusted: [CIDR]

    /// Believes `X-Forwarded-For` only from a peer inside `trusted` (`TRUSTED_PROXIES`).
    public init(trusted: [CIDR]) { self.trusted = trusted }

    /// Sets the client address, then runs the rest.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let forwarded = trusted.isEmpty ? [] : request.headers[values: .xForwardedFor]
        context.clientAddress = ClientIdentity.resolve(peer: context.peerAddress, forwardedFor: forwarded, trusted: trusted)
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, as a reverse proxy appends it.
    static let xForwardedFor = Self("X-Forwarded-For")!
}
