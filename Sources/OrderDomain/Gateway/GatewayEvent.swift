/// A verified notification from the gateway. Events are triggers to re-sync: their
/// object is a hint, the gateway's current state (fetched again) is the truth.
public struct GatewayEvent: Sendable, Hashable {
    /// The gateway's event id (`evt_...`): the de-duplication key of the webhook inbox.
    public var id: String
    /// What happened.
    public var type: GatewayEventType
    /// When the gateway created the event.
    public var created: GatewayTimestamp?
    /// The object the event is about, as it was when the event was created.
    public var object: GatewayEventObject

    /// Creates an event.
    public init(
        id: String, type: GatewayEventType, created: GatewayTimestamp?,
        object: GatewayEventObject
    ) {
        self.id = id
        self.type = type
        self.created = created
        self.object = object
    }
}

/// The object carried by an event.
public enum GatewayEventObject: Sendable, Hashable {
    /// A payment intent.
    case paymentIntent(PaymentIntentSnapshot)
    /// A hosted checkout session.
    case checkoutSession(CheckoutSessionSnapshot)
    /// A refund.
    case refund(RefundSnapshot)
    /// A dispute (`charge.dispute.*`).
    case dispute(DisputeSnapshot)
    /// Any other object (charge, dispute, payout...), by its kind and id when present.
    case other(kind: String, id: String?)
}

/// The kinds of event the domain reacts to; everything else is `other`.
public enum GatewayEventType: Sendable, Hashable {
    /// A payment intent was created.
    case paymentIntentCreated
    /// A payment intent succeeded: the main fulfilment signal.
    case paymentIntentSucceeded
    /// An attempt on a payment intent failed.
    case paymentIntentPaymentFailed
    /// A payment intent needs the customer to act.
    case paymentIntentRequiresAction
    /// A payment intent is processing.
    case paymentIntentProcessing
    /// A payment intent was canceled.
    case paymentIntentCanceled
    /// A manual-capture intent was authorised (its capturable amount changed).
    case paymentIntentAmountCapturableUpdated
    /// A checkout session was completed.
    case checkoutSessionCompleted
    /// A checkout session expired.
    case checkoutSessionExpired
    /// A refund changed state.
    case refundUpdated
    /// A charge was (partially) refunded.
    case chargeRefunded
    /// Any other event type, as the gateway spelled it.
    case other(String)
}
