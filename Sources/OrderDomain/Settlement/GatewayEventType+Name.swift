extension GatewayEventType {
    /// A stable name for the inbox's `type` column and logs. Known kinds use the
    /// gateway's usual spelling (so a row reads like the event that produced it); unknown
    /// kinds keep the gateway's own string.
    public var name: String {
        switch self {
        case .paymentIntentCreated: "payment_intent.created"
        case .paymentIntentSucceeded: "payment_intent.succeeded"
        case .paymentIntentPaymentFailed: "payment_intent.payment_failed"
        case .paymentIntentRequiresAction: "payment_intent.requires_action"
        case .paymentIntentProcessing: "payment_intent.processing"
        case .paymentIntentCanceled: "payment_intent.canceled"
        case .paymentIntentAmountCapturableUpdated: "payment_intent.amount_capturable_updated"
        case .checkoutSessionCompleted: "checkout.session.completed"
        case .checkoutSessionExpired: "checkout.session.expired"
        // Both `charge.refund.updated` and `refund.updated` map here: one domain name.
        case .refundUpdated: "charge.refund.updated"
        case .chargeRefunded: "charge.refunded"
        case .other(let raw): raw
        }
    }

    /// An event type string as a metric label value: WooshPay's dotted lower-case names,
    /// anything else `other`, so a strange (signed) type cannot grow the label set without
    /// bound. The route's received and the processor's processed counters share it.
    public static func metricLabel(_ type: String) -> String {
        guard !type.isEmpty, type.utf8.count <= 64,
            type.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 95 })
        else { return "other" }
        return type
    }
}
