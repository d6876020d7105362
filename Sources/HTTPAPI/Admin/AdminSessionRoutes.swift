import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import OrderDomain

/// Signing in to the back office: `POST /v1/admin/session` `{"api_key": "mk_..."}` opens a
/// session and sets its cookie (the key itself is never stored by the page or the server);
/// `GET /v1/admin/session` says who the session is and repeats its `csrf_token` (a page
/// reload needs it); `DELETE /v1/admin/session` signs out.
public struct AdminSessionRoutes: Sendable {
    private let verifier: any AdminKeyVerifier
    private let gate: AdminSessionGate
    private let failures: AdminAuthFailures

    /// Creates the routes over the key check and the sessions; refused sign-ins are counted
    /// in `metrics` as the admin routes' refusals are.
    public init(verifier: any AdminKeyVerifier, gate: AdminSessionGate, metrics: any MetricsFactory) {
        self.verifier = verifier
        self.gate = gate
        self.failures = AdminAuthFailures(metrics: metrics)
    }

    /// `POST /v1/admin/session`, on the router itself: it is how a caller without a
    /// session gets one (limited per client as `RATE_LIMIT_SIGN_INS`).
    public func registerSignIn<Context: AdminRequestContext>(on router: Router<Context>) {
        let (verifier, gate, failures) = (verifier, gate, failures)
        router.post("/v1/admin/session") { request, context -> Response in
            let body = try await JSONRequest.decode(SignInBody.self, from: request)
            let identity: AdminIdentity
            switch try await verifier.verify(body.api_key) {
            case .verified(let verified): identity = verified
            case .refused(let reason):
                failures.record(reason, presented: body.api_key, logger: context.logger, extra: ["route": "sign_in"])
                throw AdminAuthMiddleware<Context>.invalidKey
            }
            let session = try await gate.store.open(for: identity, requestID: context.id)
            var response = try JSONRequest.response(SessionDTO(session, gate: gate), status: .created)
            response.headers[.setCookie] = gate.setCookie(session.token)
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    /// `GET` and `DELETE /v1/admin/session`, on the admin group (authenticated).
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let gate = gate
        admin.get("/session") { _, context -> Response in
            var response = try JSONRequest.response(
                SessionDTO(
                    key_name: context.adminKeyName ?? "", role: context.adminRole?.rawValue ?? "",
                    csrf_token: context.adminSession?.csrfToken, idle_timeout_seconds: gate.idleSeconds),
                status: .ok)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        admin.delete("/session") { _, context -> Response in
            if let session = context.adminSession { try await gate.store.end(session.token) }
            var response = try JSONRequest.response(SignedOut(), status: .ok)
            response.headers[.setCookie] = gate.clearCookie
            return response
        }
    }
}

/// `{"api_key": "mk_..."}`.
struct SignInBody: Decodable, Sendable {
    var api_key: String
}

/// A session as the page sees it: who, what role, its CSRF token (`null` when the request
/// came with a key rather than the cookie), and its idle timeout.
struct SessionDTO: Encodable {
    var object = "admin_session"
    var key_name: String
    var role: String
    @ExplicitNull var csrf_token: String?
    var idle_timeout_seconds: Int64

    init(key_name: String, role: String, csrf_token: String?, idle_timeout_seconds: Int64) {
        self.key_name = key_name
        self.role = role
        self.csrf_token = csrf_token
        self.idle_timeout_seconds = idle_timeout_seconds
    }

    init(_ session: AdminSession, gate: AdminSessionGate) {
        self.init(
            key_name: session.identity.name, role: session.identity.role.rawValue, csrf_token: session.csrfToken,
            idle_timeout_seconds: gate.idleSeconds)
    }
}

/// `DELETE /v1/admin/session`'s answer.
struct SignedOut: Encodable {
    var object = "admin_session"
    var signed_out = true
}
