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
        #expect(
            listed.isSuperset(of: [
                "DATABASE_URL", "HTTP_HOST", "HTTP_PORT", "MIGRATIONS_DIR",
                "WOOSHPAY_SECRET_KEY", "WOOSHPAY_PUBLISHABLE_KEY", "WOOSHPAY_WEBHOOK_SECRET",
            ]))
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
