import HTTPTypes
import Hummingbird
import OrderDomain

/// Guards admin routes: `Authorization: Bearer mk_...` must name an active admin key.
/// Anything else (no header, another scheme, a malformed, unknown, revoked or wrong key)
/// is refused with the same 401 `invalid_api_key` before the route runs, so nothing changes
/// and the answer does not reveal which check failed.
public struct AdminAuthMiddleware<Context: AdminRequestContext>: RouterMiddleware {
    private let verifier: any AdminKeyVerifier

    /// Creates the middleware over `verifier` (injected by the composition root, so this
    /// module never sees how keys are stored).
    public init(verifier: any AdminKeyVerifier) { self.verifier = verifier }

    /// Authenticates, then runs the route with the key's name in the context.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = Self.bearerToken(request.headers[.authorization]),
              let name = try await verifier.verify(key) else {
            throw Self.invalidKey
        }
        var context = context
        context.adminKeyName = name
        context.logger[metadataKey: "admin_key"] = .string(name)
        return try await next(request, context)
    }

    /// The credentials of a `Bearer` authorization header (scheme case-insensitive), or
    /// `nil` when the header is missing or of another shape.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// The one refusal of every failed authentication.
    static var invalidKey: DomainError {
        DomainError(.unauthenticated, code: "invalid_api_key",
                    message: "Provide a valid admin API key as 'Authorization: Bearer mk_...'.")
    }
}
