/// What `IdempotencyStore.begin` found for a `(scope, key)` pair: whether this request may
/// run, or what it must answer instead.
public enum IdempotencyBegin: Sendable, Equatable {
    /// The key was free or its record had expired (`resumed: false`), or its owner died
    /// unanswered and this repeat with the same body took it over (`resumed: true`): this
    /// request now owns it and runs.
    case proceed(resumed: Bool)
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
/// callers choosing the same key never see each other's responses. Scope, key, request
/// hash and body arrive already hashed or sealed by the caller's secrets: the store keeps
/// nothing readable.
///
/// A claim is a lease: the owner renews it while it runs. When the owner dies unanswered
/// (its process killed, its database connection lost), a repeat with the same body takes
/// the key over once the lease has lapsed and runs the request again; the routes make that
/// re-run find what the dead run wrote (see `orders.request_key`, `refunds.request_key`).
public protocol IdempotencyStore: Sendable {
    /// How long an unrenewed, unanswered claim holds the key.
    var leaseSeconds: Int { get }

    /// Claims `key` in `scope` for a request whose body hashes to `requestHash`, or reports
    /// why the request must not run. A record older than the retention period counts as
    /// absent; an unanswered one not renewed for `leaseSeconds` is taken over. Two
    /// concurrent requests can never both get `.proceed`.
    func begin(scope: String, key: String, requestHash: String) async throws -> IdempotencyBegin

    /// Renews the claim of the request that owns the key (it is still running).
    func renew(scope: String, key: String) async throws

    /// Stores the response of the request that owns the key, so repeats replay it.
    func complete(scope: String, key: String, status: Int, body: String) async throws

    /// Forgets the key (the request failed in a way the client may retry).
    func release(scope: String, key: String) async throws

    /// Deletes every record older than `olderThanSeconds`; returns how many went.
    func purgeExpired(olderThanSeconds: Int) async throws -> Int
}
