import HTTPTypes
import Hummingbird

/// CORS for the storefront's browsers, from an allow-list of origins (`CORS_ALLOWED_ORIGINS`).
///
/// A request whose `Origin` is listed (or any origin when the list holds `*`) gets that
/// origin back in `Access-Control-Allow-Origin`, with `Vary: Origin` and the headers a
/// script may read; its preflight is answered here with 204. Any other origin gets no CORS
/// header at all (the browser then hides the response) and its preflight is 403
/// `cors_origin_not_allowed`. Requests without `Origin` (servers, curl) are untouched.
///
/// Mount it first (outermost), so error responses and preflights for any path, including
/// unknown ones, carry the headers.
public struct CORSAllowListMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Methods a cross-origin script may use.
    public static var allowMethods: String { "GET, POST, PATCH, DELETE, OPTIONS" }
    /// Request headers a cross-origin script may send.
    public static var allowHeaders: String { "Content-Type, Authorization, X-Order-Token, Idempotency-Key, X-Request-Id" }
    /// Response headers a cross-origin script may read.
    public static var exposeHeaders: String { "X-Request-Id, Idempotent-Replayed" }
    /// Seconds a browser may cache a preflight answer.
    public static var maxAgeSeconds: Int { 600 }

    private let allowed: Set<String>
    private let allowsAny: Bool

    /// Creates the middleware for `allowedOrigins` (`scheme://host[:port]`, no trailing
    /// slash; `*` allows every origin).
    public init(allowedOrigins: [String]) {
        // Scheme and host are case-insensitive; browsers send them in lower case.
        self.allowed = Set(allowedOrigins.map { $0.lowercased() })
        self.allowsAny = allowedOrigins.contains("*")
    }

    /// Answers preflights and adds the CORS headers to allowed origins' responses.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let isPreflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        guard isAllowed(origin) else {
            guard isPreflight else { return try await next(request, context) }
            return APIError(
                type: "invalid_request_error", code: .corsOriginNotAllowed,
                message: "This origin may not call the API from a browser."
            )
            .response(requestID: context.id)
        }
        var response: Response
        if isPreflight {
            response = Response(
                status: .noContent,
                headers: [
                    .accessControlAllowMethods: Self.allowMethods,
                    .accessControlAllowHeaders: Self.allowHeaders,
                    .accessControlMaxAge: String(Self.maxAgeSeconds),
                ])
        } else {
            response = try await next(request, context)
            response.headers[.accessControlExposeHeaders] = Self.exposeHeaders
        }
        // The origin is echoed rather than `*`, so caches must key the answer on it.
        response.headers[.accessControlAllowOrigin] = origin
        response.headers.append(HTTPField(name: .vary, value: "Origin"))
        return response
    }

    /// Whether `origin` is on the list. `null` (sandboxed frames, local files) is refused
    /// even under `*`: such documents are anonymous, so nothing vouches for them.
    private func isAllowed(_ origin: String) -> Bool {
        guard origin != "null" else { return false }
        return allowsAny || allowed.contains(origin.lowercased())
    }
}
