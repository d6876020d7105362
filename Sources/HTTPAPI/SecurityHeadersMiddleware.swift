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

extension HTTPField.Name {
    /// `Referrer-Policy` (not among HTTPTypes' common names).
    static let referrerPolicy = Self("Referrer-Policy")!
}
