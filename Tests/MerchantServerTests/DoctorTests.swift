import Foundation
import MerchantServer
import TestSupport
import Testing
import WooshPaySandbox

/// `merchant doctor` against a real database and the sandbox: quiet when all is well, and
/// a plain-words FAIL naming the cause for each kind of breakage.
@Suite("merchant doctor") struct DoctorTests {
    static func environment(_ sandbox: RunningSandbox, database: String) -> [String: String] {
        [
            "DATABASE_URL": database, "MIGRATIONS_DIR": TestDatabase.migrationsDirectory,
            "WOOSHPAY_API_BASE": sandbox.baseURL, "WOOSHPAY_SECRET_KEY": sandbox.configuration.secretKey,
            "WOOSHPAY_PUBLISHABLE_KEY": sandbox.configuration.publishableKey,
            "WOOSHPAY_WEBHOOK_SECRET": sandbox.configuration.webhookSecret, "WOOSHPAY_TIMEOUT": "15",
            "PUBLIC_BASE_URL": "https://shop.example.com",
        ]
    }

    static func failures(_ checks: [Doctor.Check]) -> [String: String] {
        Dictionary(checks.filter { $0.outcome == .fail }.map { ($0.area, $0.detail) }) { a, b in a + " | " + b }
    }

    @Test func aHealthyDeploymentHasNoFailure() async throws {
        try await PaymentHarness.withSandbox(.init()) { sandbox in
            try await TestDatabase.with { _, database in
                let checks = await Doctor.run(environment: Self.environment(sandbox, database: database), logger: TestDatabase.logger)
                #expect(Self.failures(checks).isEmpty, "\(checks)")
                let ok = Set(checks.filter { $0.outcome == .ok }.map(\.area))
                #expect(ok == ["configuration", "database", "migrations", "wooshpay", "webhooks"], "\(checks)")
                #expect(checks.contains { $0.area == "notifications" && $0.outcome == .warn })
                #expect(
                    !checks.contains {
                        $0.detail.contains(sandbox.configuration.secretKey) || $0.detail.contains(sandbox.configuration.webhookSecret)
                    },
                    "no secret is printed")
            }
        }
    }

    @Test func eachBreakageIsNamedInPlainWords() async throws {
        try await PaymentHarness.withSandbox(.init()) { sandbox in
            try await TestDatabase.with(migrated: false) { _, empty in
                var env = Self.environment(sandbox, database: empty)
                var failed = Self.failures(await Doctor.run(environment: env, logger: TestDatabase.logger))
                #expect(
                    failed["migrations"]?.contains("not applied") == true && failed["migrations"]?.contains("merchant migrate") == true,
                    "\(failed)")

                env["WOOSHPAY_SECRET_KEY"] = "sk_test_not_this_account"
                failed = Self.failures(await Doctor.run(environment: env, logger: TestDatabase.logger))
                #expect(failed["wooshpay"]?.contains("refused WOOSHPAY_SECRET_KEY") == true, "\(failed)")

                env["WOOSHPAY_API_BASE"] = "http://127.0.0.1:9"
                failed = Self.failures(await Doctor.run(environment: env, logger: TestDatabase.logger))
                #expect(failed["wooshpay"]?.contains("cannot reach http://127.0.0.1:9") == true, "\(failed)")

                env["DATABASE_URL"] = "postgresql://merchant:hunter2@127.0.0.1:9/merchant"
                failed = Self.failures(await Doctor.run(environment: env, logger: TestDatabase.logger))
                #expect(failed["database"]?.contains("cannot connect to PostgreSQL") == true, "\(failed)")
                #expect(failed["database"]?.contains("hunter2") == false, "the password is not printed")

                env["HTTP_PORT"] = "eighty"
                env.removeValue(forKey: "WOOSHPAY_WEBHOOK_SECRET")
                let checks = await Doctor.run(environment: env, logger: TestDatabase.logger)
                #expect(checks.contains { $0.area == "configuration" && $0.outcome == .fail && $0.detail.contains("HTTP_PORT") }, "\(checks)")
            }
        }
    }
}
