import HTTPTypes
import Hummingbird
import Metrics
import Synchronization

/// Counts every request and records its latency by method, route pattern and status:
/// `merchant_http_requests_total{method,route,status}` and the
/// `merchant_http_request_duration_seconds` histogram with the same labels.
///
/// The route is the matched pattern (`/v1/orders/{id}`), never the raw path, so ids never
/// become label values; requests no route matched are `route="unmatched"`. Latency is the
/// time until the response head is ready (an event stream counts when it opens, not when
/// it ends). Installed outermost, so it sees every answer: CORS preflights, replayed
/// Idempotency-Key answers, errors rendered further in; a thrown error counts with its
/// HTTP status (500 when it has none).
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let cache: HTTPMetricsCache

    /// Creates the middleware recording into `factory` (the process's registry in
    /// production, a test's own in tests).
    public init(factory: any MetricsFactory) {
        self.cache = HTTPMetricsCache(factory: factory)
    }

    /// Times the request and records it.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            cache.record(method: request.method, route: context.endpointPath, status: response.status.code, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            cache.record(method: request.method, route: context.endpointPath, status: status, since: started)
            throw error
        }
    }
}

/// The families the middleware records.
public enum HTTPMetricNames {
    /// Request counter family.
    public static let requests = "merchant_http_requests_total"
    /// Latency histogram family (a swift-metrics Timer).
    public static let duration = "merchant_http_request_duration_seconds"
}

/// The counter and timer of each (method, route, status) seen, created once: a request
/// costs one dictionary lookup under a lock instead of the factory's own lookup and two
/// allocations.
final class HTTPMetricsCache: Sendable {
    struct Key: Hashable {
        let method: HTTPRequest.Method
        let route: String
        let status: Int
    }

    struct Handlers: Sendable {
        let requests: Counter
        let duration: Timer
    }

    let factory: any MetricsFactory
    let handlers = Mutex<[Key: Handlers]>([:])

    init(factory: any MetricsFactory) { self.factory = factory }

    func record(method: HTTPRequest.Method, route: String?, status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let key = Key(method: Self.knownMethods.contains(method) ? method : .init("OTHER")!, route: Self.routeLabel(route), status: status)
        let found = handlers.withLock { handlers in
            if let found = handlers[key] { return found }
            let dimensions = [("method", key.method.rawValue), ("route", key.route), ("status", String(key.status))]
            let made = Handlers(
                requests: Counter(label: HTTPMetricNames.requests, dimensions: dimensions, factory: factory),
                duration: Timer(label: HTTPMetricNames.duration, dimensions: dimensions, factory: factory))
            handlers[key] = made
            return made
        }
        found.requests.increment()
        let (seconds, attoseconds) = elapsed.components
        found.duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Methods kept as label values; any other token a client sends is `OTHER`, so it
    /// cannot grow the label set.
    static let knownMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options, .connect, .trace]

    /// The route pattern as a label: Hummingbird's `NotFound` (and no route) is `unmatched`.
    static func routeLabel(_ route: String?) -> String {
        guard let route, !route.isEmpty, route != "NotFound" else { return "unmatched" }
        return route
    }
}
