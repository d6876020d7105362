import HTTPTypes
import Hummingbird

/// Puts the request's id (the one Hummingbird adds to every log line of the request as
/// `hb.request.id`) on every response as `X-Request-Id`, errors included, so a merchant can
/// quote it and an operator can find the matching log lines.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Adds the header to the response, or to the error's response.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.requestID] = context.id
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`, the response header carrying the request id.
    public static let requestID = Self("X-Request-Id")!
}
