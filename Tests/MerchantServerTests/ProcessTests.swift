import Foundation
import TestSupport
import Testing

/// The real `merchant` executable, started as a process.
@Suite("merchant executable")
struct ProcessTests {
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), URL(fileURLWithPath: TestDatabase.repositoryRoot + "/.build/debug")] {
            let candidate = dir.appendingPathComponent("merchant").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return TestDatabase.repositoryRoot + "/.build/debug/merchant"
    }

    /// Runs `merchant` with `environment` (nothing inherited but PATH) and returns exit code and stderr.
    func run(_ arguments: [String], environment: [String: String], timeout: Duration = .seconds(15)) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = SanitizerEnvironment.adding(to: environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a })
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("merchant-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: errFile)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        // Task.sleep, not usleep: a blocked thread of the two-core test pool delays every other test's timers.
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return (-1, "timed out")
        }
        try handle.close()
        let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, stderr)
    }

    /// The keys `serve` requires, pointing at nothing (no test here calls WooshPay).
    static let gatewayKeys = [
        "WOOSHPAY_SECRET_KEY": "sk_test_process", "WOOSHPAY_PUBLISHABLE_KEY": "pk_test_process",
        "WOOSHPAY_WEBHOOK_SECRET": "whsec_process", "WOOSHPAY_API_BASE": "http://127.0.0.1:9",
    ]

    @Test("an unreachable database makes serve exit 1 with one line, no hang")
    func unreachable() async throws {
        let (code, stderr) = try await run(
            ["serve"],
            environment: Self.gatewayKeys.merging(["DATABASE_URL": "postgresql://app:hunter2@127.0.0.1:1/merchant", "HTTP_PORT": "0"]) { $1 })
        #expect(code == 1)
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("merchant: cannot connect to the database") == true)
        #expect(!stderr.contains("hunter2"))
    }

    @Test("a malformed DATABASE_URL makes serve exit 1 with one line")
    func malformed() async throws {
        let (code, stderr) = try await run(
            ["serve"], environment: Self.gatewayKeys.merging(["DATABASE_URL": "postgresql://[::1", "HTTP_PORT": "0"]) { $1 })
        #expect(code == 1)
        #expect(stderr.split(separator: "\n").count == 1)
    }

    @Test("invalid configuration exits 2 naming each key")
    func invalidConfiguration() async throws {
        let (code, stderr) = try await run(["serve"], environment: ["HTTP_PORT": "http"])
        #expect(code == 2)
        #expect(stderr.contains("HTTP_PORT"))
        #expect(stderr.contains("DATABASE_URL"))
    }

    @Test("serve without the WooshPay keys exits 2 naming each; a malformed key is not echoed")
    func missingGatewayKeys() async throws {
        let (code, stderr) = try await run(["serve"], environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/x"])
        #expect(code == 2)
        for key in ["WOOSHPAY_SECRET_KEY", "WOOSHPAY_PUBLISHABLE_KEY", "WOOSHPAY_WEBHOOK_SECRET"] { #expect(stderr.contains(key)) }
        let (badCode, badStderr) = try await run(
            ["serve"],
            environment: Self.gatewayKeys.merging(
                ["DATABASE_URL": "postgresql://127.0.0.1:1/x", "WOOSHPAY_SECRET_KEY": "oops-secret-value"]) { $1 })
        #expect(badCode == 2)
        #expect(badStderr.contains("WOOSHPAY_SECRET_KEY"))
        #expect(!badStderr.contains("oops-secret-value"))
    }

    @Test("migrate applies then reports up to date; serve stops cleanly on SIGTERM")
    func migrateAndServe() async throws {
        let name = try await TestDatabase.create(migrated: false)
        defer { Task { try? await TestDatabase.drop(name) } }
        var env = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        env["PGDATABASE"] = name
        env["MIGRATIONS_DIR"] = TestDatabase.migrationsDirectory
        let (code, stderr) = try await run(["migrate"], environment: env)
        #expect(code == 0, "\(stderr)")
        #expect(stderr.contains("applied migration"))

        env["HTTP_PORT"] = "0"
        env.merge(Self.gatewayKeys) { $1 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve"]
        process.environment = env
        // Signal only once it listens: before ServiceGroup installs its handler, SIGTERM's
        // default action would kill the process, which is not what this test is about.
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        let ready = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < ready,
            !((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").contains("merchant listening")
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(process.isRunning)
        process.terminate()  // SIGTERM
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}
