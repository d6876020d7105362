/// Sends a stored refund to WooshPay and records the answer: the one place a refund's
/// create call is made, for admin refunds, automatic duplicate refunds and the poller's
/// re-sends (always with the refund's stored key, so WooshPay refunds at most once).
public struct RefundSender: Sendable {
    let store: any OperationsStore
    let gateway: any PaymentGateway

    /// A sender recording in `store`, calling `gateway`.
    public init(store: any OperationsStore, gateway: any PaymentGateway) {
        self.store = store
        self.gateway = gateway
    }

    /// Sends (or re-sends) the create call of a refund WooshPay has not acknowledged and
    /// records the answer. Returns the refund as recorded, and the error for the caller
    /// when WooshPay refused it (it is then recorded `failed`). A lost or failed answer
    /// leaves it `pending`: the refund poller re-sends it.
    public func submit(_ refund: Refund, cause: SyncCause) async throws -> (refund: Refund, refusal: DomainError?) {
        let request = CreateRefundRequest(
            paymentIntentID: refund.paymentIntentID, amount: refund.amount, reason: refund.reason.gatewayReason,
            metadata: ["order_id": refund.orderID, "attempt_id": refund.attemptID, "refund_id": refund.id])
        let snapshot: RefundSnapshot
        do {
            snapshot = try await gateway.createRefund(request, idempotencyKey: refund.idempotencyKey)
        } catch  where error.isRetryableWithSameKey || error.mayHaveTakenEffect {
            return (refund, nil)
        } catch {
            let failed = try await store.failRefund(id: refund.id, reason: error.summary, cause: cause)
            return (failed, MerchantOperations.refused(failed))
        }
        return (try await store.recordRefund(id: refund.id, snapshot, cause: cause), nil)
    }
}
