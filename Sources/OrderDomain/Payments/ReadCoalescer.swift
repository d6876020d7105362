/// Concurrent syncs of one attempt on one replica share a single WooshPay read: 40 browsers
/// hitting the return URL at once wait for the first one's answer instead of each asking.
/// Across replicas `PaymentAttemptStore.claimRead` spaces reads instead.
public actor ReadCoalescer {
    private var inFlight: [String: Task<PaymentAttempt, any Error>] = [:]

    /// An empty coalescer.
    public init() {}

    /// `body`'s result for `key`, run once for all callers that arrive while it runs.
    public func run(_ key: String, _ body: @escaping @Sendable () async throws -> PaymentAttempt) async throws -> PaymentAttempt {
        if let running = inFlight[key] { return try await running.value }
        let task = Task { try await body() }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        return try await task.value
    }
}
