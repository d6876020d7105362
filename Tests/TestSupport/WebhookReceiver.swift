import Foundation
import Hummingbird
import Logging

/// One POST the receiver got.
public struct ReceivedWebhook: Sendable {
    public let body: [UInt8]
    /// The value of the receiver's signature header.
    public let signature: String?
    /// Every header, names lower-cased.
    public let headers: [String: String]
    public let answeredStatus: Int

    /// A delivery as received (tests also build tampered copies).
    public init(body: [UInt8], signature: String?, headers: [String: String] = [:], answeredStatus: Int) {
        self.body = body
        self.signature = signature
        self.headers = headers
        self.answeredStatus = answeredStatus
    }
}

/// A tiny webhook endpoint (a Hummingbird app on a free loopback port) that records every
/// delivery and answers 500 to the first `failFirst` of them, and to all while `failing`.
public final class WebhookReceiver: Sendable {
    private actor Log {
        var items: [ReceivedWebhook] = []
        var failuresLeft: Int
        var failing = false
        init(failFirst: Int) { failuresLeft = failFirst }

        func record(body: [UInt8], signature: String?, headers: [String: String]) -> Int {
            let status = failuresLeft > 0 || failing ? 500 : 200
            if failuresLeft > 0 { failuresLeft -= 1 }
            items.append(ReceivedWebhook(body: body, signature: signature, headers: headers, answeredStatus: status))
            return status
        }

        func setFailing(_ on: Bool) { failing = on }
    }

    public let url: String
    private let log: Log
    private let task: Task<Void, any Error>

    private init(url: String, log: Log, task: Task<Void, any Error>) {
        self.url = url
        self.log = log
        self.task = task
    }

    /// Starts listening; `failFirst` deliveries get a 500; `signatureHeader` is recorded as `signature`.
    public static func start(failFirst: Int = 0, signatureHeader: String = "Wooshpay-Signature") async throws -> WebhookReceiver {
        let log = Log(failFirst: failFirst)
        let router = Router()
        router.post("/webhooks") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let signature = request.headers[HTTPFields.Element.Name(signatureHeader)!]
            let headers = Dictionary(request.headers.map { ($0.name.canonicalName, $0.value) }) { first, _ in first }
            let status = await log.record(body: Array(buffer.readableBytesView), signature: signature, headers: headers)
            return Response(status: .init(code: status))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "webhook-receiver")
        // Stopping by cancellation makes Hummingbird log an error; it is expected here.
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        // Owned by the receiver and cancelled (then awaited) in `shutdown()`.
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw CancellationError()
        }
        return WebhookReceiver(url: "http://127.0.0.1:\(port)/webhooks", log: log, task: task)
    }

    /// Runs `body` with a fresh receiver and always shuts it down.
    public static func with(
        failFirst: Int = 0, signatureHeader: String = "Wooshpay-Signature",
        _ body: (WebhookReceiver) async throws -> Void
    ) async throws {
        let receiver = try await start(failFirst: failFirst, signatureHeader: signatureHeader)
        do {
            try await body(receiver)
        } catch {
            await receiver.shutdown()
            throw error
        }
        await receiver.shutdown()
    }

    /// Everything received so far.
    public func received() async -> [ReceivedWebhook] { await log.items }

    /// While on, every delivery gets a 500.
    public func setFailing(_ on: Bool) async { await log.setFailing(on) }

    /// Waits (bounded) until at least `count` deliveries arrived.
    public func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async -> [ReceivedWebhook] {
        _ = await eventually(timeout: timeout) { await log.items.count >= count }
        return await log.items
    }

    /// Stops the server.
    public func shutdown() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
