extension PaymentAttempt {
    /// The attempt after learning `update`. WooshPay is the source of truth, but facts
    /// arrive late, twice and out of order, so a closed attempt never moves again and an
    /// unknown gateway status keeps the last known one (its spelling is still recorded).
    public func applying(_ update: AttemptUpdate) -> PaymentAttempt {
        var next = self
        switch update {
        case .checkoutSession(let session):
            next.checkoutSessionID = session.id
            next.checkoutURL = session.url ?? checkoutURL
            next.paymentIntentID = session.paymentIntentID ?? paymentIntentID
            guard status.isOpen else { return next }
            switch session.status {
            case .expired where status != .succeeded: next.status = .expired
            case .open where status == .pending: next.status = .requiresPaymentMethod
            case .open, .complete, .expired, .unknown: break
            }
        case .paymentIntent(let intent):
            next.paymentIntentID = intent.id
            next.gatewayStatus = intent.gatewayStatus
            next.amountReceived = max(amountReceived, intent.amountReceived)
            next.amountCapturable = intent.amountCapturable
            guard status.isOpen else { return next }
            if let mismatch = mismatch(intent) {
                // Never paid on a wrong amount or currency: held open for a person to decide.
                next.reviewReason = mismatch
                return next
            }
            if let mapped = AttemptStatus(intent.status) { next.status = mapped }
            next.nextAction = next.status == .requiresAction ? intent.nextAction : nil
            if let error = intent.lastPaymentError {
                next.lastErrorCode = error.declineCode ?? error.code
                next.lastErrorMessage = error.message
            } else if next.status != .requiresPaymentMethod {
                next.lastErrorCode = nil
                next.lastErrorMessage = nil
            }
        case .refused(let code, let message):
            guard status.isOpen, !hasGatewayObject else { return next }
            next.status = .failed
            next.lastErrorCode = code
            next.lastErrorMessage = message
        case .outcomeUnknown:
            // Nothing is known, so nothing changes; the store schedules an early sync.
            break
        }
        return next
    }
}

extension PaymentAttempt {
    /// A description of how the intent differs from what this attempt asked for, if it does.
    func mismatch(_ intent: PaymentIntentSnapshot) -> String? {
        guard intent.amount != amount.amount || intent.currency.uppercased() != amount.currency.code else { return nil }
        return "amount_mismatch: expected \(amount.amount) \(amount.currency.code), WooshPay reports \(intent.amount) \(intent.currency.uppercased())"
    }
}

extension OrderStatus {
    /// The order's status derived from its attempts (in creation order) and refunds. Money
    /// decides first: a succeeded attempt makes the order paid even if it was expired or
    /// canceled meanwhile (the operator must then see it, not lose it).
    public static func derived(current: OrderStatus, attempts: [PaymentAttempt], refunded: Int64, total: Int64) -> OrderStatus {
        if let kept = attempts.kept {
            // A partial capture keeps less than the total: refunding all of it refunds the order.
            let captured = min(total, kept.capturedAmount)
            if captured > 0, refunded >= captured { return .refunded }
            return refunded > 0 ? .partiallyRefunded : .paid
        }
        if attempts.contains(where: { $0.status == .requiresCapture }) { return .authorized }
        if current == .canceled || current == .expired { return current }
        if attempts.contains(where: { $0.status == .processing }) { return .processing }
        guard let latest = attempts.last else { return .awaitingPayment }
        switch latest.status {
        case .requiresAction: return .requiresAction
        case .failed: return .paymentFailed
        case .requiresPaymentMethod where latest.lastErrorCode != nil: return .paymentFailed
        case .pending, .requiresPaymentMethod, .requiresConfirmation, .canceled, .expired, .processing, .requiresCapture, .succeeded:
            return .awaitingPayment
        }
    }
}

extension [PaymentAttempt] {
    /// The payment the order keeps: the attempt that succeeded first (by when we recorded
    /// it; creation order breaks ties). Any other succeeded attempt is a duplicate.
    public var kept: PaymentAttempt? {
        enumerated().filter { $0.element.status == .succeeded }
            .min { ($0.element.succeededAt ?? .max, $0.offset) < ($1.element.succeededAt ?? .max, $1.offset) }?.element
    }
}

extension PaymentAttempt {
    /// What a succeeded attempt took: the amount received, or the attempt's amount when
    /// WooshPay did not say (a partial capture receives less than the amount).
    public var capturedAmount: Int64 { amountReceived > 0 ? amountReceived : amount.amount }
}
