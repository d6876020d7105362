/// What `IdempotencyStore.begin` found for a `(scope, key)` pair: whether this request may
/// run, or what it must answer instead.
public enum IdempotencyBegin: Sendable, Equatable {
    /// The key was free (or its record had expired): this request now owns it and runs.
    case proceed
    /// An earlier request with the same body finished: answer its stored response.
    case replay(status: Int, body: String)
    /// The key was used with a different request body: refuse.
    case mismatch
    /// An earlier request with the same key has not finished yet: refuse, the client retries later.
    case inProgress
}

/// Storage of our own `Idempotency-Key`s (Stripe semantics): the first request with a key
/// claims it, a repeat with the same body gets the first response back, and the key is
/// forgotten after the store's retention period (24 h in production).
///
/// `scope` separates callers and endpoints (method, path and caller credential), so two
/// callers choosing the same key never see each other's responses.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` in `scope` for a request whose body hashes to `requestHash`, or reports
    /// why the request must not run. A record older than the retention period counts as
    /// absent. Two concurrent first requests can never both get `.proceed`.
    func begin(scope: String, key: String, requestHash: String) async throws -> IdempotencyBegin

    /// Stores the response of the request that owns the key, so repeats replay it.
    func complete(scope: String, key: String, status: Int, body: String) async throws

    /// Forgets the key (the request failed in a way the client may retry).
    func release(scope: String, key: String) async throws

    /// Deletes every record older than `olderThanSeconds`; returns how many went.
    func purgeExpired(olderThanSeconds: Int) async throws -> Int
}
