import Foundation
import TestSupport
import Testing

/// `merchant reconcile` as a real process against the test database and the sandbox.
@Suite("merchant reconcile") struct ReconcileCommandTests {
    /// What a finished process left.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `merchant` with `arguments` and exactly `environment` (plus PATH).
    static func merchant(_ arguments: [String], environment: [String: String]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = arguments
        process.environment = SanitizerEnvironment.adding(to: environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a })
        let files = ["out", "err"].map { FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-\(UUID().uuidString).\($0)") }
        for file in files { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: files[0])
        process.standardError = try FileHandle(forWritingTo: files[1])
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            throw HarnessError("merchant \(arguments) did not finish")
        }
        let texts = files.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        return Outcome(status: process.terminationStatus, stdout: texts[0], stderr: texts[1])
    }

    /// The environment of a `merchant` run against `h`'s database and sandbox.
    static func environment(_ h: PaymentHarness) async throws -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        environment["PGDATABASE"] = try await h.scalar("current_database()")
        environment["WOOSHPAY_API_BASE"] = h.sandbox.baseURL
        environment["WOOSHPAY_SECRET_KEY"] = h.configuration.wooshPay.secretKey
        return environment
    }

    @Test func repairsALostPaymentExits0ThenReportsAForeignOneAndExits1() async throws {
        try await PaymentHarness.with { h in
            let environment = try await Self.environment(h)
            let since = "\(ReconciliationTests.hourAgo)"
            let lost = try await h.sdkPayment()
            try await h.drive(lost.intent, to: "succeeded")
            try await h.exec("UPDATE payment_attempts SET payment_intent_id = NULL, next_sync_at = NULL WHERE order_id = $1", [lost.order])

            let repaired = try await Self.merchant(["reconcile", "--since", since], environment: environment)
            #expect(repaired.status == 0, "\(repaired.stdout)\(repaired.stderr)")
            #expect(repaired.stdout.contains("not_linked\trepaired\t\(lost.intent)"), "\(repaired.stdout)")
            #expect(repaired.stdout.contains("state_differs\trepaired\t\(lost.intent)"))
            #expect(repaired.stdout.contains("checked 1, matched 0, findings 2"))
            #expect(repaired.stdout.hasSuffix("nothing needs a person\n"))
            #expect(try await h.orderStatus(lost.order) == "paid")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'reconcile:cli'",
                    [lost.order]) == 1)

            let foreign = try await h.foreignIntent()
            try await h.drive(foreign, to: "succeeded")
            let reported = try await Self.merchant(["reconcile", "--since", Self.rfc3339(ReconciliationTests.hourAgo)], environment: environment)
            #expect(reported.status == 1, "\(reported.stdout)\(reported.stderr)")
            #expect(reported.stdout.contains("unknown_payment\treported\t\(foreign)\tsucceeded\t4200 USD\t-\t-"), "\(reported.stdout)")
            #expect(reported.stdout.contains("checked 2, matched 1, findings 1"))
            #expect(reported.stdout.contains("needs attention: 1 finding(s) not repaired"))
            // A window that ends before the foreign payment finds nothing to worry about.
            let early = try await Self.merchant(
                ["reconcile", "--since", since, "--until", "\(ReconciliationTests.hourAgo + 60)"],
                environment: environment)
            #expect(early.status == 0, "\(early.stdout)\(early.stderr)")
            #expect(early.stdout.contains("checked 0"))
        }
    }

    @Test func badInputExits2AndAnUnreachableDatabaseExits1() async throws {
        let base = [
            "DATABASE_URL": "postgresql://app:hunter2@127.0.0.1:1/merchant", "WOOSHPAY_SECRET_KEY": "sk_test_x",
            "WOOSHPAY_API_BASE": "http://127.0.0.1:9",
        ]
        let cases: [([String], [String: String], String)] = [
            (["reconcile"], base, "--since is required"),
            (["reconcile", "--since", "yesterday"], base, "--since must be"),
            (["reconcile", "--since", "2025-11-25T10:00:00Z", "--until", "2025-11-25T09:00:00+00:00"], base, "--until must be after"),
            (["reconcile", "--since", "1764028800", "--until", "later"], base, "--until must be"),
            (["reconcile", "--since", "1764028800", "--max-results", "0"], base, "--max-results"),
            (["reconcile", "--since", "1764028800"], base.filter { $0.key != "WOOSHPAY_SECRET_KEY" }, "WOOSHPAY_SECRET_KEY"),
        ]
        for (arguments, environment, line) in cases {
            let outcome = try await Self.merchant(arguments, environment: environment)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(line), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        let down = try await Self.merchant(["reconcile", "--since", "1764028800"], environment: base)
        #expect(down.status == 1)
        #expect(down.stderr.hasPrefix("merchant: cannot connect to the database"), "\(down.stderr)")
        #expect(!down.stderr.contains("hunter2"))
    }

    /// `epoch` as RFC 3339 in UTC.
    static func rfc3339(_ epoch: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }
}
