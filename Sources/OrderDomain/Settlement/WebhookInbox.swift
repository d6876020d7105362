/// The webhook inbox (the port; PostgresStore implements it): verified events are stored
/// raw and acknowledged at once, then processed asynchronously by whichever replica claims
/// them. Claims carry a lease, so work left behind by a crash is claimed again once the
/// lease expires.
public protocol WebhookInbox: Sendable {
    /// Stores a verified event unless its id is already there; `true` when it was new.
    func store(_ event: InboxedWebhook) async throws -> Bool

    /// Leases up to `limit` due events (`received`, or `failed` whose retry time has come,
    /// and not leased to anyone else) to `owner` for `leaseSeconds`, counting one more
    /// processing attempt on each; oldest due first.
    func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [ClaimedWebhook]

    /// Marks an event processed and releases its lease. `false` when `owner` no longer
    /// holds the lease (it expired and another replica claimed the event).
    @discardableResult
    func markProcessed(eventID: String, owner: String) async throws -> Bool

    /// Marks an event deliberately not acted on (kept for audit and replay), with why.
    @discardableResult
    func markIgnored(eventID: String, owner: String, reason: String) async throws -> Bool

    /// Records a processing failure; the event is due again in `retryAfterSeconds`.
    @discardableResult
    func markFailed(eventID: String, owner: String, error: String, retryAfterSeconds: Int64) async throws -> Bool
}

/// A verified event as the inbox stores it.
public struct InboxedWebhook: Sendable, Hashable {
    /// The gateway's event id (`evt_...`): the de-duplication key.
    public var eventID: String
    /// The event type (`payment_intent.succeeded`...), see `GatewayEventType.name`.
    public var type: String
    /// The object the event names (`pi_`, `cs_`, `re_`...), when it has an id.
    public var objectID: String?
    /// What a sync re-reads for this event; `nil` when the event concerns nothing of ours.
    public var syncTarget: SyncTarget?
    /// The body exactly as received (the signature covers these bytes).
    public var rawBody: String

    /// Creates the value.
    public init(eventID: String, type: String, objectID: String?, syncTarget: SyncTarget?, rawBody: String) {
        self.eventID = eventID
        self.type = type
        self.objectID = objectID
        self.syncTarget = syncTarget
        self.rawBody = rawBody
    }

    /// The inbox row of a verified `event` whose body was `rawBody`.
    public init(_ event: GatewayEvent, rawBody: [UInt8]) {
        self.init(WebhookEnvelope(event), rawBody: rawBody)
    }

    /// The inbox row of a verified event's `envelope` whose body was `rawBody`.
    public init(_ envelope: WebhookEnvelope, rawBody: [UInt8]) {
        let ids: (object: String?, sync: SyncTarget?) =
            switch envelope.object {
            case .paymentIntent(let id): (id, .payment(objectID: id))
            case .checkoutSession(let id): (id, .payment(objectID: id))
            // The refund itself is synced (re-read at WooshPay, then recorded on our refund,
            // or as a dashboard refund when we did not make it).
            case .refund(let id): (id, .refund(id: id))
            // The dispute is re-read at WooshPay, then recorded on the attempt it disputes.
            case .dispute(let id): (id, .dispute(id: id))
            case .other(_, let id): (id, nil)
            }
        self.init(
            eventID: envelope.id, type: envelope.type.name, objectID: ids.object, syncTarget: ids.sync,
            rawBody: String(decoding: rawBody, as: UTF8.self))
    }
}

/// What an event makes a processor re-read at WooshPay, typed from the event's object as
/// the adapter decoded it, so nothing downstream guesses from an id's spelling.
public enum SyncTarget: Sendable, Hashable {
    /// A payment intent or checkout session: the attempt holding it is synced.
    case payment(objectID: String)
    /// A refund (`re_...`): our refund is synced, or recorded as a dashboard refund.
    case refund(id: String)
    /// A dispute (`dp_...`): re-read and recorded on the payment it disputes.
    case dispute(id: String)

    /// The inbox's `sync_kind`.
    public var kind: String {
        switch self {
        case .payment: "payment"
        case .refund: "refund"
        case .dispute: "dispute"
        }
    }

    /// WooshPay's id of the object.
    public var objectID: String {
        switch self {
        case .payment(let id), .refund(let id), .dispute(let id): id
        }
    }

    /// The target a stored `kind` and object id spell; nil for no target (or a kind this
    /// version does not know).
    public init?(kind: String?, objectID: String?) {
        guard let objectID else { return nil }
        switch kind {
        case "payment": self = .payment(objectID: objectID)
        case "refund": self = .refund(id: objectID)
        case "dispute": self = .dispute(id: objectID)
        default: return nil
        }
    }
}

/// An event leased to one processor.
public struct ClaimedWebhook: Sendable, Hashable {
    /// The gateway's event id.
    public var eventID: String
    /// The event type.
    public var type: String
    /// What to sync, if anything.
    public var syncTarget: SyncTarget?
    /// Processing attempts including this one.
    public var attempts: Int

    /// Creates the value.
    public init(eventID: String, type: String, syncTarget: SyncTarget?, attempts: Int) {
        self.eventID = eventID
        self.type = type
        self.syncTarget = syncTarget
        self.attempts = attempts
    }
}
