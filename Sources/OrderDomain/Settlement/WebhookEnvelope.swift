/// What the webhook route needs of a verified event: its id, its type and which object it
/// names. The route stores that and the raw body; the processor re-reads the object at
/// WooshPay before anything is recorded, so the object's other fields are never used on
/// the way in (and decoding them cost most of the route's CPU: bench/results.md).
public struct WebhookEnvelope: Sendable, Hashable {
    /// The gateway's event id (`evt_...`).
    public var id: String
    /// What happened.
    public var type: GatewayEventType
    /// The object the event is about.
    public var object: ObjectReference

    /// The object an event names, by kind. A payment intent, session or refund always has
    /// its id (an event without one is a malformed payload, refused at the route).
    public enum ObjectReference: Sendable, Hashable {
        /// A payment intent (`pi_...`).
        case paymentIntent(id: String)
        /// A hosted checkout session (`cs_...`).
        case checkoutSession(id: String)
        /// A refund (`re_...`).
        case refund(id: String)
        /// A dispute (`dp_...`).
        case dispute(id: String)
        /// Anything else (a payout, a dispute without an id...), by kind and id when it has one.
        case other(kind: String, id: String?)
    }

    /// Creates an envelope.
    public init(id: String, type: GatewayEventType, object: ObjectReference) {
        self.id = id
        self.type = type
        self.object = object
    }

    /// The envelope of a fully decoded event.
    public init(_ event: GatewayEvent) {
        let object: ObjectReference =
            switch event.object {
            case .paymentIntent(let intent): .paymentIntent(id: intent.id)
            case .checkoutSession(let session): .checkoutSession(id: session.id)
            case .refund(let refund): .refund(id: refund.id)
            case .dispute(let dispute): .dispute(id: dispute.id)
            // A dispute whose body could not be read whole still names its id.
            case .other(let kind, let id?) where kind == "dispute": .dispute(id: id)
            case .other(let kind, let id): .other(kind: kind, id: id)
            }
        self.init(id: event.id, type: event.type, object: object)
    }
}
