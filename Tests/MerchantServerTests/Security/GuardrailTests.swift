import Foundation
import MerchantServer
import TestSupport
import Testing

/// Review findings 12 and 17: `serve` refuses unsafe production settings with one line each
/// and exit status 2, and `merchant doctor` reports each as FAIL.
@Suite("Production guardrails") struct GuardrailTests {
    static let safe = [
        "DATABASE_URL": "postgresql://u@db/merchant", "WOOSHPAY_API_BASE": "https://apitest.wooshpay.com",
        "WOOSHPAY_SECRET_KEY": "sk_test_51Hxyz", "WOOSHPAY_PUBLISHABLE_KEY": "pk_test_51Hxyz",
        "WOOSHPAY_WEBHOOK_SECRET": "whsec_abc123def456",
    ]

    static func problems(_ change: [String: String]) throws -> [String] {
        try ServerConfiguration(environment: safe.merging(change) { $1 }).problemsForServing()
    }

    @Test(
        "each unsafe setting is one problem naming its key; safe settings none",
        arguments: [
            (
                ["WOOSHPAY_API_BASE": "https://api.wooshpay.com"],
                "WOOSHPAY_SECRET_KEY and WOOSHPAY_PUBLISHABLE_KEY: a test key but WOOSHPAY_API_BASE is the live host"
            ),
            (
                ["WOOSHPAY_SECRET_KEY": "sk_live_51Hxyz", "WOOSHPAY_PUBLISHABLE_KEY": "pk_live_51Hxyz"],
                "WOOSHPAY_SECRET_KEY and WOOSHPAY_PUBLISHABLE_KEY: a live key but WOOSHPAY_API_BASE is the test host"
            ),
            (["WOOSHPAY_SECRET_KEY": "sk_test_REPLACE_ME"], "WOOSHPAY_SECRET_KEY: the template's placeholder"),
            (["WOOSHPAY_API_BASE": "http://apitest.wooshpay.com"], "WOOSHPAY_API_BASE uses plain http://"),
            (
                ["NOTIFY_WEBHOOK_URLS": "http://erp.example.com/hooks/s3cr3tpath", "NOTIFY_WEBHOOK_SECRET": String(repeating: "k", count: 40)],
                "NOTIFY_WEBHOOK_URLS uses plain http://"
            ),
            (
                ["NOTIFY_WEBHOOK_URLS": "https://erp.example.com/h", "NOTIFY_WEBHOOK_SECRET": "REPLACE_ME_with_32_random_characters"],
                "NOTIFY_WEBHOOK_SECRET is the example from deploy/"
            ),
            (
                ["NOTIFY_WEBHOOK_URLS": "https://erp.example.com/h", "NOTIFY_WEBHOOK_SECRET": String(repeating: "k", count: 31)],
                "NOTIFY_WEBHOOK_SECRET must be at least 32 characters"
            ),
        ])
    func unsafe(change: [String: String], expected: String) throws {
        let found = try Self.problems(change)
        #expect(found.count == 1 && found[0].contains(expected), "\(found)")
        #expect(!found.joined().contains("s3cr3tpath") && !found.joined().contains(String(repeating: "k", count: 31)), "no value echoed")
    }

    @Test("safe: test keys on the test host, live keys on the live host, a loopback sandbox over http; mixed modes refused")
    func safeSettings() throws {
        #expect(try Self.problems([:]).isEmpty)
        #expect(
            try Self.problems([
                "WOOSHPAY_API_BASE": "https://api.wooshpay.com", "WOOSHPAY_SECRET_KEY": "sk_live_51Hxyz",
                "WOOSHPAY_PUBLISHABLE_KEY": "pk_live_51Hxyz",
            ]).isEmpty)
        let mixed = try Self.problems(["WOOSHPAY_API_BASE": "http://127.0.0.1:8090", "WOOSHPAY_SECRET_KEY": "sk_live_51Hxyz"])
        #expect(mixed.contains { $0.contains("of different modes") }, "\(mixed)")
        #expect(
            try Self.problems([
                "WOOSHPAY_API_BASE": "http://127.0.0.1:8090", "NOTIFY_WEBHOOK_URLS": "http://localhost:9000/h",
                "NOTIFY_WEBHOOK_SECRET": String(repeating: "k", count: 32),
            ]).isEmpty)
    }

    @Test("serve refuses an unsafe configuration: one line, exit 2, before touching the database")
    func serveRefuses() async throws {
        let env = Self.safe.merging(["WOOSHPAY_API_BASE": "https://api.wooshpay.com", "HTTP_PORT": "0"]) { $1 }
        let (code, stderr) = try await ProcessTests().run(["serve"], environment: env)
        #expect(code == 2, "\(stderr)")
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("a test key but WOOSHPAY_API_BASE is the live host"), "\(stderr)")
    }

    @Test("doctor reports each unsafe setting as FAIL")
    func doctorFails() async throws {
        let env = Self.safe.merging([
            "WOOSHPAY_API_BASE": "http://wooshpay.internal", "NOTIFY_WEBHOOK_URLS": "https://erp.example.com/h",
            "NOTIFY_WEBHOOK_SECRET": "REPLACE_ME_with_32_random_characters",
        ]) { $1 }
        let checks = await Doctor.run(environment: env, logger: TestDatabase.logger)
        let failed = checks.filter { $0.area == "configuration" && $0.outcome == .fail }.map(\.detail)
        #expect(failed.contains { $0.contains("WOOSHPAY_API_BASE uses plain http://") }, "\(failed)")
        #expect(failed.contains { $0.contains("NOTIFY_WEBHOOK_SECRET is the example from deploy/") }, "\(failed)")
    }

    @Test("DEMO_ENABLED is off by default; METRICS_TOKEN is read without echo")
    func exposureKeys() throws {
        #expect(try ServerConfiguration(environment: Self.safe).exposure.demoEnabled == false)
        #expect(try ServerConfiguration(environment: Self.safe.merging(["DEMO_ENABLED": "true"]) { $1 }).exposure.demoEnabled)
        do {
            _ = try ServerConfiguration(environment: Self.safe.merging(["METRICS_TOKEN": "short-s3cret"]) { $1 })
            Issue.record("a short METRICS_TOKEN was accepted")
        } catch {
            #expect(error.problems.count == 1 && !error.description.contains("short-s3cret"))
        }
    }
}
