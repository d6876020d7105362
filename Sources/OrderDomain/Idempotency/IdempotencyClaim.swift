/// What the idempotency middleware tells a route about the request's `Idempotency-Key`.
public struct IdempotencyClaim: Sendable, Equatable {
    /// Stands for the caller's key on the objects the route creates (`orders.request_key`,
    /// `payment_attempts.request_key`, `refunds.request_key`): a keyed hash of the key, the
    /// caller's credential and the route, so it names one caller's request and reveals
    /// neither the key nor the credential.
    public var reference: String
    /// This run took over a claim whose owner died unanswered, for the same caller and the
    /// same request body: what the dead run created must be found, not created again.
    /// `false` for a first run, which never looks for earlier work.
    public var resumed: Bool

    /// Creates a claim.
    public init(reference: String, resumed: Bool) {
        self.reference = reference
        self.resumed = resumed
    }
}
