/// When an order is flagged for a person to look at, and what the audit trail says.
public enum ReviewFlag {
    /// Whether a new flag replaces the order's current one.
    public enum Overwrite: Sendable, Equatable {
        /// Always: the attempt's own reason changed (the record path decided it).
        case always
        /// When the reason differs from the order's (reconciliation, run again and again).
        case whenReasonDiffers
        /// Only on an order not flagged yet (the poller giving up: the first flag stays).
        case never
    }

    /// The event of flagging an order (flagged already: `flagged`, with `current`) for
    /// `reason`, or nil when the flag changes nothing.
    public static func decide(
        flagged: Bool, current: String?, reason: String, attemptID: String?,
        overwrite: Overwrite
    ) -> AuditEvent? {
        switch overwrite {
        case .always: break
        case .whenReasonDiffers: guard current != reason else { return nil }
        case .never: guard !flagged else { return nil }
        }
        return .orderNeedsReview(attemptID: attemptID, reason: reason)
    }
}

/// An order's stock after its hold (`STOCK_HOLD`) lapsed and was given back.
public enum StockHold {
    /// Whether an attempt keeps the order's stock held past the hold: the customer may pay
    /// at any moment without us (an open hosted checkout, 3-D Secure, WooshPay processing,
    /// an authorisation), or we do not know yet what WooshPay did (pending).
    public static func keepsStock(_ attempt: PaymentAttempt) -> Bool {
        switch attempt.status {
        case .pending, .requiresAction, .processing, .requiresCapture: true
        case .requiresPaymentMethod, .requiresConfirmation: attempt.mode == .checkout
        case .succeeded, .failed, .canceled, .expired: false
        }
    }

    /// A payment start on an order whose stock went back on sale tried to take it again:
    /// the audit event if it did; `out_of_stock` (before anything is sent to WooshPay) if
    /// part of it sold out meanwhile.
    public static func onStart(retaken: Bool) throws(DomainError) -> AuditEvent {
        guard retaken else {
            throw DomainError(
                .conflict, code: .outOfStock,
                message: "Part of this order sold out after its hold lapsed; it can no longer be paid as it is.",
                param: "items")
        }
        return .orderStockReserved
    }

    /// Whether an order entering `status` has money moving, so must hold its stock.
    public static func moneyMoves(_ status: OrderStatus) -> Bool {
        switch status {
        case .processing, .authorized, .paid: true
        case .awaitingPayment, .requiresAction, .partiallyRefunded, .refunded, .paymentFailed, .canceled, .expired: false
        }
    }

    /// Money moved for an order whose stock was given back: retaken, it is reserved again;
    /// sold out meanwhile, nothing oversells and a person must refund or restock.
    public static func afterMoneyMoved(retaken: Bool) -> (reserved: Bool, event: AuditEvent) {
        retaken ? (true, .orderStockReserved) : (false, .orderNeedsReview(attemptID: nil, reason: paidWithoutStock))
    }

    /// The review reason of an order paid after its stock sold out.
    public static let paidWithoutStock = "paid_without_stock"
}
