import HTTPTypes
import Hummingbird

/// Browser hardening on every answer (review finding 18): `X-Content-Type-Options: nosniff`
/// (a JSON or text answer is never run as a script or page), `Referrer-Policy: no-referrer`
/// (order ids in our URLs do not travel to other sites), and on HTML pages a
/// `Content-Security-Policy` that allows only our own files and the WooshPay SDK's origins,
/// with `frame-ancestors 'none'` so no other site can frame a page to click-jack it.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    private let htmlPolicy: String

    /// Creates the middleware; `sdkOrigins` are the origins the demo's WooshPay SDK loads
    /// from and talks to (its script, WooshPay's API).
    public init(sdkOrigins: [String]) {
        self.htmlPolicy = Self.policy(sdkOrigins: sdkOrigins)
    }

    /// Adds the headers to the answer, errors included.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = htmlPolicy
        }
        return response
    }

    /// The HTML pages' policy: no inline script or style, no plugins, no `<base>`, forms
    /// only to us, frames only from the SDK, framed by nobody.
    static func policy(sdkOrigins: [String]) -> String {
        let sdk = sdkOrigins.isEmpty ? "" : " " + sdkOrigins.joined(separator: " ")
        return "default-src 'self'; script-src 'self'\(sdk); connect-src 'self'\(sdk); frame-src\(sdk.isEmpty ? " 'none'" : sdk); "
            + "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }
}

/// JSON routes take JSON only (review finding 19): a request with a body whose
/// `Content-Type` is not `application/json` (or is missing) is `415 unsupported_media_type` before any
/// route runs. A browser sends `text/plain`, form or multipart bodies cross-site without a
/// CORS preflight, so accepting them would let any page make its visitors place orders.
/// WooshPay's webhook route (`exempt`) verifies a signature over the raw bytes instead.
public struct JSONContentTypeMiddleware<Context: RequestContext>: RouterMiddleware {
    private let exempt: Set<String>

    /// Creates the middleware; `exempt` lists exact paths it leaves alone.
    public init(exempt: Set<String> = []) { self.exempt = exempt }

    /// Refuses non-JSON bodies on POST, PUT and PATCH.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method), !exempt.contains(request.uri.path) else {
            return try await next(request, context)
        }
        // An empty body carries nothing to refuse (clients label empty POSTs variously).
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        if hasBody, !(request.headers[.contentType].map(Self.isJSON) ?? false) { throw Self.unsupported }
        return try await next(request, context)
    }

    /// `application/json`, with or without parameters, in any case.
    static func isJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace.lowercased() } ?? ""
        return media == "application/json"
    }

    static var unsupported: APIError { APIError(status: .unsupportedMediaType, type: "invalid_request_error", code: "unsupported_media_type",
                                      message: "Send the body as JSON with Content-Type: application/json.") }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy` (not among HTTPTypes' common names).
    static let referrerPolicy = Self("Referrer-Policy")!
}
