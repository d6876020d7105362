import Logging
import OrderDomain

extension SyncPoller {
    /// Syncs one claimed attempt, applies the give-up rule when its order can no longer be
    /// paid, and reschedules it. Returns whether it went through without a failure. The
    /// attempt is always rescheduled: a failure only delays it by the same backoff, so
    /// nothing is lost while WooshPay is down.
    func settle(_ claimed: ClaimedSync) async -> Bool {
        let backoff = settings.delay(afterSync: claimed.syncAttempts + 1)
        var next: Int64? = backoff
        var succeeded = false
        do {
            var attempt = try await operations.sync(claimed.attemptID)
            var flagged = false
            if claimed.orderGivenUp, attempt.status.isOpen {
                (attempt, flagged) = try await giveUp(attempt)
            }
            // A flagged attempt stays open and is polled at the capped interval until
            // WooshPay settles it; a closed one is never polled again.
            next = attempt.status.isOpen ? (flagged ? settings.delay(afterSync: Int.max) : backoff) : nil
            succeeded = true
            logger.info(
                "payment attempt synced",
                metadata: [
                    "attempt": "\(attempt.id)", "order": "\(attempt.orderID)", "status": "\(attempt.status.rawValue)",
                    "sync": "\(claimed.syncAttempts + 1)", "next_sync_s": "\(next.map(String.init) ?? "none")",
                ])
        } catch {
            logger.warning(
                "payment attempt sync failed; retrying later",
                metadata: [
                    "attempt": "\(claimed.attemptID)", "order": "\(claimed.orderID)", "error": "\(Self.describe(error))",
                    "next_sync_s": "\(backoff)",
                ])
        }
        do {
            try await queue.reschedule(attemptID: claimed.attemptID, owner: owner, afterSeconds: next)
        } catch {
            // The lease lapses after SYNC lease seconds and the attempt is claimed again.
            logger.warning("could not reschedule payment attempt", metadata: ["attempt": "\(claimed.attemptID)", "error": "\(error)"])
        }
        return succeeded
    }

    /// Carries out `GiveUpRule` for an attempt still open after its order's expiry.
    /// Returns the attempt as synced afterwards and whether it was flagged for review.
    func giveUp(_ attempt: PaymentAttempt) async throws -> (PaymentAttempt, Bool) {
        switch GiveUpRule.decide(attempt) {
        case .none:
            return (attempt, false)
        case .flagReview(let reason):
            if try await queue.flagReview(orderID: attempt.orderID, attemptID: attempt.id, reason: reason) {
                logger.warning(
                    "order flagged for review: payment outcome unknown after expiry",
                    metadata: ["order": "\(attempt.orderID)", "attempt": "\(attempt.id)", "reason": "\(reason)"])
            }
            return (attempt, true)
        case .expireSession(let id, let key):
            try await refusalTolerated(attempt) { try await operations.expireSession(id, key) }
        case .cancelIntent(let id, let key):
            try await refusalTolerated(attempt) { try await operations.cancelIntent(id, key) }
        }
        logger.info("abandoned payment released at WooshPay", metadata: ["order": "\(attempt.orderID)", "attempt": "\(attempt.id)"])
        // WooshPay's answer is not applied directly: the one sync path records it.
        return (try await operations.sync(attempt.id), false)
    }

    /// Runs a give-up call. A refusal (the customer paid a moment ago, the payment is now
    /// processing) is not an error: the sync that follows records what WooshPay holds and
    /// the next tick decides again. Transient failures propagate and are retried later
    /// with the same idempotency key.
    func refusalTolerated(_ attempt: PaymentAttempt, _ call: () async throws -> Void) async throws {
        do {
            try await call()
        } catch let error as GatewayError where !error.isRetryableWithSameKey {
            logger.warning(
                "WooshPay refused to release an abandoned payment; re-syncing",
                metadata: ["attempt": "\(attempt.id)", "error": "\(error)"])
        }
    }

    /// A log line for a failure: WooshPay's error rather than the storefront's wording.
    static func describe(_ error: any Error) -> String {
        if let failure = error as? GatewayCallFailure { return "\(failure.gateway)" }
        return "\(error)"
    }
}
