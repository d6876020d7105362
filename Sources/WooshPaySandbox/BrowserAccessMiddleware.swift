import Hummingbird

/// Lets browsers read the API's answers, as `api.stripe.com` does: every `/v1` and `/js`
/// response (errors, unknown routes and injected faults included) carries
/// `Access-Control-Allow-Origin: *` and exposes `Request-Id`. Only the JS SDK's confirm,
/// authenticated by the publishable key and the client secret in its JSON body, can use
/// this: its preflight is approved for `Content-Type` alone. Secret-key calls need an
/// Authorization header, which browsers send only after a preflight the sandbox never
/// approves.
struct BrowserAccessMiddleware: RouterMiddleware {
    /// The sandbox context.
    typealias Context = SandboxRequestContext
    // Literal, valid header names: these initialisers cannot fail.
    static let allowOrigin = HTTPFields.Element.Name("Access-Control-Allow-Origin")!
    static let exposeHeaders = HTTPFields.Element.Name("Access-Control-Expose-Headers")!
    static let allowMethods = HTTPFields.Element.Name("Access-Control-Allow-Methods")!
    static let allowHeaders = HTTPFields.Element.Name("Access-Control-Allow-Headers")!
    static let maxAge = HTTPFields.Element.Name("Access-Control-Max-Age")!

    /// Runs the request and marks its response readable by any origin.
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/") || path.hasPrefix("/js/") else { return try await next(request, context) }
        if request.method == .options { return Self.preflight(path: path) }
        var response = try await next(request, context)
        response.headers[Self.allowOrigin] = "*"
        response.headers[Self.exposeHeaders] = "Request-Id"
        return response
    }

    /// A preflight's answer: POST with `Content-Type` on a confirm, nothing anywhere else
    /// (a 204 without allow headers, which the browser treats as a refusal).
    static func preflight(path: String) -> Response {
        var response = Response(status: .noContent)
        guard isConfirm(path) else { return response }
        response.headers[allowOrigin] = "*"
        response.headers[allowMethods] = "POST"
        response.headers[allowHeaders] = "Content-Type"
        response.headers[maxAge] = "600"
        return response
    }

    /// Whether `path` is `/v1/payment_intents/{id}/confirm`.
    static func isConfirm(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[1] == "v1" && parts[2] == "payment_intents" && !parts[3].isEmpty
            && parts[4] == "confirm"
    }
}
