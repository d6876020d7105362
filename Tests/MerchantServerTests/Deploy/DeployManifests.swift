import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox
import Yams

// MARK: - The files

/// The text of every file in `deploy/` the checks read, by path relative to `deploy/`.
struct Manifests: Sendable {
    var files: [String: String]

    static func load() throws -> Manifests {
        var files = [String: String]()
        for name in ["Dockerfile", "docker-compose.yml", "nginx.conf", "systemd/merchant.service", "systemd/merchant.env.example"]
            + (try Deploy.yamlFiles().filter { $0.hasPrefix("k8s/") })
        {
            files[name] = try Deploy.read(name)
        }
        return Manifests(files: files)
    }

    func text(_ name: String) -> String { files[name] ?? "" }

    var kubernetesFiles: [String] { files.keys.filter { $0.hasPrefix("k8s/") }.sorted() }

    /// Replaces the first occurrence; false when `find` is absent.
    mutating func replace(in name: String, _ find: String, with replacement: String) -> Bool {
        guard let text = files[name], let range = text.range(of: find) else { return false }
        files[name] = text.replacingCharacters(in: range, with: replacement)
        return true
    }
}

// MARK: - What the code says

/// Facts about the service taken from the code, not from the manifests.
struct ServiceFacts: Sendable {
    /// `ServerConfiguration.keys`.
    var keys: Set<String>
    /// Paths of GET and POST routes the application registers.
    var getRoutes: Set<String>
    var postRoutes: Set<String>
    /// Paths `HealthRoutes` registers that answer 200 with the database unreachable
    /// (liveness) and 503 (readiness), as served by the real application.
    var livenessPaths: Set<String>
    var readinessPaths: Set<String>
    /// `merchant` subcommand names (from Sources/MerchantCommand).
    var subcommands: Set<String>
    /// Executable products of Package.swift.
    var products: Set<String>
    /// Debian packages the system-library targets name (`.apt([...])` in Package.swift).
    var buildPackages: Set<String>
    /// Resource bundle folder names (`<package>_<target>.resources`).
    var resourceBundles: Set<String>
    /// The sandbox's built-in keys when no flag is given.
    var sandboxDefaults: [String: String]

    var healthPaths: Set<String> { livenessPaths.union(readinessPaths) }

    /// Derived once for the whole suite.
    static let shared = Task { try await derive() }

    static func derive() async throws -> ServiceFacts {
        // The real router over a pool whose database is unreachable (the health check's answer
        // is what tells liveness from readiness).
        let pool = PostgresPool(
            configuration: .init(connectionString: "host=127.0.0.1 port=1 connect_timeout=1", size: 1),
            logger: TestDatabase.logger)
        defer { pool.close() }
        let router = buildRouter(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
        let routes = router.routes.map { ($0.method.rawValue, $0.path.description) }
        let getRoutes = Set(routes.filter { $0.0 == "GET" }.map(\.1))
        let postRoutes = Set(routes.filter { $0.0 == "POST" }.map(\.1))

        let healthRouter = Router(context: BasicRequestContext.self)
        HealthRoutes(checks: []).register(on: healthRouter)
        let healthPaths = Set(healthRouter.routes.map(\.path.description))
        let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
        let (live, ready) = try await app.test(.router) { client in
            var live = Set<String>()
            var ready = Set<String>()
            for path in healthPaths.sorted() {
                let status = try await client.execute(uri: path, method: .get) { $0.status }
                if status == .ok { live.insert(path) }
                if status == .serviceUnavailable { ready.insert(path) }
            }
            return (live, ready)
        }

        let package = try String(contentsOf: Deploy.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let packageName = Deploy.matches(#"Package\(\s*name:\s*"([^"]+)""#, in: package).first ?? ""
        var bundles = Set<String>()
        for chunk in package.components(separatedBy: ".target(").dropFirst() where chunk.contains("resources:") {
            let body = chunk.components(separatedBy: ".testTarget(").first ?? chunk
            guard body.contains("resources:"), let name = Deploy.matches(#"name:\s*"([^"]+)""#, in: body).first else { continue }
            bundles.insert("\(packageName)_\(name).resources")
        }
        let apt = Deploy.matches(#"\.apt\(\[([^\]]*)\]\)"#, in: package)
            .flatMap { Deploy.matches(#""([^"]+)""#, in: $0) }
        let products = Deploy.matches(#"\.executable\(name:\s*"([^"]+)""#, in: package)

        let command = try String(contentsOf: Deploy.root.appendingPathComponent("Sources/MerchantCommand/Merchant.swift"), encoding: .utf8)
        let types =
            Deploy.matches(#"subcommands:\s*\[([^\]]*)\]"#, in: command).first?
            .components(separatedBy: ",").map { $0.replacingOccurrences(of: ".self", with: "").trimmingCharacters(in: .whitespacesAndNewlines) } ?? []
        let subcommands = Set(types.filter { !$0.isEmpty }.map(Deploy.kebabCase))

        let sandbox = SandboxConfiguration()
        return ServiceFacts(
            keys: Set(ServerConfiguration.keys), getRoutes: getRoutes, postRoutes: postRoutes,
            livenessPaths: live, readinessPaths: ready, subcommands: subcommands, products: Set(products),
            buildPackages: Set(apt), resourceBundles: bundles,
            sandboxDefaults: [
                "--secret-key": sandbox.secretKey, "--publishable-key": sandbox.publishableKey,
                "--webhook-secret": sandbox.webhookSecret, "--port": String(sandbox.port), "--host": sandbox.host,
            ])
    }
}
