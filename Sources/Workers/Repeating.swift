import ServiceLifecycle

/// The loop of every worker: run `tick`, pause `interval`, again, until graceful shutdown
/// or cancellation. Only the pause is cut short by shutdown: a tick in progress finishes,
/// so its outcomes are recorded instead of waiting for leases to expire.
func repeatUntilShutdown(every interval: Duration, _ tick: () async -> Void) async {
    while !Task.isShuttingDownGracefully, !Task.isCancelled {
        await tick()
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
