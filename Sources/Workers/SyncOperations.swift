import OrderDomain

/// The gateway-facing steps the poller takes, as closures so tests can wrap them (count
/// concurrent syncs, inject failures) and so Workers needs no adapter.
public struct SyncOperations: Sendable {
    /// Syncs one attempt through the one sync path, with cause `poll`, and returns it as
    /// stored afterwards. Throws when WooshPay (or the database) failed.
    public var sync: @Sendable (_ attemptID: String) async throws -> PaymentAttempt
    /// Expires an open checkout session at WooshPay under the given idempotency key.
    public var expireSession: @Sendable (_ sessionID: String, _ idempotencyKey: String) async throws -> Void
    /// Cancels an intent at WooshPay under the given idempotency key.
    public var cancelIntent: @Sendable (_ intentID: String, _ idempotencyKey: String) async throws -> Void

    /// Creates the operations from closures.
    public init(
        sync: @escaping @Sendable (_ attemptID: String) async throws -> PaymentAttempt,
        expireSession: @escaping @Sendable (_ sessionID: String, _ idempotencyKey: String) async throws -> Void,
        cancelIntent: @escaping @Sendable (_ intentID: String, _ idempotencyKey: String) async throws -> Void
    ) {
        self.sync = sync
        self.expireSession = expireSession
        self.cancelIntent = cancelIntent
    }

    /// The production operations: `synchronizer` for syncs, `gateway` for giving up.
    /// The snapshots the gateway returns are not recorded here: the poller syncs again
    /// right after, through the one path that applies facts monotonically.
    public init(synchronizer: PaymentSynchronizer, gateway: any PaymentGateway) {
        self.init(
            sync: { try await synchronizer.sync(attemptID: $0, cause: .poll) },
            expireSession: { id, key in _ = try await gateway.expireCheckoutSession(id: id, idempotencyKey: key) },
            cancelIntent: { id, key in _ = try await gateway.cancelPaymentIntent(id: id, reason: "abandoned", idempotencyKey: key) })
    }
}
