import CurlTransport
import Foundation
import MerchantServer
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox

/// `merchant serve` as a real process, killed with SIGKILL after acknowledging a webhook
/// and before processing it: the acknowledged event is in the inbox, so the next process
/// processes it. (SYNC_POLL_INTERVAL=60 keeps the first process from getting to it.)
@Suite("Webhook crash recovery") struct WebhookCrashTests {
    @Test func anEventAcknowledgedBeforeAKillNineIsProcessedAfterRestart() async throws {
        try await Processes.scenario(SandboxConfiguration(), Self.scenario)
    }

    /// Serve, acknowledge, kill -9, check nothing was processed, serve again, check it was.
    static func scenario(sandbox: RunningSandbox, database: String, pool: PostgresPool, processes: Processes) async throws {
        let port = try WebhookLiveHarness.freePort()
        let configuration = ServerConfiguration.forSandbox(sandbox, port: port)
        let h = PaymentHarness(
            pool: pool, sandbox: sandbox, http: PaymentHarness.client(),
            baseURL: "http://127.0.0.1:\(port)", configuration: configuration)
        var environment = Processes.serveEnvironment(
            sandbox: sandbox, database: database,
            ["HTTP_PORT": "\(port)", "SYNC_POLL_INTERVAL": "60"])

        let first = try await processes.serve(environment)
        let payment = try await h.sdkPayment()
        try await h.drive(payment.intent, to: "succeeded")
        // The process's first tick ran at start-up; the next is a minute away.
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await h.deliver(PaymentHarness.intentEvent("evt_kill", intent: payment.intent)).status == 200)
        #expect(try await h.inboxRow("evt_kill")?["attempts"] == "0", "acknowledged, not yet processed")
        kill(first.processIdentifier, SIGKILL)
        try await Processes.waitForExit(first)
        #expect(try await h.inboxRow("evt_kill")?["status"] == "received")
        #expect(try await h.orderStatus(payment.order) == "awaiting_payment")

        environment["SYNC_POLL_INTERVAL"] = "0.2"
        let second = try await processes.serve(environment)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, try await h.inboxRow("evt_kill")?["status"] != "processed" {
            try await Task.sleep(for: .milliseconds(100))
        }
        second.terminate()
        try await Processes.waitForExit(second)
        #expect(second.terminationStatus == 0, "SIGTERM stops the processor cleanly")
        #expect(try await h.inboxRow("evt_kill")?["status"] == "processed")
        #expect(try await h.inboxRow("evt_kill")?["attempts"] == "1")
        #expect(try await h.orderStatus(payment.order) == "paid")
        #expect(
            try await h.count(
                "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid' AND cause = 'webhook:evt_kill'",
                [payment.order]) == 1)
    }
}
