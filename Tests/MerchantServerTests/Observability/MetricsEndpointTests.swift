import Foundation
import Logging
import MerchantServer
import PostgresStore
import TestSupport
import Testing

/// `GET /metrics` after a full run: every family is there, labelled by route pattern,
/// operation and outcome (never an id), and the gauges say what the database holds.
@Suite("Observability: /metrics") struct MetricsEndpointTests {
    @Test func everyFamilyIsExposedAfterAPaymentWebhookAndRefundFlow() async throws {
        try await ObservabilityHarness.with(level: .info) { o in
            let flow = try await o.runFlow()
            let m = try await o.scrape()
            #expect(m.contentType.hasPrefix("text/plain; version=0.0.4"))
            #expect(m.malformed == [], "every line is a comment or a sample")

            // HTTP: by method, route pattern and status.
            let http = "merchant_http_requests_total"
            #expect((m.value(http, ["method": "POST", "route": "/v1/orders", "status": "201"]) ?? 0) >= 6)
            #expect((m.value(http, ["method": "POST", "route": "/v1/orders/{id}/payments", "status": "201"]) ?? 0) >= 5)
            #expect((m.value(http, ["method": "POST", "route": "/v1/orders/{id}/payments", "status": "402"]) ?? 0) == 1, "the declined card")
            #expect((m.value(http, ["method": "GET", "route": "/v1/orders/{id}", "status": "200"]) ?? 0) >= 1)
            #expect((m.value(http, ["method": "GET", "route": "/v1/orders/{id}/return", "status": "303"]) ?? 0) == 1)
            #expect((m.value(http, ["method": "GET", "route": "unmatched", "status": "404"]) ?? 0) >= 1)
            #expect((m.value(http, ["method": "POST", "route": "/webhooks/wooshpay", "status": "200"]) ?? 0) >= 2)
            #expect((m.value(http, ["method": "POST", "route": "/webhooks/wooshpay", "status": "400"]) ?? 0) == 1, "the forged one")
            #expect(!m.samples(http, ["method": "POST", "route": "/v1/admin/orders/{id}/refunds"]).isEmpty)
            let latency = "merchant_http_request_duration_seconds"
            let payments = ["method": "POST", "route": "/v1/orders/{id}/payments", "status": "201"]
            #expect(m.value(latency + "_count", payments) == m.value(http, payments))
            #expect(m.value(latency + "_bucket", payments.merging(["le": "+Inf"]) { $1 }) == m.value(http, payments))
            #expect((m.value(latency + "_sum", payments) ?? 0) > 0)
            #expect(m.samples(latency + "_bucket", payments).count >= 10, "a histogram, not a summary")
            // No id ever becomes a label value.
            let ids = flow.orders + ["pay_", "pi_", "cs_", "evt_", "re_", "rf_", "key_"]
            for sample in m.samples where sample.name.hasPrefix("merchant_") {
                for value in sample.labels.values {
                    #expect(!ids.contains { value.contains($0) }, "\(sample.name) \(sample.labels)")
                }
            }

            // WooshPay calls: by operation and outcome, with latency.
            let gateway = "merchant_gateway_requests_total"
            for operation in ["create_payment_intent", "create_checkout_session", "retrieve_payment_intent", "create_refund"] {
                #expect((m.value(gateway, ["operation": operation, "outcome": "ok"]) ?? 0) >= 1, "\(operation)")
                #expect((m.value("merchant_gateway_request_duration_seconds_count", ["operation": operation, "outcome": "ok"]) ?? 0) >= 1)
            }
            #expect(m.samples(gateway, ["outcome": "4xx"]).reduce(0) { $0 + $1.value } >= 1, "the declined card was a 402")
            #expect(
                Set(m.samples(gateway).compactMap { $0.labels["outcome"] }).isSubset(of: ["ok", "4xx", "5xx", "timeout", "transport_error", "other"]))

            // Webhook events, as received and as processed.
            let received = "merchant_webhook_events_received_total"
            #expect((m.value(received, ["type": "payment_intent.succeeded", "outcome": "accepted"]) ?? 0) >= 1)
            #expect(m.samples(received, ["outcome": "duplicate"]).reduce(0) { $0 + $1.value } >= 1, "the sandbox sends each twice")
            #expect(m.value(received, ["type": "unknown", "outcome": "rejected"]) == 1)
            let processed = "merchant_webhook_events_processed_total"
            #expect((m.value(processed, ["type": "payment_intent.succeeded", "outcome": "processed"]) ?? 0) >= 1)
            #expect(Set(m.samples(processed).compactMap { $0.labels["outcome"] }).isSubset(of: ["processed", "ignored", "failed"]))

            // Gauges: what the database holds.
            let open = try await o.h.pool.withConnection { conn in
                try conn.query("SELECT status, count(*) AS n FROM payment_attempts GROUP BY status").reduce(into: [String: Double]()) {
                    $0[try $1.decode("status", as: String.self)] = Double(try $1.decode("n", as: Int.self))
                }
            }
            for status in PostgresOperationalGauges.openAttemptStatuses {
                #expect(m.value("merchant_payment_attempts_open", ["status": status]) == open[status] ?? 0, "\(status)")
                #expect(m.value("merchant_payment_attempts_oldest_open_age_seconds", ["status": status]) != nil, "\(status)")
            }
            #expect((m.value("merchant_payment_attempts_open", ["status": "requires_payment_method"]) ?? 0) >= 1, "the SDK payment left open")
            #expect(m.samples("merchant_payment_attempts_open", ["status": "succeeded"]).isEmpty, "closed statuses are not open")
            #expect(m.value("merchant_sync_lag_seconds", ["queue": "payment_attempts"]) != nil)
            #expect(m.value("merchant_sync_lag_seconds", ["queue": "refunds"]) != nil)
            let pending = try await o.h.count("SELECT count(*) AS n FROM notifications WHERE status = 'pending'")
            #expect(pending >= 1, "order.paid notifications are waiting (no deliverer runs here)")
            #expect(m.value("merchant_outbox_notifications", ["status": "pending"]) == Double(pending))
            #expect(m.value("merchant_outbox_notifications", ["status": "failed"]) == 0)
            #expect((m.value("merchant_outbox_oldest_pending_age_seconds") ?? -1) >= 0)
            #expect(m.value("merchant_webhook_inbox_events", ["status": "received"]) != nil)
            #expect(m.value("merchant_webhook_inbox_events", ["status": "failed"]) != nil)
            #expect(m.value("merchant_webhook_inbox_oldest_age_seconds") != nil)
            #expect(m.value("merchant_db_pool_size") == 4)
            let inUse = try #require(m.value("merchant_db_pool_connections", ["state": "in_use"]))
            let idle = try #require(m.value("merchant_db_pool_connections", ["state": "idle"]))
            #expect(inUse + idle == 4)
            #expect(m.value("merchant_db_pool_waiting") == 0)
            #expect(m.value("merchant_scrape_database_ok") == 1)
        }
    }

    @Test func gaugesMeasureAgesLagsAndBacklogsAtScrapeTime() async throws {
        try await ObservabilityHarness.with(level: .info) { o in
            _ = try await o.runFlow()
            let other = try await o.h.placeOrder([("MUG", 1)])
            let started = try await o.h.pay(other, #"{"mode":"sdk"}"#)
            #expect(started.status == 201)
            // The intent's `payment_intent.created` webhook syncs the attempt from WooshPay: it
            // must be done before the ages below are faked, or it would undo them.
            let intent = try #require(started.string("payment_intent"))
            try await o.h.eventually("the created event processed") {
                try await o.h.count("SELECT count(*) AS n FROM webhook_events WHERE object_id = $1 AND status = 'processed'", [intent]) >= 1
            }
            // Two open attempts: one created an hour ago whose check is ten minutes overdue,
            // one (requires_action) created two hours ago and one minute overdue; a
            // notification given up; a webhook event failing for five minutes; a refund
            // whose check is two minutes overdue.
            try await o.h.pool.withTransaction { tx in
                try tx.query(
                    """
                    UPDATE payment_attempts SET created_at = now() - interval '1 hour', next_sync_at = now() - interval '10 minutes'
                    WHERE id = (SELECT id FROM payment_attempts WHERE status = 'requires_payment_method' ORDER BY created_at LIMIT 1)
                    """)
                try tx.query(
                    """
                    UPDATE payment_attempts SET status = 'requires_action', created_at = now() - interval '2 hours',
                        next_sync_at = now() - interval '1 minute'
                    WHERE order_id = $1
                    """, [other.id])
                try tx.query(
                    """
                    UPDATE notifications SET status = 'failed', next_attempt_at = NULL
                    WHERE id = (SELECT id FROM notifications WHERE status = 'pending' ORDER BY seq LIMIT 1)
                    """)
                try tx.query(
                    """
                    INSERT INTO webhook_events (event_id, type, raw_body, status, attempts, next_attempt_at, received_at)
                    VALUES ('evt_stuck', 'payment_intent.succeeded', '{}', 'failed', 3, now() + interval '1 hour', now() - interval '5 minutes')
                    """)
                try tx.query("UPDATE refunds SET next_sync_at = now() - interval '2 minutes' WHERE id = (SELECT id FROM refunds LIMIT 1)")
            }
            let m = try await o.scrape()
            let age = try #require(m.value("merchant_payment_attempts_oldest_open_age_seconds", ["status": "requires_payment_method"]))
            #expect(abs(age - 3600) < 60, "\(age)")
            let actionAge = try #require(m.value("merchant_payment_attempts_oldest_open_age_seconds", ["status": "requires_action"]))
            #expect(abs(actionAge - 7200) < 60, "\(actionAge)")
            #expect(m.value("merchant_payment_attempts_open", ["status": "requires_action"]) == 1)
            let lag = try #require(m.value("merchant_sync_lag_seconds", ["queue": "payment_attempts"]))
            #expect(abs(lag - 600) < 60, "\(lag)")
            let refundLag = try #require(m.value("merchant_sync_lag_seconds", ["queue": "refunds"]))
            #expect(abs(refundLag - 120) < 60, "\(refundLag)")
            #expect(m.value("merchant_outbox_notifications", ["status": "failed"]) == 1)
            #expect(m.value("merchant_webhook_inbox_events", ["status": "failed"]) == 1)
            let inboxAge = try #require(m.value("merchant_webhook_inbox_oldest_age_seconds"))
            #expect(abs(inboxAge - 300) < 60, "\(inboxAge)")
            // The failed-notification count is served by its partial index.
            let plan = try await o.h.pool.withConnection { conn in
                try conn.execute("SET enable_seqscan = off")
                return try conn.query("EXPLAIN SELECT count(*) FROM notifications WHERE status = 'failed'")
                    .map { try $0.decode("QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
            #expect(plan.contains("notifications_failed"), "\(plan)")
        }
    }

    @Test func aScrapeWithoutTheDatabaseStillAnswersAndSaysSo() async throws {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            let metrics = ServiceMetrics()
            // The first scrape opens the connection: on a loaded machine that may take longer than 2 s.
            let first = Exposition(
                text: String(decoding: await metrics.exposition(pool: pool, databaseTimeout: .seconds(30)), as: UTF8.self),
                contentType: "")
            #expect(first.value("merchant_scrape_database_ok") == 1)
            #expect(first.value("merchant_payment_attempts_open", ["status": "pending"]) == 0)
            pool.close()
            let log = LogCapture()
            let logger = Logger(label: "merchant") { Server.logHandler(label: $0, format: .json, level: .info, sink: log.sink) }
            let second = Exposition(
                text: String(decoding: await metrics.exposition(pool: pool, logger: logger), as: UTF8.self),
                contentType: "")
            #expect(second.value("merchant_scrape_database_ok") == 0)
            #expect(
                log.captured.count == 1 && log.text.contains("the database gauges could not be read") && log.text.contains("poolClosed"),
                "the operator learns why: \(log.text)")
            #expect(second.value("merchant_db_pool_size") == 1)
        }
    }

    @Test func aSaturatedPoolDoesNotHoldTheScrape() async throws {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            let metrics = ServiceMetrics()
            let (held, holding) = AsyncStream<Void>.makeStream()
            let released = ReleaseFlag()
            let blocker = Task {
                try await pool.withConnection { conn in
                    holding.yield()
                    // Long enough that even a starved machine's 300 ms scrape timeout fires first.
                    _ = try conn.query("SELECT pg_sleep(10)")
                }
                await released.set()
            }
            var iterator = held.makeAsyncIterator()
            _ = await iterator.next()
            let started = ContinuousClock.now
            let scrape = Exposition(
                text: String(
                    decoding: await metrics.exposition(pool: pool, databaseTimeout: .milliseconds(300)),
                    as: UTF8.self), contentType: "")
            // The scrape gave up on the pool instead of waiting for the held connection
            // (asserted by order, not by a time, so a loaded machine cannot fail it).
            #expect(await !released.isSet, "the scrape waited for the connection (\(ContinuousClock.now - started))")
            #expect(scrape.value("merchant_scrape_database_ok") == 0)
            #expect(scrape.value("merchant_db_pool_connections", ["state": "in_use"]) == 1)
            #expect(scrape.value("merchant_db_pool_waiting") == 0 || scrape.value("merchant_db_pool_waiting") == 1)
            try await blocker.value
        }
    }
}

/// Set once the blocking query has given its connection back.
private actor ReleaseFlag {
    private(set) var isSet = false
    func set() { isSet = true }
}
