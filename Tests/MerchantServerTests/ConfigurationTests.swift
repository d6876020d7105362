import MerchantServer
import Testing

@Suite("Server configuration")
struct ConfigurationTests {
    @Test func defaultsAndOverrides() throws {
        let c = try ServerConfiguration(environment: [
            "DATABASE_URL": "postgresql://u:pw@db/merchant", "HTTP_PORT": "9000", "LOG_LEVEL": "DEBUG", "DATABASE_POOL_SIZE": "3",
        ])
        #expect(c.httpHost == "127.0.0.1")
        #expect(c.httpPort == 9000)
        #expect(c.logLevel == .debug)
        #expect(c.databasePoolSize == 3)
        #expect(c.databaseURL == "postgresql://u:pw@db/merchant")
    }

    @Test("PG* variables stand in for DATABASE_URL")
    func pgVariables() throws {
        let c = try ServerConfiguration(environment: ["PGHOST": "127.0.0.1"])
        #expect(c.databaseURL == "")
    }

    @Test("every problem is reported, one line each, and no value of DATABASE_URL is echoed")
    func problems() {
        do {
            _ = try ServerConfiguration(environment: ["HTTP_PORT": "70000", "LOG_LEVEL": "chatty", "DATABASE_POOL_SIZE": "0"])
            Issue.record("expected invalid")
        } catch {
            #expect(error.problems.count == 4)
            #expect(error.problems.allSatisfy { !$0.contains("\n") })
            #expect(error.problems.contains { $0.hasPrefix("DATABASE_URL is required") })
        }
        do {
            _ = try ServerConfiguration(environment: ["DATABASE_URL": "postgresql://u:s3cret@db/x", "HTTP_PORT": "x"])
            Issue.record("expected invalid")
        } catch {
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test("WOOSHPAY_JS_URL defaults to <WOOSHPAY_API_BASE>/js/wooshpay.js and must be an http(s) URL")
    func wooshPayJSURL() throws {
        let db = ["DATABASE_URL": "postgresql://db/merchant"]
        #expect(try ServerConfiguration(environment: db).wooshPay.jsURL == "https://apitest.wooshpay.com/js/wooshpay.js")
        let sandbox = try ServerConfiguration(environment: db.merging(["WOOSHPAY_API_BASE": "http://127.0.0.1:8090/"]) { $1 })
        #expect(sandbox.wooshPay.jsURL == "http://127.0.0.1:8090/js/wooshpay.js")
        #expect(sandbox.demo.wooshPayJSURL == "http://127.0.0.1:8090/js/wooshpay.js")
        let own = try ServerConfiguration(
            environment: db.merging([
                "WOOSHPAY_API_BASE": "http://127.0.0.1:8090", "WOOSHPAY_JS_URL": " https://js.example.test/v1/wooshpay.js ",
            ]) { $1 })
        #expect(own.wooshPay.jsURL == "https://js.example.test/v1/wooshpay.js")
        #expect(ServerConfiguration.keys.contains("WOOSHPAY_JS_URL"))
        do {
            _ = try ServerConfiguration(environment: db.merging(["WOOSHPAY_JS_URL": "js/wooshpay.js"]) { $1 })
            Issue.record("expected invalid")
        } catch {
            #expect(error.problems == [#"WOOSHPAY_JS_URL must be an http(s) URL of the WooshPay JS SDK, got "js/wooshpay.js""#])
        }
    }

    @Test("CHAOS_BREAK, the chaos run's test-only defect switch, is off by default and accepts only known names")
    func testBreak() throws {
        let db = ["DATABASE_URL": "postgresql://db/merchant"]
        #expect(try ServerConfiguration(environment: db).testBreak == nil)
        let broken = try ServerConfiguration(environment: db.merging(["CHAOS_BREAK": "gateway_new_key_on_retry"]) { $1 })
        #expect(broken.testBreak == .gatewayNewKeyOnRetry)
        #expect(ServerConfiguration.keys.contains("CHAOS_BREAK"))
        do {
            _ = try ServerConfiguration(environment: db.merging(["CHAOS_BREAK": "everything"]) { $1 })
            Issue.record("expected invalid")
        } catch {
            #expect(error.problems == [#"CHAOS_BREAK is a test-only switch and must be one of gateway_new_key_on_retry, got "everything""#])
        }
    }
}
