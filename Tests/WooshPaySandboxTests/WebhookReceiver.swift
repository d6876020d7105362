import Foundation
import Hummingbird
import Logging

/// One POST the receiver got.
struct ReceivedWebhook: Sendable {
    let body: [UInt8]
    let signature: String?
    let answeredStatus: Int
}

/// A tiny merchant webhook endpoint (a Hummingbird app on a free loopback port) that
/// records every delivery and answers 500 to the first `failFirst` of them.
final class WebhookReceiver: Sendable {
    private actor Log {
        var items: [ReceivedWebhook] = []
        var failuresLeft: Int
        init(failFirst: Int) { failuresLeft = failFirst }

        func record(body: [UInt8], signature: String?) -> Int {
            let status = failuresLeft > 0 ? 500 : 200
            if failuresLeft > 0 { failuresLeft -= 1 }
            items.append(ReceivedWebhook(body: body, signature: signature, answeredStatus: status))
            return status
        }
    }

    let url: String
    private let log: Log
    private let task: Task<Void, any Error>

    private init(url: String, log: Log, task: Task<Void, any Error>) {
        self.url = url
        self.log = log
        self.task = task
    }

    /// Starts listening; `failFirst` deliveries get a 500.
    static func start(failFirst: Int = 0) async throws -> WebhookReceiver {
        let log = Log(failFirst: failFirst)
        let router = Router()
        router.post("/webhooks") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let signature = request.headers[HTTPFields.Element.Name("Wooshpay-Signature")!]
            let status = await log.record(body: Array(buffer.readableBytesView), signature: signature)
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
    static func with(failFirst: Int = 0, _ body: (WebhookReceiver) async throws -> Void) async throws {
        let receiver = try await start(failFirst: failFirst)
        do {
            try await body(receiver)
        } catch {
            await receiver.shutdown()
            throw error
        }
        await receiver.shutdown()
    }

    /// Everything received so far.
    func received() async -> [ReceivedWebhook] { await log.items }

    /// Waits (bounded) until at least `count` deliveries arrived.
    func waitFor(_ count: Int, timeout: Duration = .seconds(10)) async -> [ReceivedWebhook] {
        _ = await eventually(timeout: timeout) { await log.items.count >= count }
        return await log.items
    }

    /// Stops the server.
    func shutdown() async {
        task.cancel()
        _ = try? await task.value
    }
}
