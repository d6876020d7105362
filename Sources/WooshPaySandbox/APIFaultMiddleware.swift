import Hummingbird
import ServiceLifecycle

/// Applies the API fault settings to `/v1` responses, after the handler has recorded its
/// effect (and stored the response for Idempotency-Key replay): fixed latency, a 500
/// `api_error` in place of the real answer, or a hold longer than the client's timeout.
struct APIFaultMiddleware: RouterMiddleware {
    /// The sandbox context.
    typealias Context = SandboxRequestContext
    /// Where the fault settings live.
    let state: SandboxState

    /// Runs the request, then applies the faults to its response.
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
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
