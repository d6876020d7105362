import Hummingbird
import OrderDomain

/// A request context that can carry the admin key a request was authenticated with.
public protocol AdminRequestContext: IdempotencyRequestContext {
    /// Name of the admin API key that authenticated the request (set by
    /// `AdminAuthMiddleware`), for audit trails; `nil` on public routes.
    var adminKeyName: String? { get set }
    /// Role of that key (set with it); `nil` on public routes.
    var adminRole: AdminRole? { get set }
    /// The back-office session the request came with, when its cookie authenticated it.
    var adminSession: AdminSession? { get set }
}

extension AdminRequestContext {
    /// The admin key's name as audit trails spell it: `admin:<key name>`.
    var auditActor: SyncCause { .admin(key: adminKeyName ?? "unknown") }

    /// The admin key as the `admin_audit` table records it: name, role, request id.
    var adminActor: AdminActor { AdminActor(name: adminKeyName ?? "unknown", role: adminRole, requestID: id) }
}

/// A request context that knows who sent the request, for rate limits and stream caps.
public protocol ClientRequestContext: RequestContext {
    /// The TCP peer's address (`nil` where there is none, as in router-only tests).
    var peerAddress: String? { get }
    /// The client as `ClientIdentityMiddleware` resolved it (the peer, or the address a
    /// trusted proxy forwarded); `unknown` before it runs.
    var clientAddress: String { get set }
}

/// The request context of every route of the service.
public struct APIRequestContext: AdminRequestContext, ClientRequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Name of the admin key that authenticated the request, if any.
    public var adminKeyName: String?
    /// Role of that key, if any.
    public var adminRole: AdminRole?
    /// The back-office session, if the cookie authenticated the request.
    public var adminSession: AdminSession?
    /// The idempotency claim of a keyed request (set by `IdempotencyMiddleware`).
    public var idempotency: IdempotencyClaim?
    /// The TCP peer's address.
    public let peerAddress: String?
    /// The resolved client address.
    public var clientAddress: String

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.adminKeyName = nil
        self.adminRole = nil
        self.adminSession = nil
        self.idempotency = nil
        self.peerAddress = source.channel.remoteAddress?.ipAddress
        self.clientAddress = self.peerAddress ?? "unknown"
    }
}
