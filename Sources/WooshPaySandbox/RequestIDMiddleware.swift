import Hummingbird
import ServiceLifecycle

/// Gives every request a `req_...` id and every response a `Request-Id` header (keeping
/// the original one on idempotent replays), and turns Hummingbird's own errors (no such
/// route, body too large) into WooshPay-shaped JSON errors.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = "req_" + SandboxRandom.alphanumeric(14)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let apiError = error.status == .notFound
                ? APIError.unrecognizedURL(method: request.method.rawValue, path: request.uri.path)
                : APIError(status: error.status.code, type: "invalid_request_error", code: nil,
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

/// Applies the API fault settings to `/v1` responses, after the handler has recorded its
/// effect (and stored the response for Idempotency-Key replay): fixed latency, a 500
/// `api_error` in place of the real answer, or a hold longer than the client's timeout.
struct APIFaultMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext
    let state: SandboxState

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        guard request.uri.path.hasPrefix("/v1/") else { return response }
        let faults = await state.faults
        if faults.apiLatencyMilliseconds > 0 { await Self.pause(.milliseconds(faults.apiLatencyMilliseconds)) }
        if SandboxRandom.roll(faults.apiErrorRate) {
            context.logger.info("injected api_error after the effect", metadata: ["path": "\(request.uri.path)"])
            return Responses.error(.server("An unexpected error occurred (injected by the sandbox)."))
        }
        if SandboxRandom.roll(faults.apiTimeoutRate) {
            context.logger.info("injected timeout after the effect", metadata: ["path": "\(request.uri.path)"])
            await Self.pause(.milliseconds(faults.apiTimeoutMilliseconds))
        }
        return response
    }

    /// Sleeps, but gives up early when the server shuts down, so that an injected hang
    /// never holds up a graceful shutdown.
    static func pause(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
