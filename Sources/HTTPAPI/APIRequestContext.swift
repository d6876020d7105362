import Hummingbird
import OrderDomain

/// A request context that can carry the admin key a request was authenticated with.
public protocol AdminRequestContext: IdempotencyRequestContext {
    /// Name of the admin API key that authenticated the request (set by
    /// `AdminAuthMiddleware`), for audit trails; `nil` on public routes.
    var adminKeyName: String? { get set }
    /// Role of that key (set with it); `nil` on public routes.
    var adminRole: AdminRole? { get set }
}

extension AdminRequestContext {
    /// The admin key's name as audit trails spell it: `admin:<key name>`.
    var auditActor: String { "admin:\(adminKeyName ?? "unknown")" }

    /// The admin key as the `admin_audit` table records it: name, role, request id.
    var adminActor: AdminActor { AdminActor(name: adminKeyName ?? "unknown", role: adminRole, requestID: id) }
}

/// The request context of every route of the service.
public struct APIRequestContext: AdminRequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Name of the admin key that authenticated the request, if any.
    public var adminKeyName: String?
    /// Role of that key, if any.
    public var adminRole: AdminRole?
    /// The idempotency claim of a keyed request (set by `IdempotencyMiddleware`).
    public var idempotency: IdempotencyClaim?

    /// Creates the context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.adminKeyName = nil
        self.adminRole = nil
        self.idempotency = nil
    }
}
