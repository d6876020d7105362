import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPAPI
import MerchantServer
import PostgresStore
import Testing
import TestSupport
import WooshPaySandbox
import Yams

/// `deploy/` agrees with the code: every manifest parses; every environment key given to the
/// service is one `ServerConfiguration` reads and the configuration it makes is valid (for
/// `serve`: the WooshPay keys too); container ports are `HTTP_PORT`; probe paths are the
/// health routes, liveness one that answers with the database down and readiness one that
/// does not; image names agree between the Dockerfile's targets, compose and Kubernetes;
/// the runtime image installs the shared libraries and runs as non-root.
///
/// Every check returns its problems as lines; the tests expect none, and
/// `aBrokenManifestIsCaught` breaks one thing at a time and expects the line naming it.
@Suite struct DeployManifestTests {
    @Test func everyYAMLFileParsesAndIsChecked() throws {
        let files = try Deploy.yamlFiles()
        #expect(files.contains("docker-compose.yml"))
        #expect(files.contains("k8s/deployment.yaml"))
        for file in files {
            let documents = try Deploy.documents(Deploy.read(file))
            #expect(!documents.isEmpty, "\(file) has no document")
        }
        // A new manifest must be covered by a check below.
        let checked = files.filter { $0 == "docker-compose.yml" || $0.hasPrefix("k8s/") }
        #expect(files.filter { !checked.contains($0) } == [], "YAML in deploy/ that no check reads")
        #expect(try Deploy.documents(Deploy.read("k8s/deployment.yaml")).count == 2, "Deployment and PodDisruptionBudget")
    }

    @Test func theKeyListIsWhatTheConfigurationReads() throws {
        let listed = Set(ServerConfiguration.keys)
        #expect(listed.count == ServerConfiguration.keys.count, "a key listed twice")
        #expect(listed.isSuperset(of: ["DATABASE_URL", "HTTP_HOST", "HTTP_PORT", "MIGRATIONS_DIR",
                                       "WOOSHPAY_SECRET_KEY", "WOOSHPAY_PUBLISHABLE_KEY", "WOOSHPAY_WEBHOOK_SECRET"]))
        // Read in the code: every key literal the configuration (and anything else) reads.
        let read = try Deploy.keysReadInSources()
        #expect(read.subtracting(listed).sorted() == [], "read by the code but missing from ServerConfiguration.keys")
        #expect(listed.subtracting(read).sorted() == [], "listed but never read by name in the sources")
        // And by behaviour: each listed key changes the configuration, or is refused by name.
        #expect(Deploy.keysWithoutEffect(listed).sorted() == [], "listed, but setting it changes nothing")
        #expect(Deploy.keysWithoutEffect(["HTTP_PROT", "WOOSHPAY_SECRET"]) == ["HTTP_PROT", "WOOSHPAY_SECRET"])
    }

    /// Each family of files agrees with the code and with the others.
    @Test(arguments: Deploy.Check.allCases)
    func theManifestsAgreeWithTheService(_ check: Deploy.Check) async throws {
        let facts = try await ServiceFacts.shared.value
        let found = check.problems(try Manifests.load(), facts)
        #expect(found == [], "\(found)")
    }

    @Test func theHealthRoutesAreWhatTheProbesAssume() async throws {
        let facts = try await ServiceFacts.shared.value
        #expect(facts.livenessPaths == ["/health/live"])
        #expect(facts.readinessPaths == ["/health/ready"])
        #expect(facts.getRoutes.isSuperset(of: facts.livenessPaths.union(facts.readinessPaths)))
        #expect(facts.postRoutes.contains("/webhooks/wooshpay"))
    }

    /// The checks can fail: one defect at a time, each named by the problem it must produce.
    @Test(arguments: Mutation.all)
    func aBrokenManifestIsCaught(_ mutation: Mutation) async throws {
        let facts = try await ServiceFacts.shared.value
        let original = try Manifests.load()
        var broken = original
        let applied = broken.replace(in: mutation.file, mutation.find, with: mutation.replacement)
        #expect(applied, "\(mutation.file) no longer contains \(mutation.find)")
        // The defect adds the line naming it (the files as they are are checked above).
        #expect(!Deploy.allProblems(original, facts).contains { $0.contains(mutation.expected) })
        let problems = Deploy.allProblems(broken, facts)
        #expect(problems.contains { $0.contains(mutation.expected) }, "\(mutation.name): \(problems)")
    }

    /// `DATABASE_URL` reaches libpq unchanged: a multi-host URL whose first host is down
    /// connects to the second, and `target_session_attrs` is honoured (a primary refuses
    /// `read-only`), through the service's own pool and start-up check.
    @Test func aMultiHostDatabaseURLReachesLibpqUnchanged() async throws {
        let env = ProcessInfo.processInfo.environment
        let host = env["PGHOST"] ?? "127.0.0.1"
        let port = env["PGPORT"] ?? "5432"
        let user = env["PGUSER"].map { $0 + "@" } ?? ""
        let database = env["PGDATABASE"] ?? "postgres"
        let encodedHost = host.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ".-_"))) ?? host
        func url(_ attrs: String) -> String {
            // connect_timeout too: a loaded test machine can take longer than the pool's 5 s.
            "postgresql://\(user)127.0.0.1:1,\(encodedHost):\(port)/\(database)?target_session_attrs=\(attrs)&application_name=deploy-test&connect_timeout=30"
        }
        let readWrite = try ServerConfiguration(environment: ["DATABASE_URL": url("read-write")])
        #expect(readWrite.databaseURL == url("read-write"))
        let pool = Server.makePool(readWrite, logger: TestDatabase.logger)
        defer { pool.close() }
        try await Server.checkDatabase(pool)
        let inRecovery = try await pool.withConnection { try $0.query("SELECT pg_is_in_recovery() AS r").first?.raw("r") }
        #expect(inRecovery == "f")
        let name = try await pool.withConnection { try $0.query("SELECT current_setting('application_name') AS a").first?.raw("a") }
        #expect(name == "deploy-test")

        // Read-only wanted: libpq reaches the second host too and refuses it for being a primary.
        let readOnly = Server.makePool(try ServerConfiguration(environment: ["DATABASE_URL": url("read-only")]), logger: TestDatabase.logger)
        defer { readOnly.close() }
        do {
            try await readOnly.withConnection { try $0.query("SELECT 1") }
            Issue.record("target_session_attrs=read-only connected to a primary")
        } catch PostgresError.connectionFailed(let message) {
            #expect(message.contains("port \(port)"), "the second host was not tried: \(message)")
        }
        await #expect(throws: Server.StartupError.self) { try await Server.checkDatabase(readOnly) }
    }
}

// MARK: - Mutations (proof that the checks can fail)

/// One deliberate defect in one file and the text its problem line must contain.
struct Mutation: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    var find: String
    var replacement: String
    var expected: String
    var testDescription: String { name }

    static let all: [Mutation] = [
        .init(name: "unknown key in the ConfigMap", file: "k8s/configmap.yaml",
              find: "  LOG_LEVEL: info\n", replacement: "  LOG_LEVEL: info\n  LOG_COLOUR: always\n", expected: "LOG_COLOUR"),
        .init(name: "unquoted number in the ConfigMap", file: "k8s/configmap.yaml",
              find: "HTTP_PORT: \"8080\"", replacement: "HTTP_PORT: 8080", expected: "not a string"),
        .init(name: "secret without the webhook secret", file: "k8s/secret.example.yaml",
              find: "  WOOSHPAY_WEBHOOK_SECRET: whsec_REPLACE_ME\n", replacement: "", expected: "WOOSHPAY_WEBHOOK_SECRET is required"),
        .init(name: "invalid value in the Secret", file: "k8s/secret.example.yaml",
              find: "WOOSHPAY_SECRET_KEY: sk_test_REPLACE_ME", replacement: "WOOSHPAY_SECRET_KEY: REPLACE_ME", expected: "WOOSHPAY_SECRET_KEY must be"),
        .init(name: "readiness probe on a route that does not exist", file: "k8s/deployment.yaml",
              find: "path: /health/ready", replacement: "path: /healthz", expected: "/healthz"),
        .init(name: "liveness probe on readiness", file: "k8s/deployment.yaml",
              find: "path: /health/live\n              port: http\n            initialDelaySeconds",
              replacement: "path: /health/ready\n              port: http\n            initialDelaySeconds", expected: "livenessProbe"),
        .init(name: "init container that serves", file: "k8s/deployment.yaml",
              find: "args: [\"migrate\"]", replacement: "args: [\"serve\"]", expected: "an init container running serve"),
        .init(name: "container port other than HTTP_PORT", file: "k8s/deployment.yaml",
              find: "containerPort: 8080", replacement: "containerPort: 8081", expected: "containerPort 8081"),
        .init(name: "Kubernetes image other than the compose image", file: "k8s/deployment.yaml",
              find: "image: merchant-backend/merchant:0.1.0", replacement: "image: merchant-backend/merchant:0.2.0", expected: "merchant:0.2.0"),
        .init(name: "Secret name the Deployment cannot find", file: "k8s/deployment.yaml",
              find: "name: merchant-secrets", replacement: "name: merchant-secret", expected: "merchant-secret"),
        .init(name: "Service port that names no container port", file: "k8s/service.yaml",
              find: "targetPort: http", replacement: "targetPort: web", expected: "targetPort"),
        .init(name: "HPA on a missing Deployment", file: "k8s/hpa.yaml",
              find: "    name: merchant\n  minReplicas", replacement: "    name: merchants\n  minReplicas", expected: "merchants"),
        .init(name: "manifest left out of kustomization", file: "k8s/kustomization.yaml",
              find: "  - hpa.yaml\n", replacement: "", expected: "hpa.yaml"),
        .init(name: "compose replica on another port", file: "docker-compose.yml",
              find: "HTTP_PORT: \"8080\"", replacement: "HTTP_PORT: \"9090\"", expected: "9090"),
        .init(name: "compose key the service does not read", file: "docker-compose.yml",
              find: "    LOG_LEVEL: info\n", replacement: "    LOG_LEVEL: info\n    WOOSHPAY_API_KEY: sk_test_x\n", expected: "WOOSHPAY_API_KEY"),
        .init(name: "compose image not named after its target", file: "docker-compose.yml",
              find: "image: merchant-backend/wooshpay-sandbox:0.1.0", replacement: "image: merchant-backend/sandbox:0.1.0", expected: "sandbox:0.1.0"),
        .init(name: "compose sandbox with other keys than the service", file: "docker-compose.yml",
              find: "      - --webhook-secret\n      - whsec_sandbox", replacement: "      - --webhook-secret\n      - whsec_other", expected: "--webhook-secret"),
        .init(name: "compose health check on a missing route", file: "docker-compose.yml",
              find: "http://127.0.0.1:8080/health/ready", replacement: "http://127.0.0.1:8080/ready", expected: "/ready"),
        .init(name: "chaos switch in a deployment", file: "docker-compose.yml",
              find: "    LOG_LEVEL: info\n", replacement: "    LOG_LEVEL: info\n    CHAOS_BREAK: gateway_new_key_on_retry\n", expected: "CHAOS_BREAK"),
        .init(name: "proxy upstream on the wrong port", file: "nginx.conf",
              find: "server merchant-2:8080", replacement: "server merchant-2:8081", expected: "merchant-2:8081"),
        .init(name: "proxy missing a replica", file: "nginx.conf",
              find: "        server merchant-2:8080 resolve max_fails=2 fail_timeout=5s;\n", replacement: "", expected: "merchant-2"),
        .init(name: "runtime image without libpq5", file: "Dockerfile",
              find: "install -y -q --no-install-recommends libpq5 ", replacement: "install -y -q --no-install-recommends ", expected: "libpq5"),
        .init(name: "runtime image running as root", file: "Dockerfile",
              find: "EXPOSE 8080\nUSER 10001:10001", replacement: "EXPOSE 8080\nUSER root", expected: "root"),
        .init(name: "build without the static Swift runtime", file: "Dockerfile",
              find: "swift build -c release --static-swift-stdlib --product merchant", replacement: "swift build -c release --product merchant",
              expected: "--static-swift-stdlib"),
        .init(name: "migrations copied elsewhere than MIGRATIONS_DIR", file: "Dockerfile",
              find: "COPY migrations /app/migrations", replacement: "COPY migrations /srv/migrations", expected: "MIGRATIONS_DIR"),
        .init(name: "resource bundle not copied", file: "Dockerfile",
              find: " && cp -R \"$bin/merchant-backend_HTTPAPI.resources\" /staging/merchant/ \\\n", replacement: "",
              expected: "merchant-backend_HTTPAPI.resources"),
        .init(name: "build image not Swift 6 on bookworm", file: "Dockerfile",
              find: "ARG SWIFT_IMAGE=swift:6.3-bookworm", replacement: "ARG SWIFT_IMAGE=swift:5.10-jammy", expected: "swift:5.10-jammy"),
        .init(name: "systemd environment with a misspelt key", file: "systemd/merchant.env.example",
              find: "LOG_LEVEL=info", replacement: "LOGLEVEL=info", expected: "LOGLEVEL"),
        .init(name: "systemd unit running as root", file: "systemd/merchant.service",
              find: "User=merchant", replacement: "User=root", expected: "User"),
        .init(name: "systemd unit reading another environment file", file: "systemd/merchant.service",
              find: "EnvironmentFile=/etc/merchant/merchant.env", replacement: "EnvironmentFile=/etc/merchant/env", expected: "EnvironmentFile"),
    ]
}

// MARK: - The files

/// The text of every file in `deploy/` the checks read, by path relative to `deploy/`.
struct Manifests: Sendable {
    var files: [String: String]

    static func load() throws -> Manifests {
        var files = [String: String]()
        for name in ["Dockerfile", "docker-compose.yml", "nginx.conf", "systemd/merchant.service", "systemd/merchant.env.example"]
            + (try Deploy.yamlFiles().filter { $0.hasPrefix("k8s/") }) {
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
        let pool = PostgresPool(configuration: .init(connectionString: "host=127.0.0.1 port=1 connect_timeout=1", size: 1),
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
            var live = Set<String>(), ready = Set<String>()
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
        let types = Deploy.matches(#"subcommands:\s*\[([^\]]*)\]"#, in: command).first?
            .components(separatedBy: ",").map { $0.replacingOccurrences(of: ".self", with: "").trimmingCharacters(in: .whitespacesAndNewlines) } ?? []
        let subcommands = Set(types.filter { !$0.isEmpty }.map(Deploy.kebabCase))

        let sandbox = SandboxConfiguration()
        return ServiceFacts(
            keys: Set(ServerConfiguration.keys), getRoutes: getRoutes, postRoutes: postRoutes,
            livenessPaths: live, readinessPaths: ready, subcommands: subcommands, products: Set(products),
            buildPackages: Set(apt), resourceBundles: bundles,
            sandboxDefaults: ["--secret-key": sandbox.secretKey, "--publishable-key": sandbox.publishableKey,
                              "--webhook-secret": sandbox.webhookSecret, "--port": String(sandbox.port), "--host": sandbox.host])
    }
}

// MARK: - Checks

enum Deploy {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var deployDirectory: URL { root.appendingPathComponent("deploy") }

    /// Shared libraries the runtime image needs: libpq, libcurl and OpenSSL (linked shared),
    /// and CA certificates for TLS to WooshPay and PostgreSQL.
    static let runtimePackages: Set<String> = ["libpq5", "libcurl4", "libssl3", "ca-certificates"]
    /// Environment read by the Swift runtime rather than by the service.
    static let runtimeEnvironment: Set<String> = ["SWIFT_BACKTRACE"]

    static func read(_ name: String) throws -> String {
        try String(contentsOf: deployDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every `.yml`/`.yaml` under deploy/, relative.
    static func yamlFiles() throws -> [String] {
        let base = deployDirectory.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: base)
        var out = [String]()
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") { out.append(path) }
        }
        return out.sorted()
    }

    /// Every document of a (multi-document) YAML text, each a mapping.
    static func documents(_ text: String) throws -> [[String: Any]] {
        var sequence = try Yams.load_all(yaml: text)
        var out = [[String: Any]]()
        while let document = sequence.next() {
            guard let mapping = document as? [String: Any] else {
                throw DeployError("a YAML document is not a mapping: \(type(of: document))")
            }
            out.append(mapping)
        }
        if let error = sequence.error { throw error }
        return out
    }

    struct DeployError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap {
            $0.numberOfRanges > 1 && $0.range(at: 1).location != NSNotFound ? ns.substring(with: $0.range(at: 1)) : nil
        }
    }

    /// `BenchTick` -> `bench-tick`, as ArgumentParser names a command.
    static func kebabCase(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase, i > 0 { out += "-" }
            out += c.lowercased()
        }
        return out
    }

    /// A YAML scalar as the string a process would see.
    static func scalar(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let b as Bool: b ? "true" : "false"
        case let i as Int: String(i)
        case let d as Double: String(d)
        default: nil
        }
    }

    // MARK: Keys the code reads

    /// Key names the sources read: `value("KEY")` in the configuration, and any
    /// `environment["KEY"]` or `getenv("KEY")` outside the sandbox.
    static func keysReadInSources() throws -> Set<String> {
        let sources = root.appendingPathComponent("Sources")
        var keys = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.hasPrefix("WooshPaySandbox/"), !path.hasPrefix("SandboxCommand/") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            if path.hasPrefix("MerchantServer/ServerConfiguration") {
                keys.formUnion(matches(#"value\("([A-Z][A-Z0-9_]*)"\)"#, in: text))
            }
            keys.formUnion(matches(#"environment\["([A-Z][A-Z0-9_]*)"\]"#, in: text))
            keys.formUnion(matches(#"getenv\("([A-Z][A-Z0-9_]*)"\)"#, in: text))
        }
        return keys
    }

    /// Keys of `keys` that neither change the configuration nor are refused by name, for
    /// any of a few values: keys the configuration does not actually read.
    static func keysWithoutEffect(_ keys: Set<String>) -> Set<String> {
        let base = ["PGDATABASE": "merchant"]
        func dumped(_ environment: [String: String]) -> String? {
            guard let configuration = try? ServerConfiguration(environment: environment) else { return nil }
            var out = ""
            dump(configuration, to: &out)
            return out
        }
        guard let reference = dumped(base) else { return keys }
        let candidates = ["x", "https://example.com/x", "7", "true", "false", "1h", "manual", "USD", "card", "gateway_new_key_on_retry"]
        return keys.filter { key in
            !candidates.contains { value in
                let environment = base.merging([key: value]) { $1 }
                do throws(ServerConfiguration.Invalid) {
                    let configuration = try ServerConfiguration(environment: environment)
                    var out = ""
                    dump(configuration, to: &out)
                    return out != reference
                } catch {
                    return error.problems.contains { $0.hasPrefix(key + " ") }
                }
            }
        }
    }

    /// The environment as an operator fills in the template: each `REPLACE_ME` value becomes
    /// a value of its kind (keys keep their prefix, the notification secret gets 64 hex).
    static func filledIn(_ environment: [String: String]) -> [String: String] {
        environment.mapValues { value in
            guard value.contains("REPLACE_ME") else { return value }
            let prefix = ["sk_test_", "pk_test_", "sk_live_", "pk_live_", "whsec_"].first { value.hasPrefix($0) } ?? ""
            return prefix + String(repeating: "9f", count: 32)
        }
    }

    /// Problems with an environment given to `merchant <subcommand>`.
    static func environmentProblems(_ where_: String, _ environment: [String: String], subcommand: String,
                                    _ facts: ServiceFacts) -> (problems: [String], configuration: ServerConfiguration?) {
        var problems = [String]()
        for key in environment.keys.sorted() where !facts.keys.contains(key) {
            problems.append("\(where_): \(key) is not a key the service reads (ServerConfiguration.keys)")
        }
        if environment["CHAOS_BREAK"] != nil { problems.append("\(where_): CHAOS_BREAK is a test-only switch") }
        if environment["DATABASE_URL"] == nil { problems.append("\(where_): DATABASE_URL is not set") }
        let relevant = environment.filter { facts.keys.contains($0.key) }
        do {
            let configuration = try ServerConfiguration(environment: filledIn(relevant))
            if subcommand == "serve" {
                problems += configuration.problemsForServing().map { "\(where_): \($0)" }
                // As shipped, a template with placeholders must not serve: the guardrails
                // refuse it until an operator fills it in.
                if relevant != filledIn(relevant), let asShipped = try? ServerConfiguration(environment: relevant),
                   asShipped.problemsForServing().isEmpty {
                    problems.append("\(where_): serve would start with the template's placeholders")
                }
            }
            return (problems, configuration)
        } catch {
            return (problems + error.problems.map { "\(where_): \($0)" }, nil)
        }
    }

    /// The checks, one per family of files.
    enum Check: String, CaseIterable, Sendable {
        case dockerfile, compose, kubernetes, systemd

        func problems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
            switch self {
            case .dockerfile: Deploy.dockerfileProblems(m, facts)
            case .compose: Deploy.composeProblems(m, facts)
            case .kubernetes: Deploy.kubernetesProblems(m, facts)
            case .systemd: Deploy.systemdProblems(m, facts)
            }
        }
    }

    static func allProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        Check.allCases.flatMap { $0.problems(m, facts) }
    }
}

// MARK: - Dockerfile

struct Dockerfile {
    struct Instruction { var keyword: String; var arguments: String }
    struct Stage { var name: String; var from: String; var instructions: [Instruction] }

    var stages: [Stage] = []

    init(_ text: String) {
        var args = [String: String]()
        var logical = [String]()
        var current = ""
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && current.isEmpty) { continue }
            if line.hasSuffix("\\") {
                current += String(line.dropLast()) + " "
            } else {
                current += line
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { logical.append(current) }
                current = ""
            }
        }
        for line in logical {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let keyword = parts[0].uppercased()
            let arguments = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if keyword == "FROM" {
                let words = arguments.split(separator: " ").map(String.init).filter { !$0.hasPrefix("--") }
                var image = words.first ?? ""
                for (k, v) in args { image = image.replacingOccurrences(of: "${\(k)}", with: v).replacingOccurrences(of: "$\(k)", with: v) }
                let name = words.count >= 3 && words[1].uppercased() == "AS" ? words[2] : "stage\(stages.count)"
                stages.append(Stage(name: name, from: image, instructions: []))
            } else if stages.isEmpty {
                if keyword == "ARG" {
                    let kv = arguments.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { args[kv[0]] = kv[1] }
                }
            } else {
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments))
            }
        }
    }

    func stage(_ name: String) -> Stage? { stages.first { $0.name == name } }

    /// The stage and the stages it is built on, base first.
    func chain(_ name: String) -> [Stage] {
        guard let stage = stage(name) else { return [] }
        return (self.stage(stage.from) != nil ? chain(stage.from) : []) + [stage]
    }

    /// The base image at the bottom of a stage's chain.
    func baseImage(_ name: String) -> String? { chain(name).first?.from }

    func instructions(_ name: String, _ keyword: String) -> [String] {
        chain(name).flatMap { $0.instructions.filter { $0.keyword == keyword }.map(\.arguments) }
    }

    /// `ENV` of a stage's chain.
    func environment(_ name: String) -> [String: String] {
        var out = [String: String]()
        for line in instructions(name, "ENV") {
            let words = line.split(separator: " ").map(String.init)
            if words.count == 2, !words[0].contains("=") { out[words[0]] = words[1]; continue }
            for word in words {
                let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { out[kv[0]] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        return out
    }

    /// Packages `apt-get install` installs in a stage's chain.
    func aptPackages(_ name: String) -> Set<String> {
        var out = Set<String>()
        for run in instructions(name, "RUN") {
            for segment in run.components(separatedBy: "&&") where segment.contains("apt-get install") {
                let after = segment.components(separatedBy: "install").dropFirst().joined(separator: "install")
                out.formUnion(after.split(separator: " ").map(String.init).filter { !$0.hasPrefix("-") && !$0.isEmpty })
            }
        }
        return out
    }

    /// The user a stage runs as (its chain's last `USER`), nil when never set (root).
    func user(_ name: String) -> String? { instructions(name, "USER").last }

    /// Exec-form JSON array of an instruction.
    static func execForm(_ arguments: String) -> [String]? {
        guard let data = arguments.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String]
    }
}

extension Deploy {
    static func dockerfileProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        let file = Dockerfile(m.text("Dockerfile"))
        var problems = [String]()
        // Build stage: an official Swift 6 image on Debian bookworm, the -dev packages the
        // system-library targets need, a release build with the Swift runtime linked in.
        guard let build = file.stages.first(where: { $0.instructions.contains { $0.keyword == "RUN" && $0.arguments.contains("swift build") } }) else {
            return ["Dockerfile: no stage runs swift build"]
        }
        if !(build.from.hasPrefix("swift:6.") && build.from.hasSuffix("-bookworm")) {
            problems.append("Dockerfile: the build stage is FROM \(build.from), not an official swift:6.x-bookworm image")
        }
        for missing in facts.buildPackages.subtracting(file.aptPackages(build.name)).sorted() {
            problems.append("Dockerfile: the build stage does not install \(missing) (Package.swift's apt provider)")
        }
        let runs = file.instructions(build.name, "RUN").joined(separator: "\n")
        let builds = runs.components(separatedBy: "&&").filter { $0.contains("swift build") && !$0.contains("--show-bin-path") }
        for product in facts.products.sorted() {
            guard let line = builds.first(where: { $0.contains("--product \(product) ") || $0.hasSuffix("--product \(product)") }) else {
                problems.append("Dockerfile: no swift build of the product \(product)")
                continue
            }
            if !line.contains("-c release") { problems.append("Dockerfile: \(product) is not built with -c release") }
            if !line.contains("--static-swift-stdlib") { problems.append("Dockerfile: \(product) is not built with --static-swift-stdlib") }
        }
        for bundle in facts.resourceBundles.sorted() where !runs.contains(bundle) {
            problems.append("Dockerfile: the resource bundle \(bundle) is not copied next to the binary")
        }
        // One target per product, on debian:bookworm-slim with the shared libraries, non-root.
        for product in facts.products.sorted() {
            guard file.stage(product) != nil else { problems.append("Dockerfile: no target named \(product)"); continue }
            let base = file.baseImage(product) ?? ""
            if base != "debian:bookworm-slim" { problems.append("Dockerfile: target \(product) runs on \(base), not debian:bookworm-slim") }
            for missing in runtimePackages.subtracting(file.aptPackages(product)).sorted() {
                problems.append("Dockerfile: target \(product) does not install \(missing)")
            }
            let user = file.user(product)?.split(separator: ":").first.map(String.init)
            if user == nil || user == "root" || user == "0" {
                problems.append("Dockerfile: target \(product) runs as \(user ?? "root (no USER)")")
            }
            let entrypoint = file.instructions(product, "ENTRYPOINT").last.flatMap(Dockerfile.execForm) ?? []
            if entrypoint.first.map({ URL(fileURLWithPath: $0).lastPathComponent }) != product {
                problems.append("Dockerfile: target \(product)'s ENTRYPOINT is not the \(product) binary: \(entrypoint)")
            }
        }
        // The service's target: its environment, migrations where MIGRATIONS_DIR says, the port.
        let merchant = "merchant"
        guard file.stage(merchant) != nil else { return problems }
        let env = file.environment(merchant)
        for key in env.keys.sorted() where !facts.keys.contains(key) && !runtimeEnvironment.contains(key) {
            problems.append("Dockerfile: ENV \(key) is not a key the service reads")
        }
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration(environment: env.filter { facts.keys.contains($0.key) }.merging(["DATABASE_URL": "x"]) { a, _ in a })
        } catch {
            return problems + error.problems.map { "Dockerfile: \($0)" }
        }
        if env["MIGRATIONS_DIR"] == nil { problems.append("Dockerfile: target merchant does not set MIGRATIONS_DIR") }
        let copies = file.instructions(merchant, "COPY").map { $0.split(separator: " ").map(String.init).filter { !$0.hasPrefix("--") } }
        let trimmed = { (s: String) in s.hasSuffix("/") ? String(s.dropLast()) : s }
        if !copies.contains(where: { $0.count == 2 && trimmed($0[0]) == "migrations" && trimmed($0[1]) == configuration.migrationsDirectory }) {
            problems.append("Dockerfile: migrations/ is not copied to MIGRATIONS_DIR (\(configuration.migrationsDirectory))")
        }
        if configuration.httpHost != "0.0.0.0" { problems.append("Dockerfile: HTTP_HOST is \(configuration.httpHost), not 0.0.0.0") }
        let exposed = file.instructions(merchant, "EXPOSE").flatMap { $0.split(separator: " ") }.map { String($0.split(separator: "/")[0]) }
        if exposed != [String(configuration.httpPort)] {
            problems.append("Dockerfile: target merchant exposes \(exposed), not HTTP_PORT \(configuration.httpPort)")
        }
        let entrypointCommand = file.instructions(merchant, "CMD").last.flatMap(Dockerfile.execForm)?.first ?? ""
        if !facts.subcommands.contains(entrypointCommand) { problems.append("Dockerfile: CMD \(entrypointCommand) is not a merchant subcommand") }
        for check in file.instructions(merchant, "HEALTHCHECK") {
            problems += urlProblems("Dockerfile HEALTHCHECK", in: check, port: configuration.httpPort, env: env, paths: facts.readinessPaths)
        }
        return problems
    }

    /// The first http URL in `text` must use `port` (or `${HTTP_PORT}`) and a path in `paths`.
    static func urlProblems(_ where_: String, in text: String, port: Int, env: [String: String], paths: Set<String>) -> [String] {
        guard let url = matches(#"(https?://[^\s"']+)"#, in: text).first else { return ["\(where_): no URL in \(text)"] }
        var resolved = url
        for (k, v) in env { resolved = resolved.replacingOccurrences(of: "${\(k)}", with: v).replacingOccurrences(of: "$\(k)", with: v) }
        guard let components = URLComponents(string: resolved) else { return ["\(where_): cannot read \(url)"] }
        var problems = [String]()
        if components.port != port { problems.append("\(where_): \(url) is not on HTTP_PORT \(port)") }
        if !paths.contains(components.path) { problems.append("\(where_): \(components.path) is not one of the service's \(paths.sorted())") }
        return problems
    }
}

// MARK: - docker-compose.yml and nginx.conf

extension Deploy {
    static func composeEnvironment(_ service: [String: Any]) -> [String: String] {
        var out = [String: String]()
        var files = [String]()
        switch service["env_file"] {
        case let s as String: files = [s]
        case let list as [Any]: files = list.compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["path"] as? String) }
        default: break
        }
        for file in files {
            out.merge(envFile((try? read(file)) ?? "")) { $1 }
        }
        switch service["environment"] {
        case let map as [String: Any]:
            for (k, v) in map { out[k] = scalar(v) ?? "" }
        case let list as [Any]:
            for item in list.compactMap({ $0 as? String }) {
                let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
                out[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
        default: break
        }
        return out
    }

    static func commandWords(_ value: Any?) -> [String] {
        switch value {
        case let s as String: s.split(separator: " ").map(String.init)
        case let list as [Any]: list.compactMap { scalar($0) }
        default: []
        }
    }

    /// `depends_on` as service name -> condition.
    static func dependencies(_ value: Any?) -> [String: String] {
        switch value {
        case let list as [Any]: Dictionary(uniqueKeysWithValues: list.compactMap { $0 as? String }.map { ($0, "service_started") })
        case let map as [String: Any]: map.mapValues { (($0 as? [String: Any])?["condition"] as? String) ?? "service_started" }
        default: [:]
        }
    }

    /// Image name without its tag, and the tag.
    static func splitImage(_ image: String) -> (name: String, tag: String) {
        let lastSlash = image.lastIndex(of: "/") ?? image.startIndex
        guard let colon = image[lastSlash...].lastIndex(of: ":") else { return (image, "latest") }
        return (String(image[..<colon]), String(image[image.index(after: colon)...]))
    }

    /// The image the `merchant` target of the Dockerfile is published as (from compose).
    static func merchantImage(_ m: Manifests) -> String? {
        guard let compose = try? documents(m.text("docker-compose.yml")).first,
              let services = compose["services"] as? [String: Any] else { return nil }
        return services.values.compactMap { $0 as? [String: Any] }
            .first { (($0["build"] as? [String: Any])?["target"] as? String) == "merchant" }?["image"] as? String
    }

    static func composeProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        let compose: [String: Any]
        do {
            guard let first = try documents(m.text("docker-compose.yml")).first else { return ["compose: empty"] }
            compose = first
        } catch { return ["compose: does not parse: \(error)"] }
        guard let services = compose["services"] as? [String: Any] else { return ["compose: no services"] }
        var problems = [String]()
        let dockerfile = Dockerfile(m.text("Dockerfile"))
        var imageOfTarget = [String: Set<String>]()
        for (name, value) in services.sorted(by: { $0.key < $1.key }) {
            guard let service = value as? [String: Any], let build = service["build"] else { continue }
            guard let build = build as? [String: Any], let target = build["target"] as? String,
                  let image = service["image"] as? String else {
                problems.append("compose \(name): a build needs a target and an image name")
                continue
            }
            if dockerfile.stage(target) == nil { problems.append("compose \(name): target \(target) is not a Dockerfile stage") }
            if splitImage(image).name.split(separator: "/").last.map(String.init) != target {
                problems.append("compose \(name): image \(image) is not named after its target \(target)")
            }
            imageOfTarget[target, default: []].insert(image)
            let context = deployDirectory.appendingPathComponent(build["context"] as? String ?? ".")
            let path = context.appendingPathComponent(build["dockerfile"] as? String ?? "Dockerfile").standardizedFileURL.path
            if path != deployDirectory.appendingPathComponent("Dockerfile").standardizedFileURL.path {
                problems.append("compose \(name): builds \(path), not deploy/Dockerfile")
            }
        }
        for (target, images) in imageOfTarget where images.count > 1 {
            problems.append("compose: target \(target) is published under several names: \(images.sorted())")
        }
        guard let merchantImage = imageOfTarget["merchant"]?.first else { return problems + ["compose: nothing builds the merchant target"] }

        // The service's containers: environment, command, health check.
        var servePorts = [String: Int]()
        var serveEnvironments = [String: [String: String]]()
        var migrateServices = [String]()
        for (name, value) in services.sorted(by: { $0.key < $1.key }) {
            guard let service = value as? [String: Any], service["image"] as? String == merchantImage else { continue }
            let command = commandWords(service["command"])
            let subcommand = command.first ?? "serve"
            if !facts.subcommands.contains(subcommand) { problems.append("compose \(name): \(subcommand) is not a merchant subcommand") }
            let environment = composeEnvironment(service)
            let (found, configuration) = environmentProblems("compose \(name)", environment, subcommand: subcommand, facts)
            problems += found
            if subcommand == "migrate" { migrateServices.append(name) }
            guard subcommand == "serve", let configuration else { continue }
            servePorts[name] = configuration.httpPort
            serveEnvironments[name] = environment
            if configuration.httpHost != "0.0.0.0" { problems.append("compose \(name): HTTP_HOST is not 0.0.0.0") }
            if let test = (service["healthcheck"] as? [String: Any])?["test"] {
                problems += urlProblems("compose \(name) healthcheck", in: commandWords(test).joined(separator: " "),
                                        port: configuration.httpPort, env: environment, paths: facts.healthPaths)
            }
        }
        if servePorts.count < 2 { problems.append("compose: \(servePorts.count) serve replicas, expected at least two") }
        if migrateServices.count != 1 { problems.append("compose: expected one migrate service, found \(migrateServices)") }
        for name in servePorts.keys.sorted() {
            let dependsOn = dependencies((services[name] as? [String: Any])?["depends_on"])
            for migrate in migrateServices where dependsOn[migrate] != "service_completed_successfully" {
                problems.append("compose \(name): does not wait for \(migrate) to complete")
            }
        }

        // The proxy: nginx.conf's upstream lists every replica on its HTTP_PORT.
        let nginx = m.text("nginx.conf")
        let upstream = matches(#"(?m)^\s*server\s+([A-Za-z0-9_.-]+:\d+)"#, in: nginx)
        let upstreamServers = Dictionary(upstream.map { s -> (String, Int) in
            let parts = s.split(separator: ":"); return (String(parts[0]), Int(parts[1]) ?? 0)
        }) { a, _ in a }
        for (name, port) in servePorts.sorted(by: { $0.key < $1.key }) {
            if let upstreamPort = upstreamServers[name] {
                if upstreamPort != port { problems.append("nginx.conf: upstream \(name):\(upstreamPort), but its HTTP_PORT is \(port)") }
            } else {
                problems.append("nginx.conf: the upstream does not list the replica \(name)")
            }
        }
        for (host, port) in upstreamServers where servePorts[host] == nil {
            problems.append("nginx.conf: upstream server \(host):\(port) is not a serve replica in compose")
        }
        let listen = matches(#"(?m)^\s*listen\s+(\d+)"#, in: nginx).compactMap(Int.init)
        let proxies = services.filter { (($0.value as? [String: Any])?["volumes"] as? [Any])?.contains { ($0 as? String)?.hasPrefix("./nginx.conf:") == true } == true }
        guard let (proxyName, proxyValue) = proxies.first, let proxy = proxyValue as? [String: Any] else {
            return problems + ["compose: no proxy service mounts ./nginx.conf"]
        }
        let published = (proxy["ports"] as? [Any] ?? []).compactMap { scalar($0) }
            .compactMap { $0.split(separator: ":").last.flatMap { Int($0.split(separator: "/")[0]) } }
        for port in published where !listen.contains(port) {
            problems.append("compose \(proxyName): publishes container port \(port), nginx listens on \(listen)")
        }
        let proxyDepends = dependencies(proxy["depends_on"])
        for name in servePorts.keys.sorted() where proxyDepends[name] == nil {
            problems.append("compose \(proxyName): does not depend on \(name)")
        }

        // The sandbox: the same keys as the service, reachable at WOOSHPAY_API_BASE, webhooks
        // to the proxy on a route the service registers.
        guard let sandboxImage = imageOfTarget["wooshpay-sandbox"]?.first,
              let (sandboxName, sandboxValue) = services.first(where: { ($0.value as? [String: Any])?["image"] as? String == sandboxImage }),
              let sandbox = sandboxValue as? [String: Any] else { return problems }
        let words = commandWords(sandbox["command"])
        var flags = facts.sandboxDefaults
        for (i, word) in words.enumerated() where word.hasPrefix("--") && i + 1 < words.count { flags[word] = words[i + 1] }
        if flags["--host"] != "0.0.0.0" { problems.append("compose \(sandboxName): --host is not 0.0.0.0, other containers cannot reach it") }
        for (name, environment) in serveEnvironments.sorted(by: { $0.key < $1.key }) {
            for (flag, key) in [("--secret-key", "WOOSHPAY_SECRET_KEY"), ("--publishable-key", "WOOSHPAY_PUBLISHABLE_KEY"),
                                ("--webhook-secret", "WOOSHPAY_WEBHOOK_SECRET")] where environment[key] != flags[flag] {
                problems.append("compose: \(sandboxName) \(flag) differs from \(name)'s \(key)")
            }
            let api = URLComponents(string: environment["WOOSHPAY_API_BASE"] ?? "")
            if api?.host != sandboxName || api?.port.map(String.init) != flags["--port"] {
                problems.append("compose \(name): WOOSHPAY_API_BASE is not http://\(sandboxName):\(flags["--port"] ?? "?")")
            }
        }
        if let hook = flags["--webhook-url"].flatMap(URLComponents.init(string:)) {
            if hook.host != proxyName || !(hook.port.map(listen.contains) ?? false) {
                problems.append("compose \(sandboxName): --webhook-url does not reach \(proxyName) on a port nginx listens on")
            }
            if !facts.postRoutes.contains(hook.path) { problems.append("compose \(sandboxName): --webhook-url path \(hook.path) is not a POST route") }
        } else {
            problems.append("compose \(sandboxName): no --webhook-url")
        }
        return problems
    }
}

// MARK: - Kubernetes

extension Deploy {
    static func labelsMatch(_ selector: Any?, _ labels: [String: Any]) -> Bool {
        guard let selector = selector as? [String: Any], !selector.isEmpty else { return false }
        return selector.allSatisfy { scalar(labels[$0.key]) == scalar($0.value) }
    }

    static func kubernetesProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        var problems = [String]()
        var objects = [(file: String, object: [String: Any])]()
        for file in m.kubernetesFiles {
            do {
                for document in try documents(m.text(file)) { objects.append((file, document)) }
            } catch { problems.append("\(file): does not parse: \(error)") }
        }
        func kind(_ k: String) -> [(file: String, object: [String: Any], name: String)] {
            objects.filter { $0.object["kind"] as? String == k }
                .map { ($0.file, $0.object, (($0.object["metadata"] as? [String: Any])?["name"] as? String) ?? "") }
        }
        for (file, object) in objects where object["kind"] as? String != "Kustomization" {
            if object["apiVersion"] as? String == nil || ((object["metadata"] as? [String: Any])?["name"] as? String)?.isEmpty != false {
                problems.append("\(file): an object without apiVersion or metadata.name")
            }
        }
        guard let merchantImage = merchantImage(m) else { return problems + ["k8s: compose names no merchant image to compare with"] }

        // Kustomization: every manifest but those marked as left out, and the image compose builds.
        if let kustomization = kind("Kustomization").first {
            let listed = Set((kustomization.object["resources"] as? [Any] ?? []).compactMap { $0 as? String }.map { "k8s/" + $0 })
            let expected = Set(m.kubernetesFiles.filter {
                !$0.hasSuffix("kustomization.yaml") && !m.text($0).hasPrefix("# Not in kustomization.yaml")
            })
            for file in expected.subtracting(listed).sorted() { problems.append("kustomization.yaml: \(file) is not in resources") }
            for file in listed.subtracting(m.kubernetesFiles).sorted() { problems.append("kustomization.yaml: \(file) does not exist") }
            for image in kustomization.object["images"] as? [Any] ?? [] {
                guard let image = image as? [String: Any] else { continue }
                let (name, tag) = splitImage(merchantImage)
                if image["name"] as? String != name { problems.append("kustomization.yaml: image \(image["name"] ?? "") is not \(name)") }
                if let newTag = scalar(image["newTag"]), newTag != tag { problems.append("kustomization.yaml: newTag \(newTag) is not \(tag)") }
            }
        } else {
            problems.append("k8s: no kustomization.yaml")
        }

        // ConfigMaps and Secrets: string values only (the API refuses others).
        var configMaps = [String: [String: String]](), secrets = [String: [String: String]]()
        for (file, object, name) in kind("ConfigMap") {
            var data = [String: String]()
            for (key, value) in object["data"] as? [String: Any] ?? [:] {
                if let s = value as? String { data[key] = s } else { problems.append("\(file): \(key) is not a string (quote it)") }
            }
            configMaps[name] = data
        }
        for (file, object, name) in kind("Secret") {
            var data = [String: String]()
            for (key, value) in object["stringData"] as? [String: Any] ?? [:] {
                if let s = value as? String { data[key] = s } else { problems.append("\(file): \(key) is not a string (quote it)") }
            }
            for (key, value) in object["data"] as? [String: Any] ?? [:] {
                if let s = value as? String, let decoded = Data(base64Encoded: s).flatMap({ String(data: $0, encoding: .utf8) }) {
                    data[key] = decoded
                } else { problems.append("\(file): \(key) is not base64") }
            }
            secrets[name] = data
        }

        // Workloads running the merchant image.
        var servingDeployments = [(name: String, labels: [String: Any], ports: [String: Int], httpPort: Int)]()
        var migrateJobs = 0
        for (file, object, name) in kind("Deployment") + kind("Job") {
            let spec = object["spec"] as? [String: Any] ?? [:]
            let template = spec["template"] as? [String: Any] ?? [:]
            let labels = (template["metadata"] as? [String: Any])?["labels"] as? [String: Any] ?? [:]
            let pod = template["spec"] as? [String: Any] ?? [:]
            if object["kind"] as? String == "Deployment", !labelsMatch((spec["selector"] as? [String: Any])?["matchLabels"], labels) {
                problems.append("\(file): Deployment \(name)'s selector does not match its pod labels")
            }
            let initContainers = (pod["initContainers"] as? [Any] ?? []).map { ($0, true) }
            for (container, isInit) in initContainers + (pod["containers"] as? [Any] ?? []).map({ ($0, false) }) {
                guard let container = container as? [String: Any] else { continue }
                let cname = "\(file) \(name)/\(container["name"] as? String ?? "?")"
                let image = container["image"] as? String ?? ""
                guard splitImage(image).name.split(separator: "/").last == "merchant" else { continue }
                if image != merchantImage { problems.append("\(cname): image \(image) is not \(merchantImage) (compose)") }
                if container["command"] != nil { problems.append("\(cname): overrides the image's ENTRYPOINT") }
                let nonRoot = ((pod["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool) == true
                    || ((container["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool) == true
                if !nonRoot { problems.append("\(cname): runAsNonRoot is not set") }
                var environment = [String: String]()
                for source in container["envFrom"] as? [Any] ?? [] {
                    let source = source as? [String: Any] ?? [:]
                    if let ref = (source["configMapRef"] as? [String: Any])?["name"] as? String {
                        if let data = configMaps[ref] { environment.merge(data) { $1 } } else { problems.append("\(cname): no ConfigMap \(ref)") }
                    }
                    if let ref = (source["secretRef"] as? [String: Any])?["name"] as? String {
                        if let data = secrets[ref] { environment.merge(data) { $1 } } else { problems.append("\(cname): no Secret \(ref)") }
                    }
                }
                for variable in container["env"] as? [Any] ?? [] {
                    guard let variable = variable as? [String: Any], let key = variable["name"] as? String else { continue }
                    if let value = variable["value"] as? String { environment[key] = value } else {
                        problems.append("\(cname): env \(key) has no string value")
                    }
                }
                let subcommand = commandWords(container["args"]).first ?? "serve"
                if !facts.subcommands.contains(subcommand) { problems.append("\(cname): \(subcommand) is not a merchant subcommand") }
                let (found, configuration) = environmentProblems(cname, environment, subcommand: subcommand, facts)
                problems += found
                if subcommand == "migrate" {
                    if object["kind"] as? String == "Job" { migrateJobs += 1 } else if !isInit {
                        problems.append("\(cname): migrate belongs in a Job or an init container")
                    }
                }
                if isInit, subcommand != "migrate" { problems.append("\(cname): an init container running \(subcommand)") }
                guard subcommand == "serve", !isInit, let configuration else { continue }
                if object["kind"] as? String != "Deployment" { problems.append("\(cname): serve belongs in a Deployment") }
                if configuration.httpHost != "0.0.0.0" { problems.append("\(cname): HTTP_HOST is not 0.0.0.0") }
                var ports = [String: Int]()
                for port in container["ports"] as? [Any] ?? [] {
                    let port = port as? [String: Any] ?? [:]
                    let number = port["containerPort"] as? Int ?? -1
                    if number != configuration.httpPort { problems.append("\(cname): containerPort \(number) is not HTTP_PORT \(configuration.httpPort)") }
                    if let portName = port["name"] as? String { ports[portName] = number }
                }
                if ports.isEmpty { problems.append("\(cname): no named container port") }
                func probe(_ key: String, _ allowed: Set<String>, required: Bool) {
                    guard let probe = container[key] as? [String: Any] else {
                        if required { problems.append("\(cname): no \(key)") }
                        return
                    }
                    guard let get = probe["httpGet"] as? [String: Any], let path = get["path"] as? String else {
                        problems.append("\(cname): \(key) is not an httpGet probe"); return
                    }
                    if !allowed.contains(path) { problems.append("\(cname): \(key) path \(path) is not one of \(allowed.sorted())") }
                    let port = (get["port"] as? Int) ?? (get["port"] as? String).flatMap { ports[$0] }
                    if port != configuration.httpPort { problems.append("\(cname): \(key) port \(get["port"] ?? "") is not HTTP_PORT") }
                }
                probe("readinessProbe", facts.readinessPaths, required: true)
                probe("livenessProbe", facts.livenessPaths, required: true)
                probe("startupProbe", facts.livenessPaths, required: false)
                servingDeployments.append((name, labels, ports, configuration.httpPort))
            }
        }
        if servingDeployments.isEmpty { problems.append("k8s: no Deployment serves the merchant image") }
        if migrateJobs != 1 { problems.append("k8s: expected one migrate Job, found \(migrateJobs)") }

        // Service, PodDisruptionBudget and HPA point at the serving Deployment.
        for deployment in servingDeployments {
            let services = kind("Service").filter { labelsMatch(($0.object["spec"] as? [String: Any])?["selector"], deployment.labels) }
            if services.isEmpty { problems.append("k8s: no Service selects Deployment \(deployment.name)") }
            for service in services {
                for port in (service.object["spec"] as? [String: Any])?["ports"] as? [Any] ?? [] {
                    let target = (port as? [String: Any])?["targetPort"]
                    let resolved = (target as? Int) ?? (target as? String).flatMap { deployment.ports[$0] }
                    if resolved != deployment.httpPort {
                        problems.append("\(service.file): targetPort \(target ?? "") is not the container port \(deployment.httpPort)")
                    }
                }
            }
            if !kind("PodDisruptionBudget").contains(where: {
                labelsMatch((($0.object["spec"] as? [String: Any])?["selector"] as? [String: Any])?["matchLabels"], deployment.labels)
            }) {
                problems.append("k8s: no PodDisruptionBudget selects Deployment \(deployment.name)")
            }
        }
        let hpas = kind("HorizontalPodAutoscaler")
        if hpas.isEmpty { problems.append("k8s: no HorizontalPodAutoscaler") }
        for hpa in hpas {
            let target = (hpa.object["spec"] as? [String: Any])?["scaleTargetRef"] as? [String: Any] ?? [:]
            let name = target["name"] as? String ?? ""
            if target["kind"] as? String != "Deployment" || !servingDeployments.contains(where: { $0.name == name }) {
                problems.append("\(hpa.file): scales \(target["kind"] ?? "")/\(name), not a serving Deployment")
            }
        }
        return problems
    }
}

// MARK: - systemd

extension Deploy {
    /// `KEY=value` lines (comments and blank lines skipped; surrounding quotes removed).
    static func envFile(_ text: String) -> [String: String] {
        var out = [String: String]()
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, let f = value.first, f == value.last, f == "\"" || f == "'" { value = String(value.dropFirst().dropLast()) }
            out[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] = value
        }
        return out
    }

    /// `[Section]` -> key -> values, in order.
    static func unitFile(_ text: String) -> [String: [String: [String]]] {
        var out = [String: [String: [String]]]()
        var section = ""
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") { section = String(line.dropFirst().dropLast()); continue }
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[section, default: [:]][String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
        }
        return out
    }

    static func systemdProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        var problems = [String]()
        let unit = unitFile(m.text("systemd/merchant.service"))
        let service = unit["Service"] ?? [:]
        let user = service["User"]?.last ?? ""
        if user.isEmpty || user == "root" || user == "0" { problems.append("merchant.service: User is \(user.isEmpty ? "unset (root)" : user)") }
        let environmentFile = (service["EnvironmentFile"]?.last ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if URL(fileURLWithPath: environmentFile).lastPathComponent != "merchant.env" {
            problems.append("merchant.service: EnvironmentFile \(environmentFile) is not the installed merchant.env.example")
        }
        let start = (service["ExecStart"]?.last ?? "").split(separator: " ").map(String.init)
        guard let binary = start.first, URL(fileURLWithPath: binary).lastPathComponent == "merchant" else {
            return problems + ["merchant.service: ExecStart does not run merchant"]
        }
        if start.dropFirst().first != "serve" { problems.append("merchant.service: ExecStart is not merchant serve") }
        for pre in service["ExecStartPre"] ?? [] {
            let words = pre.split(separator: " ").map(String.init)
            if let sub = words.dropFirst().first, !facts.subcommands.contains(sub) { problems.append("merchant.service: \(sub) is not a subcommand") }
        }
        if unit["Install"]?["WantedBy"] == nil { problems.append("merchant.service: no [Install] WantedBy") }
        let environment = envFile(m.text("systemd/merchant.env.example"))
        let (found, configuration) = environmentProblems("merchant.env.example", environment, subcommand: "serve", facts)
        problems += found
        if let configuration {
            let installed = URL(fileURLWithPath: binary).deletingLastPathComponent().path
            let directory = configuration.migrationsDirectory.hasPrefix("/") ? configuration.migrationsDirectory
                : (service["WorkingDirectory"]?.last ?? "/") + "/" + configuration.migrationsDirectory
            if URL(fileURLWithPath: directory).standardizedFileURL.path != installed + "/migrations" {
                problems.append("merchant.env.example: MIGRATIONS_DIR \(configuration.migrationsDirectory) is not \(installed)/migrations next to the binary")
            }
        }
        return problems
    }
}
