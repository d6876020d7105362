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

/// The loop of a worker that drains a queue: a tick that found a full batch is followed at
/// once by the next (a backlog goes at the pace of the work); otherwise it pauses `interval`.
func drainUntilShutdown(every interval: Duration, _ tick: () async -> Bool) async {
    while !Task.isShuttingDownGracefully, !Task.isCancelled {
        if await tick() { continue }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
