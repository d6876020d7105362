/// Compares WooshPay's payment intents of a time window with our attempts and repairs what
/// is safe to repair. It is the safety net under webhooks and polling: a payment whose
/// webhook was lost *and* whose attempt lost its link to the intent is found here.
///
/// - An intent is matched to an attempt by its id, by its checkout session, else by the
///   `attempt_id` metadata we set on every intent we create.
/// - A state difference or a missing link is repaired through the one sync path
///   (`PaymentAttemptStore.record`), then a succeeded attempt is synced so duplicate
///   payments are refunded as usual.
/// - An amount or currency difference is never repaired: the order is flagged for review.
/// - An intent no attempt of ours knows is only reported.
/// - WooshPay's disputes of the window are listed too; one we lack, or whose state differs,
///   is re-read and recorded through the dispute path (`DisputeStore.record`).
public struct Reconciler: Sendable {
    let synchronizer: PaymentSynchronizer
    let reviews: any ReconciliationStore
    let disputes: (store: any DisputeStore, gateway: any DisputeGateway)?

    /// Creates the reconciler over the sync path's store and gateway, and the dispute
    /// store and endpoints (`nil`: a gateway without disputes; none are listed).
    public init(
        synchronizer: PaymentSynchronizer, reviews: any ReconciliationStore,
        disputes: (store: any DisputeStore, gateway: any DisputeGateway)? = nil
    ) {
        self.synchronizer = synchronizer
        self.reviews = reviews
        self.disputes = disputes
    }

    /// The sync path's attempt store.
    var store: any PaymentAttemptStore { synchronizer.calls.store }
    /// The sync path's gateway (its timeout and retries).
    var gateway: any PaymentGateway { synchronizer.calls.gateway }

    /// Reconciles the intents created in `[since, until)` (epoch milliseconds; `until` nil
    /// = up to now), at most `maxResults` of them. `cause` goes to the audit trail
    /// (`reconcile:<admin key name>`, `reconcile:cli`). Throws `gateway_unavailable` when
    /// WooshPay cannot list the intents (nothing is changed then).
    public func reconcile(since: Int64, until: Int64?, maxResults: Int = 1_000, cause: SyncCause) async throws -> ReconciliationReport {
        let query = PaymentIntentListQuery(
            createdFrom: GatewayTimestamp(epochMilliseconds: since),
            createdBefore: until.map(GatewayTimestamp.init(epochMilliseconds:)),
            pageSize: 100, maxResults: maxResults)
        let list: PaymentIntentList
        do {
            list = try await gateway.listPaymentIntents(query)
        } catch {
            throw DomainError(
                code: .gatewayUnavailable,
                message: "WooshPay did not list its payment intents; nothing was changed. Try again.")
        }
        var report = ReconciliationReport(since: since, until: until, checked: list.intents.count, truncated: list.isTruncated)
        report.filtersIgnored = list.filtersIgnored
        for intent in list.intents {
            let findings = try await check(intent, cause: cause)
            if findings.isEmpty { report.matched += 1 }
            report.findings += findings
        }
        try await reconcileDisputes(since: since, until: until, maxResults: maxResults, cause: cause, into: &report)
        return report
    }

    /// The findings for one listed intent (none when our records agree with it).
    func check(_ listed: PaymentIntentSnapshot, cause: SyncCause) async throws -> [ReconciliationFinding] {
        switch try await match(listed) {
        case .none:
            return [
                ReconciliationFinding(
                    kind: .unknownPayment, action: .reported, intent: listed, attempt: nil,
                    detail: "no attempt of ours holds this intent (\(Self.describe(listed)))")
            ]
        case .claimed(let other):
            return [
                ReconciliationFinding(
                    kind: .unknownPayment, action: .reported, intent: listed, attempt: other,
                    detail: "its metadata names \(other.id), which holds \(other.paymentIntentID ?? "another object")")
            ]
        case .attempt(let matched):
            guard !Self.differences(matched, listed).isEmpty else { return [] }
            // The list may be older than a webhook applied meanwhile: decide on fresh reads.
            let intent: PaymentIntentSnapshot
            do {
                intent = try await gateway.retrievePaymentIntent(id: listed.id)
            } catch {
                return Self.differences(matched, listed).map {
                    ReconciliationFinding(
                        kind: $0, action: .failed, intent: listed, attempt: matched,
                        detail: "WooshPay did not answer a re-read of the intent; run again")
                }
            }
            let attempt = try await store.attempt(id: matched.id) ?? matched
            let kinds = Self.differences(attempt, intent)
            return kinds.isEmpty ? [] : try await resolve(kinds, attempt: attempt, intent: intent, cause: cause)
        }
    }

    /// How a listed intent relates to our attempts.
    enum Match {
        /// No attempt of ours.
        case none
        /// The attempt it belongs to.
        case attempt(PaymentAttempt)
        /// Its metadata or session names an attempt that holds another intent.
        case claimed(PaymentAttempt)
    }

    /// The attempt an intent belongs to: by its id, its checkout session, else its
    /// `attempt_id` metadata (with a matching `order_id` when it carries one).
    func match(_ intent: PaymentIntentSnapshot) async throws -> Match {
        if let attempt = try await store.attempt(gatewayObjectID: intent.id) { return .attempt(attempt) }
        var named: PaymentAttempt?
        if let session = intent.checkoutSessionID { named = try await store.attempt(gatewayObjectID: session) }
        if named == nil, let id = intent.metadata["attempt_id"], let attempt = try await store.attempt(id: id),
            intent.metadata["order_id"].map({ $0 == attempt.orderID }) ?? true
        {
            named = attempt
        }
        guard let named else { return .none }
        return named.paymentIntentID == nil ? .attempt(named) : .claimed(named)
    }
}
