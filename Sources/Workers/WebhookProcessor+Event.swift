import Logging
import Metrics
import OrderDomain

/// What became of one claimed event.
public enum WebhookOutcome: Sendable, Hashable {
    /// Synced.
    case processed
    /// Deliberately not acted on (no payment object, or no attempt of ours holds it).
    case ignored
    /// Sync failed; due again after the back-off.
    case failed
}

/// The outcomes of one tick.
public struct WebhookTickSummary: Sendable, Hashable {
    /// Events synced.
    public var processed = 0
    /// Events ignored.
    public var ignored = 0
    /// Events that failed and will be retried.
    public var failed = 0

    /// An empty summary.
    public init() {}

    /// Counts one outcome.
    mutating func count(_ outcome: WebhookOutcome) {
        switch outcome {
        case .processed: processed += 1
        case .ignored: ignored += 1
        case .failed: failed += 1
        }
    }
}

extension WebhookProcessor {
    /// Syncs the object one event names, records the outcome in the inbox and counts it.
    func process(_ event: ClaimedWebhook) async -> WebhookOutcome {
        let outcome = await processOnce(event)
        Counter(
            label: Self.processedMetricName,
            dimensions: [("type", GatewayEventType.metricLabel(event.type)), ("outcome", "\(outcome)")], factory: metrics
        ).increment()
        return outcome
    }

    private func processOnce(_ event: ClaimedWebhook) async -> WebhookOutcome {
        let metadata: Logger.Metadata = ["event": "\(event.eventID)", "type": "\(event.type)", "attempt": "\(event.attempts)"]
        do {
            guard let target = event.syncTarget else {
                try await inbox.markIgnored(eventID: event.eventID, owner: owner, reason: "the event names no payment object")
                logger.debug("webhook ignored: no payment object", metadata: metadata)
                return .ignored
            }
            let objectID = target.objectID
            guard try await sync(target, .webhook(eventID: event.eventID)) else {
                // Kept, not deleted: it can be replayed should the object turn out to be ours.
                try await inbox.markIgnored(eventID: event.eventID, owner: owner, reason: "no payment attempt holds \(objectID)")
                logger.info("webhook ignored: unknown object", metadata: metadata.merging(["object": "\(objectID)"]) { $1 })
                return .ignored
            }
            try await inbox.markProcessed(eventID: event.eventID, owner: owner)
            logger.debug("webhook processed", metadata: metadata)
            return .processed
        } catch {
            let delay = retryDelay(afterAttempts: event.attempts)
            logger.warning(
                "webhook processing failed",
                metadata: metadata.merging([
                    "error": "\(error)", "retry_in_seconds": "\(delay)",
                ]) { $1 })
            // If even this write fails, the lease expires and the event is claimed again.
            _ = try? await inbox.markFailed(
                eventID: event.eventID, owner: owner,
                error: String(String(describing: error).prefix(1000)), retryAfterSeconds: delay)
            return .failed
        }
    }

    /// Seconds before retrying an event that failed `attempts` times: the base delay
    /// doubled per earlier failure, capped (5 s, 10 s, 20 s... 10 min by default).
    public func retryDelay(afterAttempts attempts: Int) -> Int64 {
        let doublings = Int64(min(max(attempts - 1, 0), 30))
        let (delay, overflow) = configuration.retryBaseSeconds.multipliedReportingOverflow(by: 1 << doublings)
        return overflow ? configuration.retryMaxSeconds : min(delay, configuration.retryMaxSeconds)
    }
}
