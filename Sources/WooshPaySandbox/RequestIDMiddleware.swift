import Hummingbird

/// Gives every request a `req_...` id and every response a `Request-Id` header (keeping
/// the original one on idempotent replays), and turns Hummingbird's own errors (no such
/// route, body too large) into WooshPay-shaped JSON errors.
struct RequestIDMiddleware: RouterMiddleware {
    /// The sandbox context.
    typealias Context = SandboxRequestContext

    /// Assigns the id, runs the rest, stamps the header.
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestID = "req_" + SandboxRandom.alphanumeric(14)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let apiError =
                error.status == .notFound
                ? APIError.unrecognizedURL(method: request.method.rawValue, path: request.uri.path)
                : APIError(
                    status: error.status.code, type: "invalid_request_error", code: nil,
                    message: error.body ?? error.status.reasonPhrase)
            response = Responses.error(apiError)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            response = Responses.error(.server())
        }
        if response.headers[Responses.requestIDHeader] == nil {
            response.headers[Responses.requestIDHeader] = context.requestID
        }
        return response
    }
}
