/// Disputes as we store them (the port; PostgresStore implements it). Recording locks the
/// order and writes its audit events in the same transaction.
public protocol DisputeStore: Sendable {
    /// Records what WooshPay answered for a dispute; `nil` when no payment of ours holds it.
    @discardableResult
    func record(_ snapshot: DisputeSnapshot, cause: SyncCause) async throws -> Dispute?
    /// One dispute, or `nil`.
    func dispute(id: String) async throws -> Dispute?
    /// Disputes matching `query`, newest first (by creation, then id), one page. Throws
    /// `invalid_cursor` when `query.startingAfter` names no dispute.
    func disputes(_ query: DisputeQuery) async throws -> ListPage<Dispute>
    /// Every dispute of an order, oldest first.
    func disputes(orderID: String) async throws -> [Dispute]
}

/// Filters and cursor of the back office's dispute list.
public struct DisputeQuery: Sendable, Hashable {
    /// Only disputes in this status.
    public var status: DisputeStatus?
    /// Only disputes whose evidence is due before this instant (epoch seconds).
    public var dueBefore: Int64?
    /// Page size, 1-100.
    public var limit: Int
    /// The id of the last dispute of the previous page.
    public var startingAfter: String?

    /// Creates a query.
    public init(status: DisputeStatus? = nil, dueBefore: Int64? = nil, limit: Int = 20, startingAfter: String? = nil) {
        self.status = status
        self.dueBefore = dueBefore
        self.limit = limit
        self.startingAfter = startingAfter
    }
}

/// What an operator does with a dispute: sync it, send evidence (files uploaded first),
/// accept the loss. Every answer from WooshPay goes through `DisputeStore.record`, the path
/// webhooks and the poller use, so the order's trail has one story whoever acted.
public struct DisputeDesk: Sendable {
    let store: any DisputeStore
    let gateway: (any DisputeGateway)?

    /// Creates the desk over the store and WooshPay's dispute endpoints (`nil`: a gateway
    /// without disputes; every call is then refused as unavailable).
    public init(store: any DisputeStore, gateway: (any DisputeGateway)?) {
        self.store = store
        self.gateway = gateway
    }

    /// Re-reads a dispute at WooshPay and records it; `false` when no payment of ours
    /// holds it (or the gateway has no disputes).
    public func sync(_ id: String, cause: SyncCause) async throws -> Bool {
        guard let gateway else { return false }
        let snapshot = try await gateway.retrieveDispute(id: id)
        return try await store.record(snapshot, cause: cause) != nil
    }

    /// Uploads the evidence's files, then sends all of it to WooshPay and submits it (the
    /// dispute goes under review). `requestKey` makes the WooshPay calls' keys: a retry of
    /// the same request repeats them, so nothing is uploaded or submitted twice. Throws
    /// `dispute_not_found`, `dispute_closed` (decided: no more evidence), `dispute_refused`
    /// (WooshPay refused; the dispute is re-read first) or `gateway_unavailable`.
    public func submitEvidence(
        disputeID: String, evidence: DisputeEvidence, actor: SyncCause, requestKey: String
    ) async throws -> Dispute {
        let (gateway, dispute) = try await open(disputeID)
        var fields = evidence.text
        for (key, file) in evidence.files.sorted(by: { $0.key < $1.key }) {
            do {
                fields[key] =
                    try await gateway.uploadEvidenceFile(
                        name: file.filename, type: file.type, bytes: file.bytes,
                        idempotencyKey: "dispute-file-\(dispute.id)-\(key)-\(requestKey)"
                    ).id
            } catch {
                throw try await refusal(error, dispute: dispute, gateway: gateway, cause: actor)
            }
        }
        let snapshot: DisputeSnapshot
        do {
            snapshot = try await gateway.submitDisputeEvidence(
                id: dispute.id, evidence: fields, idempotencyKey: "dispute-evidence-\(dispute.id)-\(requestKey)")
        } catch {
            throw try await refusal(error, dispute: dispute, gateway: gateway, cause: actor)
        }
        return try await store.record(snapshot, cause: actor) ?? dispute
    }

    /// Accepts the loss: WooshPay closes the dispute as lost. Closing a lost dispute again
    /// answers it as it is; a won one is `dispute_closed`.
    public func close(disputeID: String, actor: SyncCause, requestKey: String) async throws -> Dispute {
        guard let existing = try await store.dispute(id: disputeID) else { throw Self.notFound }
        if existing.status == .lost { return existing }
        let (gateway, dispute) = try open(existing)
        let snapshot: DisputeSnapshot
        do {
            snapshot = try await gateway.closeDispute(id: dispute.id, idempotencyKey: "dispute-close-\(dispute.id)-\(requestKey)")
        } catch {
            throw try await refusal(error, dispute: dispute, gateway: gateway, cause: actor)
        }
        return try await store.record(snapshot, cause: actor) ?? dispute
    }

    // The gateway and the dispute, which must exist and still be open.
    private func open(_ id: String) async throws -> (any DisputeGateway, Dispute) {
        guard let dispute = try await store.dispute(id: id) else { throw Self.notFound }
        return try open(dispute)
    }

    // The gateway for a dispute already read, which must still be open.
    private func open(_ dispute: Dispute) throws -> (any DisputeGateway, Dispute) {
        guard dispute.status.isOpen else { throw Self.closed(dispute) }
        guard let gateway else {
            throw DomainError(code: .gatewayUnavailable, message: "The configured gateway has no dispute endpoints.")
        }
        return (gateway, dispute)
    }

    // The answer to a failed WooshPay call: unavailable when it may be retried with the
    // same key; otherwise the dispute is re-read (WooshPay usually refuses because it moved
    // on) and the refusal says whether it is now decided.
    private func refusal(_ error: any Error, dispute: Dispute, gateway: any DisputeGateway, cause: SyncCause) async throws -> DomainError {
        guard let error = error as? GatewayError else { throw error }
        if error.isRetryableWithSameKey || error.mayHaveTakenEffect { return MerchantOperations.unavailable(error) }
        if let snapshot = try? await gateway.retrieveDispute(id: dispute.id),
            let current = try await store.record(snapshot, cause: cause), !current.status.isOpen
        {
            return Self.closed(current)
        }
        return DomainError(code: .disputeRefused, message: "WooshPay refused the change to dispute \(dispute.id): \(error.summary).")
    }

    /// 404: no dispute with this id.
    public static let notFound = DomainError(code: .disputeNotFound, message: "No such dispute.")

    /// 409: the dispute is decided.
    static func closed(_ dispute: Dispute) -> DomainError {
        DomainError(code: .disputeClosed, message: "The dispute is \(dispute.status.rawValue); it can no longer change.")
    }
}
