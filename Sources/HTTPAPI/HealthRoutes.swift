import Hummingbird

/// The state of one dependency the service needs in order to serve traffic.
public struct DependencyCheck: Sendable {
    /// Name shown in the readiness body (`database`).
    public var name: String
    /// `ok` when the dependency answers as needed, within the probe's own deadline; else
    /// a short public word on what is wrong (`unavailable`, `no writable primary`).
    public var probe: @Sendable () async -> String

    /// Creates a check answering `ok` or `unavailable`.
    public init(name: String, probe: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.probe = { await probe() ? "ok" : "unavailable" }
    }

    /// Creates a check that names what is wrong.
    public init(name: String, status: @escaping @Sendable () async -> String) {
        self.name = name
        self.probe = status
    }
}

/// `GET /health/live` (the process answers) and `GET /health/ready` (its dependencies
/// answer too: 200, or 503 naming what is down, never the reason's internals).
public struct HealthRoutes: Sendable {
    private let checks: [DependencyCheck]

    /// Creates the routes over `checks`.
    public init(checks: [DependencyCheck]) { self.checks = checks }

    /// Registers the routes.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/health/live") { _, _ in
            JSONBody(["status": "ok"])
        }
        router.get("/health/ready") { _, _ -> Response in
            var results = [String: String]()
            for check in checks { results[check.name] = await check.probe() }
            let ready = results.values.allSatisfy { $0 == "ok" }
            let body = JSONBody(["status": ready ? "ready" : "unavailable"], nested: ["checks": results])
            return body.response(status: ready ? .ok : .serviceUnavailable)
        }
    }
}
