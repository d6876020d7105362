import OrderDomain

/// Turns storage failures a caller can act on into domain refusals, so the HTTP layer
/// answers 503 (retry later) rather than a bare 500 when the database is unreachable.
/// Anything else is rethrown unchanged (a bug, answered as 500 and logged).
enum StoreErrors {
    /// Runs `body`, turning an unreachable or overloaded database into `service_unavailable`.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.isRetryLater {
            throw DomainError(.unavailable, code: "service_unavailable",
                              message: "The service is temporarily unavailable; retry later.")
        }
    }
}

extension PostgresError: RetryLaterError {
    /// The database is unreachable, restarting, overloaded or shutting down.
    public var isRetryLater: Bool { isTransient || self == .poolClosed || self == .queryCanceled }
}
