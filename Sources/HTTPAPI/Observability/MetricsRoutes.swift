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
    private let token: String?

    /// Creates the route over `render`; with a `token` (`METRICS_TOKEN`) a scrape must send
    /// `Authorization: Bearer <token>`, anything else is 401 and renders nothing.
    public init(token: String? = nil, render: @escaping Render) {
        self.render = render
        self.token = token
    }

    /// Registers the route.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let token = token
        router.get("/metrics") { request, _ -> Response in
            if let token, !Self.presents(token, request.headers[.authorization]) {
                throw APIError(status: .unauthorized, type: "authentication_error", code: "invalid_metrics_token",
                               message: "Send the METRICS_TOKEN as 'Authorization: Bearer <token>'.")
            }
            let body = await render()
            return Response(status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    /// Whether `header` is `Bearer <token>`, compared in time independent of where it differs.
    static func presents(_ token: String, _ header: String?) -> Bool {
        let expected = Array("Bearer \(token)".utf8), given = Array((header ?? "").utf8)
        var diff = UInt8(expected.count == given.count ? 0 : 1)
        for i in 0..<expected.count { diff |= expected[i] ^ (i < given.count ? given[i] : 0) }
        return diff == 0
    }
}
