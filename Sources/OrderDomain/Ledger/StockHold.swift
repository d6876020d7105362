/// An order's stock after its hold (`STOCK_HOLD`) lapsed and was given back.
public enum StockHold {
    /// Whether an attempt keeps the order's stock held past the hold: the customer may pay
    /// at any moment without us (an open hosted checkout, 3-D Secure, WooshPay processing,
    /// an authorisation), or we do not know yet what WooshPay did (pending).
    /// (The poller's SQL predicate is generated from this, so the two cannot drift.)
    public static func keepsStock(_ status: AttemptStatus, mode: PaymentMode) -> Bool {
        switch status {
        case .pending, .requiresAction, .processing, .requiresCapture: true
        case .requiresPaymentMethod, .requiresConfirmation: mode == .checkout
        case .succeeded, .failed, .canceled, .expired: false
        }
    }

    /// A payment start on an order whose stock went back on sale tried to take it again:
    /// the audit event if it did; `out_of_stock` (before anything is sent to WooshPay) if
    /// part of it sold out meanwhile.
    public static func onStart(retaken: Bool) throws(DomainError) -> AuditEvent {
        guard retaken else {
            throw DomainError(
                code: .outOfStock,
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
