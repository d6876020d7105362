import Hummingbird

/// Lets browsers read the API's answers, as `api.stripe.com` does: every `/v1` and `/js`
/// response (errors, unknown routes and injected faults included) carries
/// `Access-Control-Allow-Origin: *` and exposes `Request-Id`. Only the JS SDK's confirm,
/// a CORS simple request authenticated by the publishable key and the client secret, can
/// use this; secret-key calls need an Authorization header, which browsers only send after
/// a preflight the sandbox never approves.
struct BrowserAccessMiddleware: RouterMiddleware {
    /// The sandbox context.
    typealias Context = SandboxRequestContext
    // Literal, valid header names: these initialisers cannot fail.
    static let allowOrigin = HTTPFields.Element.Name("Access-Control-Allow-Origin")!
    static let exposeHeaders = HTTPFields.Element.Name("Access-Control-Expose-Headers")!

    /// Runs the request and marks its response readable by any origin.
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/") || path.hasPrefix("/js/") else { return try await next(request, context) }
        var response = try await next(request, context)
        response.headers[Self.allowOrigin] = "*"
        response.headers[Self.exposeHeaders] = "Request-Id"
        return response
    }
}
