import ServiceLifecycle

/// Expires checkout sessions when their `expires_at` passes, once a second, so that
/// `checkout.session.expired` is emitted even if nobody reads the session. A Service, so
/// it stops with the application.
struct SessionExpiryService: Service, CustomStringConvertible {
    /// Whose sessions to expire.
    let state: SandboxState
    /// How often to look.
    let interval: Duration

    /// The name in ServiceGroup logs.
    var description: String { "SessionExpiryService" }

    /// Ticks until graceful shutdown or cancellation.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await state.expireDueSessions()
            }
        }
    }
}
