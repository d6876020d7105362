/// Every line an order's audit trail (`order_events`) can hold. Each case renders to the
/// `type` and `data` stored, and says which notification, if any, it announces; the
/// outbox is driven by this enum, never by matching strings.
public enum AuditEvent: Sendable, Equatable {
    case orderCreated(total: Int64, currency: String)
    /// A keyed `POST /v1/orders` re-run after its first run died before answering.
    case orderCreateRepeated
    case orderStatusChanged(from: OrderStatus, to: OrderStatus)
    case orderCanceled(from: OrderStatus, stockReleased: Bool)
    case orderExpired(from: OrderStatus, stockReleased: Bool)
    /// `attemptID` is nil when the flag is about the order's stock, not one payment.
    case orderNeedsReview(attemptID: String?, reason: String)
    case orderStockReserved
    case orderStockReleased
    case orderSyncRequested
    case paymentStarted(attemptID: String, mode: PaymentMode)
    case paymentChanged(attemptID: String, from: AttemptStatus, to: AttemptStatus, gatewayStatus: String?)
    case paymentDuplicateDetected(attemptID: String, keptAttemptID: String, refundID: String)
    /// `amount` nil: everything capturable. `request` is the caller's Idempotency-Key reference.
    case paymentCaptureRequested(attemptID: String, amount: Int64?, request: String?)
    case paymentReconciled(attemptID: String, paymentIntentID: String, findings: String)
    case refundRequested(refundID: String, amount: Int64, reason: Refund.Reason)
    case refundChanged(refundID: String, to: Refund.Status, amount: Int64, gatewayRefundID: String?)
    /// A refund made in WooshPay's dashboard, seen for the first time.
    case refundSeen(refundID: String, gatewayRefundID: String, amount: Int64)
    /// A customer's bank disputed (part of) the payment: the money is withdrawn.
    case disputeOpened(disputeID: String, amount: Int64, reason: String, status: DisputeStatus)
    /// A dispute moved (evidence under review, won, lost).
    case disputeChanged(disputeID: String, from: DisputeStatus, to: DisputeStatus)
    case notificationReplayed(notificationID: String)
    case webhookReplayed(eventID: String, eventType: String, previousStatus: String, object: String)

    /// The stored `type`.
    public var type: String {
        switch self {
        case .orderCreated: "order.created"
        case .orderCreateRepeated: "order.create_repeated"
        case .orderStatusChanged(_, let to): "order.\(to.rawValue)"
        case .orderCanceled: "order.canceled"
        case .orderExpired: "order.expired"
        case .orderNeedsReview: "order.needs_review"
        case .orderStockReserved: "order.stock_reserved"
        case .orderStockReleased: "order.stock_released"
        case .orderSyncRequested: "order.sync_requested"
        case .paymentStarted: "payment.started"
        case .paymentChanged(_, _, let to, _): "payment.\(to.rawValue)"
        case .paymentDuplicateDetected: "payment.duplicate_detected"
        case .paymentCaptureRequested: "payment.capture_requested"
        case .paymentReconciled: "payment.reconciled"
        case .refundRequested: "refund.requested"
        case .refundChanged(_, let to, _, _): "refund.\(to.rawValue)"
        case .refundSeen: "refund.seen"
        case .disputeOpened: "dispute.opened"
        case .disputeChanged(_, _, let to): "dispute.\(to.rawValue)"
        case .notificationReplayed: "notification.replayed"
        case .webhookReplayed: "webhook.replayed"
        }
    }

    /// The stored `data` (a flat JSON object of strings).
    public var data: [String: String] {
        switch self {
        case .orderCreated(let total, let currency): ["total": "\(total)", "currency": currency]
        case .orderCreateRepeated, .orderStockReserved, .orderStockReleased, .orderSyncRequested: [:]
        case .orderStatusChanged(let from, _): ["from": from.rawValue]
        case .orderCanceled(let from, let released), .orderExpired(let from, let released):
            ["from": from.rawValue, "stock_released": released ? "true" : "false"]
        case .orderNeedsReview(let attempt, let reason):
            if let attempt { ["attempt": attempt, "reason": reason] } else { ["reason": reason] }
        case .paymentStarted(let attempt, let mode): ["attempt": attempt, "mode": mode.rawValue]
        case .paymentChanged(let attempt, let from, _, let gatewayStatus):
            ["attempt": attempt, "from": from.rawValue, "gateway_status": gatewayStatus ?? ""]
        case .paymentDuplicateDetected(let attempt, let kept, let refund): ["attempt": attempt, "kept": kept, "refund": refund]
        case .paymentCaptureRequested(let attempt, let amount, let request):
            ["attempt": attempt, "amount": amount.map { "\($0)" } ?? "all", "request": request].compactMapValues { $0 }
        case .paymentReconciled(let attempt, let intent, let findings):
            ["attempt": attempt, "payment_intent": intent, "findings": findings]
        case .refundRequested(let refund, let amount, let reason): ["refund": refund, "amount": "\(amount)", "reason": reason.rawValue]
        case .refundChanged(let refund, _, let amount, let gatewayRefund):
            ["refund": refund, "amount": "\(amount)", "gateway_refund": gatewayRefund ?? ""]
        case .refundSeen(let refund, let gatewayRefund, let amount):
            ["refund": refund, "gateway_refund": gatewayRefund, "amount": "\(amount)", "source": "dashboard"]
        case .disputeOpened(let dispute, let amount, let reason, let status):
            ["dispute": dispute, "amount": "\(amount)", "reason": reason, "status": status.rawValue]
        case .disputeChanged(let dispute, let from, _): ["dispute": dispute, "from": from.rawValue]
        case .notificationReplayed(let notification): ["notification": notification]
        case .webhookReplayed(let event, let type, let previous, let object):
            ["event": event, "event_type": type, "previous_status": previous, "object": object]
        }
    }
}

extension AuditEvent {
    /// The notification this event announces: the order's status transitions a merchant's
    /// systems care about (a partial refund counts as `order.refunded`) and review flags.
    public var notification: OrderNotification.Kind? {
        switch self {
        case .orderStatusChanged(_, let to): Self.notification(entering: to)
        case .orderCanceled: .canceled
        case .orderExpired: .expired
        case .orderNeedsReview: .needsReview
        case .disputeOpened: .disputed
        case .disputeChanged(_, _, let to): to.isOpen ? nil : .disputeClosed
        case .orderCreated, .orderCreateRepeated, .orderStockReserved, .orderStockReleased, .orderSyncRequested,
            .paymentStarted, .paymentChanged, .paymentDuplicateDetected, .paymentCaptureRequested, .paymentReconciled,
            .refundRequested, .refundChanged, .refundSeen, .notificationReplayed, .webhookReplayed:
            nil
        }
    }

    /// The notification of an order entering `status`, if it has one.
    static func notification(entering status: OrderStatus) -> OrderNotification.Kind? {
        switch status {
        case .paid: .paid
        case .paymentFailed: .paymentFailed
        case .authorized: .authorized
        case .refunded, .partiallyRefunded: .refunded
        case .canceled: .canceled
        case .expired: .expired
        case .awaitingPayment, .requiresAction, .processing: nil
        }
    }
}
