import Foundation
import HTTPTypes
import Hummingbird

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
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json"
    }

    static var unsupported: APIError {
        APIError(
            type: "invalid_request_error", code: .unsupportedMediaType,
            message: "Send the body as JSON with Content-Type: application/json.")
    }
}
