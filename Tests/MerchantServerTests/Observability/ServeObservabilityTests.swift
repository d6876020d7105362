import CryptoPrimitives
import Foundation
import MerchantServer
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox

/// `merchant serve` as a real process: it bootstraps the metrics system once, so the
/// workers it builds with the global default (the webhook processor here) record into the
/// registry its `/metrics` serves; and it logs JSON lines by default, without its keys.
@Suite("Observability: merchant serve") struct ServeObservabilityTests {
    @Test func theServeProcessExposesItsWorkersMetricsAndLogsJSONWithoutSecrets() async throws {
        let port = try WebhookLiveHarness.freePort()
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.secretKey = "sk_test_" + Hex.encode(Crypto.randomBytes(12))
        sandboxConfiguration.webhookSecret = "whsec_" + Hex.encode(Crypto.randomBytes(12))
        sandboxConfiguration.webhookURL = "http://127.0.0.1:\(port)/webhooks/wooshpay"
        try await Processes.scenario(sandboxConfiguration) { sandbox, database, pool, processes in
            let h = PaymentHarness(
                pool: pool, sandbox: sandbox, http: PaymentHarness.client(),
                baseURL: "http://127.0.0.1:\(port)", configuration: .forSandbox(sandbox, port: port))
            let serve = try await processes.serve(
                Processes.serveEnvironment(
                    sandbox: sandbox, database: database, ["HTTP_PORT": "\(port)", "SYNC_POLL_INTERVAL": "0.2", "LOG_LEVEL": "debug"]))
            let payment = try await h.sdkPayment()
            try await h.drive(payment.intent, to: "succeeded")
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, try await h.orderStatus(payment.order) != "paid" {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await h.orderStatus(payment.order) == "paid", "the webhooks settled it")
            // The processor counts an event once it has marked it processed, just after the
            // sync that paid the order: scrape until it shows (or give up after 30 s).
            let processed = ["type": "payment_intent.succeeded", "outcome": "processed"]
            var answer = try await h.send(.GET, "/metrics")
            while ContinuousClock.now < deadline + .seconds(30),
                Exposition(text: answer.text, contentType: "").value("merchant_webhook_events_processed_total", processed) == nil
            {
                try await Task.sleep(for: .milliseconds(100))
                answer = try await h.send(.GET, "/metrics")
            }
            let m = Exposition(text: answer.text, contentType: "")
            #expect(answer.status == 200)
            #expect(m.malformed == [])
            #expect(
                (m.value("merchant_webhook_events_processed_total", processed) ?? 0) >= 1,
                "the processor Server.workers built records into the bootstrapped registry")
            #expect((m.value("merchant_webhook_events_received_total", ["type": "payment_intent.succeeded", "outcome": "accepted"]) ?? 0) >= 1)
            #expect((m.value("merchant_gateway_requests_total", ["operation": "create_payment_intent", "outcome": "ok"]) ?? 0) >= 1)
            #expect((m.value("merchant_http_requests_total", ["method": "POST", "route": "/v1/orders/{id}/payments", "status": "201"]) ?? 0) >= 1)
            #expect(m.value("merchant_scrape_database_ok") == 1)
            #expect(m.value("merchant_db_pool_size") == 8)

            serve.terminate()
            try await Processes.waitForExit(serve)
            let lines = processes.log(of: serve).split(separator: "\n").map(String.init)
            #expect(lines.count > 10)
            let invalid = lines.filter { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] == nil }
            #expect(invalid.isEmpty, "not JSON: \(invalid.prefix(3))")
            #expect(lines.contains { $0.contains(#""message":"merchant listening""#) })
            for secret in [sandboxConfiguration.secretKey, sandboxConfiguration.webhookSecret] {
                #expect(!lines.contains { $0.contains(secret) }, "\(secret) in the log")
            }
        }
    }
}
