import Foundation

/// The sandbox's whole world: intents, sessions, refunds, events, payment methods and the
/// test settings. An actor, so that every API call, page action and control applies
/// atomically and two requests can never both take money for one intent.
actor SandboxState {
    /// Keys and style fixed at start.
    let secretKey: String
    /// The key hosted-checkout URLs carry.
    let publishableKey: String
    /// Clean or quirks rendering.
    let style: WireStyle
    /// Whether events are delivered (`pending_webhooks`).
    let webhookConfigured: Bool
    /// Default checkout session lifetime.
    let sessionLifetimeMilliseconds: Int64
    /// The base of every URL handed out; set once the port is known.
    private(set) var baseURL: String
    /// Current fault settings.
    var faults: SandboxFaults
    /// Status new refunds start in (`POST /_sandbox/settings`).
    var refundInitialStatus: RefundRecord.Status = .succeeded

    /// Intents by id.
    var intents: [String: PaymentIntentRecord] = [:]
    /// Intent ids, oldest first.
    var intentOrder: [String] = []
    /// Sessions by id.
    var sessions: [String: CheckoutSessionRecord] = [:]
    /// Session ids, oldest first.
    var sessionOrder: [String] = []
    /// Refunds by id.
    var refunds: [String: RefundRecord] = [:]
    /// Refund ids, oldest first.
    var refundOrder: [String] = []
    /// Disputes by id.
    var disputes: [String: DisputeRecord] = [:]
    /// Dispute ids, oldest first.
    var disputeOrder: [String] = []
    /// Uploaded evidence files by id.
    var files: [String: FileRecord] = [:]
    /// Events by id.
    var events: [String: EventRecord] = [:]
    /// Event ids, oldest first.
    var eventOrder: [String] = []
    /// The fixed test methods and those created from `payment_method_data`.
    var paymentMethods: [String: StoredPaymentMethod] = TestPaymentMethods.fixed
    /// Snowflake id source.
    var ids = IDGenerator()
    /// Events to deliver, consumed by `WebhookDispatcher`.
    private let webhookQueue: AsyncStream<WebhookJob>.Continuation

    /// A fresh, empty world.
    init(configuration: SandboxConfiguration, webhookQueue: AsyncStream<WebhookJob>.Continuation) {
        secretKey = configuration.secretKey
        publishableKey = configuration.publishableKey
        style = WireStyle(quirks: configuration.quirks, secondsTimestamps: configuration.secondsTimestamps)
        webhookConfigured = configuration.webhookURL != nil
        sessionLifetimeMilliseconds = Int64(configuration.sessionLifetime.components.seconds) * 1000
        baseURL = configuration.publicBaseURL ?? "http://\(configuration.host):\(configuration.port)"
        faults = configuration.faults
        self.webhookQueue = webhookQueue
    }

    /// Sets the base URL once the listening port is known.
    func setBaseURL(_ url: String) {
        baseURL = url
    }

    /// Now, in epoch milliseconds.
    nonisolated func now() -> Int64 {
        Self.currentMilliseconds()
    }

    /// The wall clock in epoch milliseconds.
    static func currentMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// A new prefixed snowflake id.
    func newID(_ prefix: String) -> String {
        ids.next(prefix, nowMilliseconds: now())
    }

    /// Records an event and queues its webhook delivery.
    func emit(_ type: String, object: JSONValue, objectID: String, request: RequestInfo?) {
        let id = newID("evt_")
        let created = now()
        let json = EventRecord.json(
            id: id, type: type, created: created, object: object, request: request,
            pendingWebhooks: webhookConfigured ? 1 : 0, style: style)
        let body = json.serialized
        events[id] = EventRecord(id: id, type: type, created: created, objectID: objectID, json: json, body: body)
        eventOrder.append(id)
        if webhookConfigured {
            webhookQueue.yield(WebhookJob(eventID: id, body: body, created: created))
        }
    }

    /// Emits a `payment_intent.*` event carrying the intent as it is now.
    func emitIntent(_ type: String, _ id: String, request: RequestInfo?) {
        guard let intent = intents[id] else { return }
        emit(type, object: intentJSON(intent), objectID: id, request: request)
    }

    /// The API rendering of an intent.
    func intentJSON(_ intent: PaymentIntentRecord) -> JSONValue {
        intent.json(style: style, baseURL: baseURL)
    }

    /// The API rendering of a session.
    func sessionJSON(_ session: CheckoutSessionRecord) -> JSONValue {
        session.json(style: style, baseURL: baseURL, publishableKey: publishableKey)
    }

    /// The intent with this id, or 404.
    func requireIntent(_ id: String) throws(APIError) -> PaymentIntentRecord {
        guard let intent = intents[id] else { throw .notFound("payment_intent", id, param: "intent") }
        return intent
    }

    /// Records a delivery attempt's outcome (for `GET /_sandbox/events`).
    func recordDelivery(eventID: String, status: Int?, dropped: Bool = false) {
        guard var event = events[eventID] else { return }
        if dropped {
            event.dropped = true
        } else {
            event.deliveryAttempts += 1
            event.lastStatus = status
            if let status, (200..<300).contains(status) { event.delivered = true }
        }
        events[eventID] = event
    }

    /// Forgets every object and restores default settings (`POST /_sandbox/reset`).
    func reset(faults defaults: SandboxFaults) {
        intents = [:]
        intentOrder = []
        sessions = [:]
        sessionOrder = []
        refunds = [:]
        refundOrder = []
        disputes = [:]
        disputeOrder = []
        files = [:]
        events = [:]
        eventOrder = []
        paymentMethods = TestPaymentMethods.fixed
        refundInitialStatus = .succeeded
        faults = defaults
    }
}
