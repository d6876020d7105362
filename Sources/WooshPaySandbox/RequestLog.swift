import Hummingbird
import ServiceLifecycle

/// The `/v1` requests the sandbox answered, each with when it began and ended, so that a
/// test can see what its clients did, and when: for instance that two replicas never
/// retrieved one payment intent at the same time. `GET /_sandbox/requests` reads it;
/// `POST /_sandbox/reset` clears it. Holds the latest `capacity` requests.
actor RequestLog {
    /// One answered request.
    struct Entry: Sendable {
        /// `GET`, `POST`, ...
        var method: String
        /// The path without the query string, e.g. `/v1/payment_intents/pi_1`.
        var path: String
        /// HTTP status of the answer (0 when the handler threw).
        var status: Int
        /// Epoch milliseconds when the request reached the sandbox.
        var startedAt: Int64
        /// Epoch milliseconds when its answer was ready (faults included).
        var endedAt: Int64
    }

    /// How many entries are kept; older ones are dropped.
    let capacity: Int
    private var entries: [Entry] = []

    /// An empty log keeping the latest `capacity` requests.
    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// Appends `entry`, dropping the oldest when full.
    func append(_ entry: Entry) {
        if entries.count >= capacity { entries.removeFirst(entries.count - capacity + 1) }
        entries.append(entry)
    }

    /// Forgets everything.
    func reset() { entries.removeAll() }

    /// The JSON shape of `GET /_sandbox/requests`: `{"data": [...]}`, oldest first.
    func json() -> JSONValue {
        .object([
            "data": .array(
                entries.map { entry in
                    [
                        "method": .string(entry.method), "path": .string(entry.path), "status": .int(Int64(entry.status)),
                        "started_at_ms": .int(entry.startedAt), "ended_at_ms": .int(entry.endedAt),
                    ]
                })
        ])
    }
}

/// Records every `/v1` request in the `RequestLog`, from its arrival to its answer
/// (so the span includes injected latency and holds).
struct RequestLogMiddleware: RouterMiddleware {
    /// The sandbox context.
    typealias Context = SandboxRequestContext
    /// Where requests are recorded.
    let log: RequestLog

    /// Runs the request and records it.
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1/") else { return try await next(request, context) }
        let started = SandboxState.currentMilliseconds()
        do {
            let response = try await next(request, context)
            await log.append(
                .init(
                    method: request.method.rawValue, path: request.uri.path, status: response.status.code,
                    startedAt: started, endedAt: SandboxState.currentMilliseconds()))
            return response
        } catch {
            await log.append(
                .init(
                    method: request.method.rawValue, path: request.uri.path, status: 0,
                    startedAt: started, endedAt: SandboxState.currentMilliseconds()))
            throw error
        }
    }
}
