import Hummingbird
import OrderDomain

/// A request context that carries the idempotency claim of a keyed request.
public protocol IdempotencyRequestContext: RequestContext {
    /// Set by `IdempotencyMiddleware` on keyed requests it lets run; `nil` otherwise.
    var idempotency: IdempotencyClaim? { get set }
}

/// Whose credential makes the scope of a key, per route group. The middleware is mounted
/// after the authentication of that group, so the credential it reads has been verified.
public enum IdempotencyCaller: Sendable {
    /// No credential (order creation): the key itself must be a secret of its holder, so
    /// it needs at least `anonymousMinKeyLength` characters.
    case anonymous
    /// The order's `X-Order-Token` (verified by `OrderTokenMiddleware`).
    case orderToken
    /// The admin key of `Authorization: Bearer` (verified by `AdminAuthMiddleware`).
    case adminKey
}
