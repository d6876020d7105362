import CurlTransport
import Foundation
import MerchantServer
import PostgresStore
import Testing
import TestSupport
import WooshPaySandbox

/// `merchant serve` as a real process, killed with SIGKILL after acknowledging a webhook
/// and before processing it: the acknowledged event is in the inbox, so the next process
/// processes it. (SYNC_POLL_INTERVAL=60 keeps the first process from getting to it.)
@Suite("Webhook crash recovery") struct WebhookCrashTests {
    @Test func anEventAcknowledgedBeforeAKillNineIsProcessedAfterRestart() async throws {
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.port = 0
        let sandbox = try await RunningSandbox.start(sandboxConfiguration, logger: TestDatabase.logger)
        let database = try await TestDatabase.create()
        let pool = PostgresPool(configuration: .init(connectionString: "dbname=\(database)", size: 2), logger: TestDatabase.logger)
        let processes = Processes()
        do {
            try await Self.scenario(sandbox: sandbox, database: database, pool: pool, processes: processes)
        } catch {
            Issue.record(error)
        }
        for process in processes.started where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            try await Self.waitForExit(process)
        }
        pool.close()
        try await TestDatabase.drop(database)
        await sandbox.shutdown()
    }

    /// Serve, acknowledge, kill -9, check nothing was processed, serve again, check it was.
    static func scenario(sandbox: RunningSandbox, database: String, pool: PostgresPool, processes: Processes) async throws {
        let port = try WebhookLiveHarness.freePort()
        let configuration = ServerConfiguration.forSandbox(sandbox, port: port)
        let h = PaymentHarness(pool: pool, sandbox: sandbox, http: CurlHTTPTransport(configuration: .init()),
                               baseURL: "http://127.0.0.1:\(port)", configuration: configuration)
        var environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        environment.merge(["PGDATABASE": database, "MIGRATIONS_DIR": TestDatabase.migrationsDirectory, "HTTP_PORT": "\(port)",
                           "WOOSHPAY_API_BASE": sandbox.baseURL, "WOOSHPAY_SECRET_KEY": sandbox.configuration.secretKey,
                           "WOOSHPAY_PUBLISHABLE_KEY": sandbox.configuration.publishableKey,
                           "WOOSHPAY_WEBHOOK_SECRET": sandbox.configuration.webhookSecret, "PUBLIC_BASE_URL": "http://127.0.0.1:9",
                           "SYNC_POLL_INTERVAL": "60", "PATH": "/usr/bin:/bin"]) { $1 }

        let first = try await processes.serve(environment)
        let payment = try await h.sdkPayment()
        try await h.drive(payment.intent, to: "succeeded")
        // The process's first tick ran at start-up; the next is a minute away.
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await h.deliver(PaymentHarness.intentEvent("evt_kill", intent: payment.intent)).status == 200)
        #expect(try await h.inboxRow("evt_kill")?["attempts"] == "0", "acknowledged, not yet processed")
        kill(first.processIdentifier, SIGKILL)
        try await waitForExit(first)
        #expect(try await h.inboxRow("evt_kill")?["status"] == "received")
        #expect(try await h.orderStatus(payment.order) == "awaiting_payment")

        environment["SYNC_POLL_INTERVAL"] = "0.2"
        let second = try await processes.serve(environment)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, try await h.inboxRow("evt_kill")?["status"] != "processed" {
            try await Task.sleep(for: .milliseconds(100))
        }
        second.terminate()
        try await waitForExit(second)
        #expect(second.terminationStatus == 0, "SIGTERM stops the processor cleanly")
        #expect(try await h.inboxRow("evt_kill")?["status"] == "processed")
        #expect(try await h.inboxRow("evt_kill")?["attempts"] == "1")
        #expect(try await h.orderStatus(payment.order) == "paid")
        #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'webhook:evt_kill'",
                                  [payment.order]) == 1)
    }

    /// Waits (without blocking a thread) until `process` has exited.
    static func waitForExit(_ process: Process) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
    }
}

/// The `merchant serve` processes a test started, so that it can stop them whatever happens.
final class Processes {
    /// Every process started, running or not.
    private(set) var started: [Process] = []
    /// Each started process's stderr log, by process id.
    private(set) var logs: [Int32: URL] = [:]

    /// What `process` has logged so far.
    func log(of process: Process) -> String {
        logs[process.processIdentifier].flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
    }

    /// Starts `merchant serve` and returns once it listens.
    func serve(_ environment: [String: String]) async throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = ["serve"]
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("merchant-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        started.append(process)
        logs[process.processIdentifier] = log
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, process.isRunning {
            if ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("merchant listening") { return process }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw HarnessError("merchant serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }
}
