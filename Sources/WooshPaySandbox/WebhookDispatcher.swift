import CurlTransport
import Logging
import ServiceLifecycle

/// Delivers events to the configured webhook URL with retries, as a Service: every
/// delivery (and its back-off sleeps) runs in this service's task group, so nothing
/// outlives the application; graceful shutdown cancels pending retries.
struct WebhookDispatcher: Service, CustomStringConvertible {
    /// Events to deliver, in emission order.
    let jobs: AsyncStream<WebhookJob>
    /// Fault settings and delivery records.
    let state: SandboxState
    /// The endpoint; `nil` disables delivery.
    let url: String?
    /// Signs each attempt.
    let signer: WebhookSigner
    /// Waits between retries.
    let schedule: [Duration]
    /// Time allowed per attempt.
    let timeout: Duration
    /// Millisecond, retry-stable signature timestamps.
    let quirks: Bool
    /// How requests are sent (libcurl).
    let transport: any HTTPTransport
    /// Delivery log.
    let logger: Logger

    /// Names the service in ServiceGroup logs without dumping its fields (the signing secret).
    var description: String { "WebhookDispatcher(\(url ?? "no webhook URL"))" }

    /// Consumes queued events until shutdown, applying the webhook faults to each.
    func run() async throws {
        guard let url else {
            // Nothing to deliver, but a service that returns early stops the whole group.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                var held = false
                for await job in jobs {
                    let faults = await state.faults
                    if SandboxRandom.roll(faults.webhookDropRate) {
                        await state.recordDelivery(eventID: job.eventID, status: nil, dropped: true)
                        logger.debug("webhook dropped by fault injection", metadata: ["event": "\(job.eventID)"])
                        continue
                    }
                    var delay = Duration.milliseconds(SandboxRandom.upTo(faults.webhookDelayMillisecondsMax))
                    if faults.webhookReorder {
                        // Hold back every other event long enough for the next one to overtake it.
                        if !held { delay += .milliseconds(max(faults.webhookDelayMillisecondsMax, 1000)) }
                        held.toggle()
                    }
                    let copies = SandboxRandom.roll(faults.webhookDuplicateRate) ? 2 : 1
                    for copy in 0..<copies {
                        // Captured as a constant: the task must not see later changes to `delay`.
                        let wait = delay + .milliseconds(copy * 50)
                        group.addTask { await deliver(job, to: url, after: wait) }
                    }
                }
            }
        }
    }

    /// Sends one event, retrying on the schedule until a 2xx or the schedule runs out.
    private func deliver(_ job: WebhookJob, to url: String, after delay: Duration) async {
        do {
            if delay > .zero { try await Task.sleep(for: delay) }
            for attempt in 0...schedule.count {
                if attempt > 0 { try await Task.sleep(for: schedule[attempt - 1]) }
                let status = await send(job, to: url)
                await state.recordDelivery(eventID: job.eventID, status: status)
                if let status, (200..<300).contains(status) { return }
                logger.info(
                    "webhook delivery failed",
                    metadata: [
                        "event": "\(job.eventID)", "attempt": "\(attempt + 1)", "status": "\(status.map(String.init) ?? "none")",
                    ])
            }
            logger.warning("webhook delivery gave up", metadata: ["event": "\(job.eventID)"])
        } catch {
            // Cancelled by shutdown: stop quietly.
        }
    }

    /// One POST; the status code, or `nil` when no response came back.
    private func send(_ job: WebhookJob, to url: String) async -> Int? {
        // Default mode signs each attempt afresh in seconds (Stripe); quirks mode keeps the
        // event's original millisecond timestamp on every retry, as WooshPay appears to.
        let timestamp = quirks ? job.created : SandboxState.currentMilliseconds() / 1000
        let request = CurlTransport.HTTPRequest(
            method: .POST, url: url,
            headers: [
                (name: "Content-Type", value: "application/json; charset=utf-8"),
                (name: "User-Agent", value: "WooshPay/1.0 (+sandbox; https://docs.wooshpay.com/doc-2517709)"),
                (name: "Wooshpay-Signature", value: signer.header(timestamp: timestamp, body: job.body)),
            ],
            body: job.body, timeout: timeout)
        do {
            return try await transport.send(request).status
        } catch {
            logger.debug("webhook transport error", metadata: ["event": "\(job.eventID)", "error": "\(error)"])
            return nil
        }
    }
}
