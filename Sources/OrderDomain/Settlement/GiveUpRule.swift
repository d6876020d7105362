/// What the poller does with an attempt that is still open after a fresh sync although
/// its order can no longer be paid (past expiry, expired or canceled). Pure, so every
/// status is decided in a unit test; the poller only carries the decision out.
public enum GiveUpRule {
    /// The step to take.
    public enum Action: Sendable, Equatable {
        /// Nothing to give up: the attempt is closed, or money is authorised and capturing
        /// or releasing it is the merchant's call. Keep the normal schedule.
        case none
        /// Expire the hosted checkout session at WooshPay (which cancels its intent), so
        /// the customer can no longer pay an order whose stock is released.
        case expireSession(id: String, idempotencyKey: String)
        /// Cancel the SDK/direct intent at WooshPay for the same reason.
        case cancelIntent(id: String, idempotencyKey: String)
        /// The outcome is unknown (WooshPay is processing, or never answered the creating
        /// call): an operator must look. Never silently failed; polling continues at the
        /// schedule's last interval.
        case flagReview(reason: String)
    }

    /// The decision for `attempt` as the sync just left it.
    public static func decide(_ attempt: PaymentAttempt) -> Action {
        switch attempt.status {
        case .succeeded, .failed, .canceled, .expired, .requiresCapture:
            return .none
        case .processing:
            return .flagReview(reason: "payment_processing_after_expiry")
        case .pending:
            return .flagReview(reason: "payment_outcome_unknown_after_expiry")
        case .requiresPaymentMethod, .requiresConfirmation, .requiresAction:
            // Deterministic keys derived from the attempt id: the attempt row exists, so
            // the key is "persisted before the call", and a retry after a lost answer
            // reuses it instead of sending a second, different request.
            if attempt.mode == .checkout, let session = attempt.checkoutSessionID {
                return .expireSession(id: session, idempotencyKey: "merchant-\(attempt.id)-expire")
            }
            if attempt.mode != .checkout, let intent = attempt.paymentIntentID {
                return .cancelIntent(id: intent, idempotencyKey: "merchant-\(attempt.id)-cancel")
            }
            return .flagReview(reason: "payment_without_gateway_object_after_expiry")
        }
    }
}
