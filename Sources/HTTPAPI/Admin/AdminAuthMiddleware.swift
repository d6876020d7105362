import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import OrderDomain

/// Guards admin routes: `Authorization: Bearer mk_...` must name an active admin key whose
/// role allows the route, or (without that header) the back-office session cookie must name
/// a live session, which acts as its key; a change made with the cookie must also carry the
/// session's `X-CSRF-Token` (else 403 `csrf_token_invalid`: another site's page can make the
/// browser send the cookie, never read the token). Anything else (no header, another scheme, a malformed, unknown,
/// revoked or wrong key) is refused with the same 401 `invalid_api_key` before the route
/// runs, so nothing changes and the answer does not reveal which check failed; the reason
/// goes to the log at `notice` and to `merchant_admin_auth_failures_total{reason}`. A
/// valid key whose role does not allow the route gets 403 `insufficient_permissions`, also
/// before the route runs.
public struct AdminAuthMiddleware<Context: AdminRequestContext>: RouterMiddleware {
    private let verifier: any AdminKeyVerifier
    private let sessions: AdminSessionGate?
    private let failures: AdminAuthFailures

    /// Creates the middleware over `verifier` (injected by the composition root, so this
    /// module never sees how keys are stored), counting failures in `metrics` (the
    /// process's registry in production, a test's own in tests).
    public init(verifier: any AdminKeyVerifier, sessions: AdminSessionGate? = nil, metrics: any MetricsFactory) {
        self.verifier = verifier
        self.sessions = sessions
        self.failures = AdminAuthFailures(metrics: metrics)
    }

    /// Authenticates and authorises, then runs the route with the key's name and role in
    /// the context.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let identity: AdminIdentity
        if request.headers[.authorization] == nil, let sessions, let token = Self.cookie(AdminSessionGate.cookieName, in: request.headers[.cookie]) {
            guard let session = try await sessions.store.resume(token, idleSeconds: sessions.idleSeconds) else {
                throw refuse(.session, presented: nil, context: context)
            }
            if request.method != .get, request.method != .head,
                !Self.constantTimeEquals(request.headers[AdminSessionGate.csrfHeader] ?? "", session.csrfToken)
            {
                context.logger.notice("admin session change without its CSRF token", metadata: ["admin_key": .string(session.identity.name)])
                throw DomainError(
                    code: .csrfTokenInvalid,
                    message: "A change made with the back-office session must send its csrf_token as X-CSRF-Token.")
            }
            context.adminSession = session
            identity = session.identity
        } else {
            guard let key = Self.bearerToken(request.headers[.authorization]) else {
                throw refuse(.missing, presented: nil, context: context)
            }
            switch try await verifier.verify(key) {
            case .verified(let verified): identity = verified
            case .refused(let reason): throw refuse(reason, presented: key, context: context)
            }
        }
        context.adminKeyName = identity.name
        context.adminRole = identity.role
        context.logger[metadataKey: "admin_key"] = .string(identity.name)
        let permission = AdminPermission.required(method: request.method.rawValue, path: request.uri.path)
        guard identity.role.allows(permission) else {
            context.logger.notice(
                "admin request refused by role",
                metadata: [
                    "admin_role": .string(identity.role.rawValue), "permission": .string(permission.rawValue),
                ])
            throw AdminPermission.refusal(role: identity.role, permission: permission)
        }
        return try await next(request, context)
    }

    /// Logs and counts a failed authentication (`AdminAuthFailures`), and returns the one 401.
    private func refuse(_ reason: AdminAuthFailure, presented: String?, context: Context) -> DomainError {
        failures.record(reason, presented: presented, logger: context.logger)
        return Self.invalidKey
    }

    /// The credentials of a `Bearer` authorization header (scheme case-insensitive), or
    /// `nil` when the header is missing or of another shape.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// The value of cookie `name` in a `Cookie` header (`a=1; name=value`), or `nil`.
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return String(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// Whether two texts are equal, in time that depends on their lengths only.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The one refusal of every failed authentication.
    static var invalidKey: DomainError {
        DomainError(
            code: .invalidApiKey,
            message: "Provide a valid admin API key as 'Authorization: Bearer mk_...', or sign in again.")
    }
}
