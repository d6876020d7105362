import Logging
import OrderDomain
import ServiceLifecycle

/// Delivers the notification outbox to the merchant's endpoints: every replica runs one,
/// and a lease keeps two from sending the same notification at once. Each round sends a
/// notification to every endpoint that has not answered it 2xx yet; a round that leaves
/// one undelivered is retried on `NotificationSettings.retrySchedule`, then `failed`.
/// Delivery is at least once (a crash between an endpoint's 2xx and its record re-sends
/// it), so receivers de-duplicate by the event `id`.
public struct NotificationDeliverer: Service {
    /// Sends one notification to one endpoint: the HTTP status, or the reason nothing answered.
    public typealias Send = @Sendable (_ url: String, _ notification: OrderNotification) async -> (status: Int?, error: String?)

    let queue: any NotificationQueue
    let settings: NotificationSettings
    let send: Send
    let owner: String
    let logger: Logger

    /// Creates the deliverer; `send` signs and posts (see `MerchantServer`).
    public init(
        queue: any NotificationQueue, settings: NotificationSettings, logger: Logger,
        owner: String = SyncPoller.randomOwner(prefix: "notifier"), send: @escaping Send
    ) {
        self.queue = queue
        self.settings = settings
        self.send = send
        self.owner = owner
        var logger = logger
        logger[metadataKey: "notifier"] = .string(owner)
        self.logger = logger
    }

    /// Rounds every `pollIntervalSeconds` (at once after a full batch) until graceful
    /// shutdown or cancellation.
    public func run() async throws {
        await drainUntilShutdown(every: .milliseconds(Int64(settings.pollIntervalSeconds * 1000))) {
            await round().claimed >= settings.batchSize
        }
    }

    /// One round over the due notifications, concurrently. Returns how many were delivered
    /// to every endpoint.
    @discardableResult
    public func tick() async -> Int { await round().delivered }

    func round() async -> (claimed: Int, delivered: Int) {
        guard !settings.urls.isEmpty else { return (0, 0) }
        let claimed: [OrderNotification]
        do {
            claimed = try await queue.claimDue(owner: owner, limit: settings.batchSize, leaseSeconds: settings.leaseSeconds)
        } catch {
            logger.warning("could not claim due notifications", metadata: ["error": "\(error)"])
            return (0, 0)
        }
        let delivered = await withTaskGroup(of: Bool.self) { group in
            for notification in claimed { group.addTask { await deliver(notification) } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        return (claimed.count, delivered)
    }

    /// Sends one notification to the endpoints still missing it and ends its round.
    func deliver(_ notification: OrderNotification) async -> Bool {
        let meta: Logger.Metadata = [
            "notification": "\(notification.id)", "order": "\(notification.orderID)",
            "type": "\(notification.kind.rawValue)",
        ]
        var delivered: Set<String>
        do {
            delivered = try await queue.deliveredURLs(notificationID: notification.id)
        } catch {
            logger.warning("could not read notification deliveries; its lease lapses", metadata: meta.merging(["error": "\(error)"]) { $1 })
            return false
        }
        for url in settings.urls where !delivered.contains(url) {
            let answer = await send(url, notification)
            let ok = answer.status.map { (200..<300).contains($0) } ?? false
            if ok { delivered.insert(url) }
            do {
                try await queue.recordTry(notificationID: notification.id, url: url, status: answer.status, error: answer.error)
            } catch {
                logger.warning("could not record a notification try", metadata: meta.merging(["error": "\(error)"]) { $1 })
            }
            if !ok {
                logger.info(
                    "notification not accepted",
                    metadata: meta.merging([
                        "url": "\(url)", "status": "\(answer.status.map(String.init) ?? "-")", "error": "\(answer.error ?? "-")",
                    ]) { $1 })
            }
        }
        let done = settings.urls.allSatisfy(delivered.contains)
        let retry = done ? nil : settings.retryDelay(afterRound: notification.attempts + 1)
        do {
            try await queue.finishRound(notificationID: notification.id, owner: owner, delivered: done, retryAfterSeconds: retry)
        } catch {
            logger.warning("could not finish a notification round; its lease lapses", metadata: meta.merging(["error": "\(error)"]) { $1 })
        }
        if done {
            logger.info("notification delivered", metadata: meta)
        } else if retry == nil {
            logger.error("notification failed: retries exhausted", metadata: meta)
        }
        return done
    }
}
