import CurlTransport
import Foundation
import MerchantServer
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox

/// Two `merchant serve` processes (two replicas) on one database, with every webhook lost
/// (the sandbox has no webhook URL): polling alone settles the payments, and the sandbox's
/// request log shows that no payment intent was ever retrieved by both at once.
@Suite("Poll: two service processes") struct PollProcessTests {
    @Test func twoProcessesSettleEveryPaymentWithoutSyncingOneAttemptTwiceAtOnce() async throws {
        var sandboxConfiguration = SandboxConfiguration()
        // Every retrieve takes 100 ms, so two overlapping syncs of one intent would show.
        sandboxConfiguration.faults.apiLatencyMilliseconds = 100
        try await Processes.scenario(sandboxConfiguration, Self.scenario)
    }

    static func scenario(sandbox: RunningSandbox, database: String, pool: PostgresPool, processes: Processes) async throws {
        let ports = (try WebhookLiveHarness.freePort(), try WebhookLiveHarness.freePort())
        let configuration = ServerConfiguration.forSandbox(sandbox, port: ports.0)
        let h = PaymentHarness(
            pool: pool, sandbox: sandbox, http: PaymentHarness.client(),
            baseURL: "http://127.0.0.1:\(ports.0)", configuration: configuration)
        var environment = Processes.serveEnvironment(
            sandbox: sandbox, database: database,
            ["SYNC_SCHEDULE": "1s", "SYNC_POLL_INTERVAL": "0.1", "SYNC_BATCH": "3"])
        environment["HTTP_PORT"] = "\(ports.0)"
        let a = try await processes.serve(environment)
        environment["HTTP_PORT"] = "\(ports.1)"
        let b = try await processes.serve(environment)

        try await h.seedProduct("MUG")
        var payments: [(order: String, intent: String, paid: Bool)] = []
        for i in 0..<16 {
            let (order, start) = try await h.orderPaying(mode: "sdk")
            let intent = try #require(start.string("payment_intent"))
            if i.isMultiple(of: 2) { try await h.drive(intent, to: "succeeded") }
            payments.append((order.id, intent, i.isMultiple(of: 2)))
        }
        try await h.eventually("every paid order settled by polling", within: 30) {
            try await h.count("SELECT count(*) AS n FROM orders WHERE status = 'paid'") == 8
        }
        // The eight open attempts come due every second; let both processes race for them
        // until each was polled at least twice (a fixed 3 s was too short under a sanitizer).
        let openIntents = payments.filter { !$0.paid }.map(\.intent)
        try await h.eventually("every open attempt polled twice", within: 30) {
            let retrieves = try await Self.intentRetrieves(h)
            return openIntents.allSatisfy { (retrieves[$0]?.count ?? 0) >= 2 }
        }
        for process in [a, b] {
            process.terminate()
            try await Processes.waitForExit(process)
            #expect(process.terminationStatus == 0, "SIGTERM stops a replica cleanly")
        }

        let retrieves = try await Self.intentRetrieves(h)
        for payment in payments {
            let spans = retrieves[payment.intent] ?? []
            #expect(!spans.isEmpty, "\(payment.intent) was polled")
            for (previous, next) in zip(spans, spans.dropFirst()) {
                #expect(next.start >= previous.end, "\(payment.intent) retrieved twice at once: \(previous) and \(next)")
            }
            #expect(try await h.orderStatus(payment.order) == (payment.paid ? "paid" : "awaiting_payment"))
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.paid'",
                    [payment.order]) == (payment.paid ? 1 : 0))
        }
        #expect(openIntents.allSatisfy { (retrieves[$0]?.count ?? 0) >= 2 }, "open attempts were polled again and again")
        let synced = [a, b].map { processes.log(of: $0).components(separatedBy: "payment attempt synced").count - 1 }
        #expect(synced[0] > 0 && synced[1] > 0, "both replicas synced attempts: \(synced)")
    }

    /// The sandbox's log of `GET /v1/payment_intents/{id}`: per intent, each request's
    /// span in epoch milliseconds, by start.
    static func intentRetrieves(_ h: PaymentHarness) async throws -> [String: [(start: Int64, end: Int64)]] {
        let entries = try await h.request(.GET, h.sandbox.baseURL + "/_sandbox/requests").json["data"] as? [[String: Any]] ?? []
        var spans: [String: [(start: Int64, end: Int64)]] = [:]
        let prefix = "/v1/payment_intents/"
        for entry in entries where entry["method"] as? String == "GET" {
            guard let path = entry["path"] as? String, path.hasPrefix(prefix),
                let start = (entry["started_at_ms"] as? NSNumber)?.int64Value,
                let end = (entry["ended_at_ms"] as? NSNumber)?.int64Value
            else { continue }
            spans[String(path.dropFirst(prefix.count)), default: []].append((start, end))
        }
        return spans.mapValues { $0.sorted { $0.start < $1.start } }
    }
}
