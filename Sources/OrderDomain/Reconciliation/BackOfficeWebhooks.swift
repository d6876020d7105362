/// The webhook inbox as the back office sees it (the port; PostgresStore implements it):
/// listing and reading stored events, and replaying one through the normal processor.
public protocol BackOfficeWebhooks: Sendable {
    /// Events matching `query`, newest first (by arrival, then id), one page. Throws
    /// `invalid_cursor` when `query.startingAfter` names no event.
    func events(_ query: WebhookEventListQuery) async throws -> ListPage<WebhookEventRecord>

    /// One stored event, raw body included, or `nil`.
    func event(id: String) async throws -> WebhookEventRecord?

    /// Makes the event due for processing again (status `received`, due now, lease
    /// cleared) and appends `webhook.replayed` with `cause` to the audit trail of the order
    /// whose attempt holds the event's object, if any; `nil` when there is no such event.
    func replay(id: String, cause: SyncCause) async throws -> WebhookEventRecord?
}

/// Where a stored webhook event is in its processing.
public enum WebhookEventStatus: String, Sendable, Hashable, CaseIterable {
    /// Stored, waiting for (or being given) its first processing.
    case received
    /// Synced.
    case processed
    /// Deliberately not acted on (no payment object, or none of ours).
    case ignored
    /// Processing failed; due again after a back-off.
    case failed
}

/// Filter and cursor of the back office's webhook event list.
public struct WebhookEventListQuery: Sendable, Hashable {
    /// Only events in this status.
    public var status: WebhookEventStatus?
    /// Page size, 1-100.
    public var limit: Int
    /// The id of the last event of the previous page.
    public var startingAfter: String?

    /// Creates a query.
    public init(status: WebhookEventStatus? = nil, limit: Int = 20, startingAfter: String? = nil) {
        self.status = status
        self.limit = limit
        self.startingAfter = startingAfter
    }
}

/// One row of the webhook inbox.
public struct WebhookEventRecord: Sendable, Hashable {
    /// WooshPay's event id (`evt_...`).
    public var id: String
    /// The event type (`payment_intent.succeeded`...).
    public var type: String
    /// The object the event names (`pi_`, `cs_`, `re_`...).
    public var objectID: String?
    /// The object whose payment is synced for it.
    public var syncObjectID: String?
    /// Where its processing is.
    public var status: WebhookEventStatus
    /// Processing tries so far.
    public var attempts: Int
    /// Why the last try failed, or why it was ignored.
    public var lastError: String?
    /// The body exactly as received; `nil` in list pages, which leave it out.
    public var rawBody: String?
    /// Epoch seconds it arrived.
    public var receivedAt: Int64
    /// Epoch seconds it was processed or ignored.
    public var processedAt: Int64?
    /// Epoch seconds it is (or was) due for its next try.
    public var nextAttemptAt: Int64
    /// Epoch seconds until which a processor holds it, while one does.
    public var leaseUntil: Int64?

    /// Creates the value.
    public init(
        id: String, type: String, objectID: String?, syncObjectID: String?, status: WebhookEventStatus, attempts: Int,
        lastError: String?, rawBody: String?, receivedAt: Int64, processedAt: Int64?, nextAttemptAt: Int64,
        leaseUntil: Int64?
    ) {
        self.id = id
        self.type = type
        self.objectID = objectID
        self.syncObjectID = syncObjectID
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.rawBody = rawBody
        self.receivedAt = receivedAt
        self.processedAt = processedAt
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
    }
}
