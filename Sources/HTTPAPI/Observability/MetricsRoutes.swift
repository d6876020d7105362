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

    private let render: Render

    /// Creates the route over `render`.
    public init(render: @escaping Render) { self.render = render }

    /// Registers the route.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/metrics") { _, _ -> Response in
            let body = await render()
            return Response(status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
