import HTTPTypes
import Hummingbird

/// `GET /metrics`: the Prometheus text exposition of this process, produced by the
/// composition root (the registry, plus the gauges it reads from the database and the
/// pool at each scrape); this module only serves it.
public struct MetricsRoutes: Sendable {
    /// Produces the exposition (text format 0.0.4).
    public typealias Render = @Sendable () async -> [UInt8]

    /// Prometheus' text format media type.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Whether a scrape's `Authorization` header may read the metrics.
    public typealias Authorize = @Sendable (_ authorization: String?) -> Bool

    private let render: Render
    private let authorize: Authorize?

    /// Creates the route over `render`; with `authorize` (`METRICS_TOKEN` is set) a scrape
    /// it refuses is 401 and renders nothing.
    public init(authorize: Authorize? = nil, render: @escaping Render) {
        self.render = render
        self.authorize = authorize
    }

    /// Registers the route.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let authorize = authorize
        router.get("/metrics") { request, _ -> Response in
            if let authorize, !authorize(request.headers[.authorization]) {
                throw APIError(
                    type: "authentication_error", code: .invalidMetricsToken,
                    message: "Send the METRICS_TOKEN as 'Authorization: Bearer <token>'.")
            }
            let body = await render()
            return Response(
                status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
