import CurlTransport
import MerchantServer
import TestSupport
import Testing
import WooshPaySandbox

/// Every attempt at WooshPay is counted with its outcome: retried 500s and timeouts once
/// per attempt, a 404 once, a refused connection as a transport error.
@Suite("Observability: WooshPay outcomes") struct GatewayMetricsTests {
    @Test func eachAttemptCountsWithItsOutcome() async throws {
        let metrics = ServiceMetrics()
        var faults = SandboxConfiguration()
        faults.faults.apiErrorRate = 1
        try await PaymentHarness.withSandbox(faults) { sandbox in
            let configuration = ServerConfiguration.forSandbox(sandbox, port: 0)
            // Generous for answers (a loaded machine), short where the test wants a timeout.
            let gateway = makeGateway(configuration, logger: TestDatabase.logger, timeout: .seconds(20), retries: 1, metrics: metrics.factory)
            let impatient = makeGateway(configuration, logger: TestDatabase.logger, timeout: .seconds(1), retries: 1, metrics: metrics.factory)
            let client = PaymentHarness.client()
            func setFaults(_ json: String) async throws {
                _ = try await client.send(
                    HTTPRequest(
                        method: .POST, url: sandbox.baseURL + "/_sandbox/faults",
                        headers: [("Content-Type", "application/json")], body: Array(json.utf8)))
            }
            _ = try? await gateway.retrievePaymentIntent(id: "pi_missing")  // 500, retried: 500
            try await setFaults(#"{"api_error_rate":0,"api_timeout_rate":1,"api_timeout_ms":5000}"#)
            _ = try? await impatient.retrievePaymentIntent(id: "pi_missing")  // no answer in 1 s, twice
            try await setFaults(#"{"api_timeout_rate":0}"#)
            _ = try? await gateway.retrievePaymentIntent(id: "pi_missing")  // 404, not retried
            var closed = configuration
            closed.wooshPay.apiBase = "http://127.0.0.1:9"
            let unreachable = makeGateway(closed, logger: TestDatabase.logger, timeout: .seconds(20), retries: 1, metrics: metrics.factory)
            _ = try? await unreachable.retrieveRefund(id: "re_missing")  // refused, retried: refused
        }
        let m = Exposition(text: metrics.registry.emitToString(), contentType: "")
        let name = "merchant_gateway_requests_total"
        #expect(m.value(name, ["operation": "retrieve_payment_intent", "outcome": "5xx"]) == 2)
        #expect(m.value(name, ["operation": "retrieve_payment_intent", "outcome": "timeout"]) == 2)
        #expect(m.value(name, ["operation": "retrieve_payment_intent", "outcome": "4xx"]) == 1)
        #expect(m.value(name, ["operation": "retrieve_refund", "outcome": "transport_error"]) == 2)
        #expect(m.samples(name).count == 4, "\(m.samples(name).map(\.labels))")
        let timeouts = try #require(
            m.value("merchant_gateway_request_duration_seconds_sum", ["operation": "retrieve_payment_intent", "outcome": "timeout"]))
        #expect(timeouts >= 1.9 && timeouts < 10, "two attempts of about a second: \(timeouts)")
        #expect(
            m.value(
                "merchant_gateway_request_duration_seconds_bucket",
                ["operation": "retrieve_payment_intent", "outcome": "timeout", "le": "0.5"]) == 0)
    }
}
