import Foundation
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox

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
        process.environment = SanitizerEnvironment.adding(to: environment)
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

extension Processes {
    /// Runs `body` with a sandbox started from `sandboxConfiguration` (on a free port), a
    /// fresh migrated database and a small pool on it, and the processes it starts; then
    /// kills whatever still runs and drops it all. A failure of `body` is recorded.
    static func scenario(
        _ sandboxConfiguration: SandboxConfiguration,
        _ body: (RunningSandbox, String, PostgresPool, Processes) async throws -> Void
    ) async throws {
        var sandboxConfiguration = sandboxConfiguration
        sandboxConfiguration.port = 0
        let sandbox = try await RunningSandbox.start(sandboxConfiguration, logger: TestDatabase.logger)
        let database = try await TestDatabase.create()
        let pool = TestDatabase.pool("dbname=\(database)", size: 2)
        let processes = Processes()
        do {
            try await body(sandbox, database, pool, processes)
        } catch {
            Issue.record(error)
        }
        for process in processes.started where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            try await waitForExit(process)
        }
        pool.close()
        try await TestDatabase.drop(database)
        await sandbox.shutdown()
    }

    /// The environment of `merchant serve` on `database` with WooshPay = `sandbox`, plus
    /// `extra` (which wins).
    static func serveEnvironment(sandbox: RunningSandbox, database: String, _ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        environment.merge([
            "PGDATABASE": database, "MIGRATIONS_DIR": TestDatabase.migrationsDirectory,
            "WOOSHPAY_API_BASE": sandbox.baseURL, "WOOSHPAY_SECRET_KEY": sandbox.configuration.secretKey,
            "WOOSHPAY_PUBLISHABLE_KEY": sandbox.configuration.publishableKey,
            "WOOSHPAY_WEBHOOK_SECRET": sandbox.configuration.webhookSecret, "PUBLIC_BASE_URL": "http://127.0.0.1:9",
            "PATH": "/usr/bin:/bin",
        ]) { $1 }
        return environment.merging(extra) { $1 }
    }

    /// Waits (without blocking a thread) until `process` has exited.
    static func waitForExit(_ process: Process) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
    }
}
