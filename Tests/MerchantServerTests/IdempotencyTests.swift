import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import Testing
import Workers

@Suite("Idempotency-Key on POST endpoints")
struct IdempotencyTests {
    @Test("same key and body: the product is created once; the repeat replays status and body")
    func replay() async throws {
        try await IdempotencyHarness.with { h in
            let first = try await h.createProduct(productJSON("MUG"), key: "k-1")
            #expect(first.status == .created)
            #expect(!first.replayed)
            let again = try await h.createProduct(productJSON("MUG"), key: "k-1")
            #expect(again.status == .created)
            #expect(again.text == first.text)
            #expect(again.replayed)
            #expect(again.headers[.contentType] == "application/json; charset=utf-8")
            #expect(try await h.count("SELECT count(*) AS n FROM products") == 1)
        }
    }

    @Test("same key, other body: 409 idempotency_key_reused and nothing written")
    func reusedWithOtherBody() async throws {
        try await IdempotencyHarness.with { h in
            #expect(try await h.createProduct(productJSON("MUG"), key: "k-1").status == .created)
            let other = try await h.createProduct(productJSON("TEE"), key: "k-1")
            #expect(other.status == .conflict)
            #expect(errorCode(other) == "idempotency_key_reused")
            #expect(try await h.count("SELECT count(*) AS n FROM products WHERE sku = 'TEE'") == 0)
        }
    }

    @Test("a route's 4xx (invalid SKU, taken SKU) is stored and replayed byte for byte")
    func clientErrorsReplayed() async throws {
        try await IdempotencyHarness.with { h in
            let invalid = try await h.createProduct(productJSON("bad sku!"), key: "k-invalid")
            #expect(invalid.status == .badRequest)
            #expect(errorCode(invalid) == "invalid_sku")
            #expect(try await h.createProduct(productJSON("MUG"), key: nil).status == .created)
            let taken = try await h.createProduct(productJSON("MUG"), key: "k-taken")
            #expect(taken.status == .conflict)
            #expect(errorCode(taken) == "sku_exists")
            for (key, sku, original) in [("k-invalid", "bad sku!", invalid), ("k-taken", "MUG", taken)] {
                let again = try await h.createProduct(productJSON(sku), key: key)
                // The body carries the first request's request_id: it is the stored answer.
                #expect(again.status == original.status, "\(key)")
                #expect(again.text == original.text, "\(key)")
                #expect(again.replayed, "\(key)")
            }
        }
    }

    @Test("the same key from another caller is independent")
    func scopedToCaller() async throws {
        try await IdempotencyHarness.with { h in
            #expect(try await h.createProduct(productJSON("MUG"), key: "shared").status == .created)
            let other = try await h.createProduct(productJSON("TEE"), key: "shared", caller: h.second)
            #expect(other.status == .created)
            #expect(!other.replayed)
            #expect(try await h.count("SELECT count(*) AS n FROM products") == 2)
        }
    }

    @Test("8 concurrent requests with one key create exactly one product")
    func concurrent() async throws {
        try await IdempotencyHarness.with { h in
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<8 { group.addTask { try await h.createProduct(productJSON("MUG"), key: "race") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let owners = responses.filter { $0.status == .created && !$0.replayed }
            #expect(owners.count == 1)
            for response in responses where response.status != .created {
                #expect(response.status == .conflict)
                #expect(errorCode(response) == "idempotency_key_in_use")
            }
            for response in responses where response.replayed { #expect(response.text == owners.first?.text) }
            #expect(try await h.count("SELECT count(*) AS n FROM products") == 1)
        }
    }

    @Test("a record older than 24 h no longer replays: the request runs again")
    func expired() async throws {
        try await IdempotencyHarness.with { h in
            #expect(try await h.createProduct(productJSON("MUG"), key: "old").status == .created)
            try await h.execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'")
            let rerun = try await h.createProduct(productJSON("MUG"), key: "old")
            #expect(!rerun.replayed)
            #expect(errorCode(rerun) == "sku_exists")
            // Another body is no mismatch either: the old record is gone.
            #expect(try await h.createProduct(productJSON("TEE"), key: "other-old").status == .created)
            try await h.execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' ")
            #expect(try await h.createProduct(productJSON("CAP"), key: "other-old").status == .created)
            #expect(try await h.count("SELECT count(*) AS n FROM products") == 3)
        }
    }

    @Test("purgeExpired deletes only records older than the limit")
    func purge() async throws {
        try await IdempotencyHarness.with { h in
            let store = PostgresIdempotencyStore(pool: h.pool)
            for key in ["fresh", "recent", "old"] {
                #expect(try await store.begin(scope: "s", key: key, requestHash: "h") == .proceed(resumed: false))
            }
            try await store.complete(scope: "s", key: "old", status: 201, body: "{}")
            try await h.execute("UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE key = 'recent'")
            try await h.execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'")
            #expect(try await store.purgeExpired(olderThanSeconds: 24 * 3600) == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys WHERE key IN ('fresh', 'recent')") == 2)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 2)
        }
    }

    @Test("the server's housekeeping deletes day-old keys; a failing job does not stop the others")
    func housekeeping() async throws {
        try await IdempotencyHarness.with { h in
            let store = PostgresIdempotencyStore(pool: h.pool)
            for key in ["fresh", "old"] { #expect(try await store.begin(scope: "s", key: key, requestHash: "h") == .proceed(resumed: false)) }
            try await h.execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'")
            #expect(await Server.housekeeping(pool: h.pool, logger: TestDatabase.logger).runOnce()["idempotency_keys"] == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'fresh'") == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 1)

            struct Broken: Error {}
            let jobs = Housekeeping(
                jobs: [.init(name: "broken") { throw Broken() }, .init(name: "after") { 7 }],
                logger: TestDatabase.logger)
            #expect(await jobs.runOnce() == ["after": 7])
        }
    }

    @Test("begin: proceed, then in progress, mismatch on another hash, replay once complete; release keeps answers")
    func storeStates() async throws {
        try await IdempotencyHarness.with { h in
            let store = PostgresIdempotencyStore(pool: h.pool)
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .proceed(resumed: false))
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .inProgress)
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h2") == .mismatch)
            #expect(try await store.begin(scope: "other", key: "k", requestHash: "h2") == .proceed(resumed: false))
            try await store.release(scope: "other", key: "k")
            #expect(try await store.begin(scope: "other", key: "k", requestHash: "h3") == .proceed(resumed: false))
            try await store.complete(scope: "s", key: "k", status: 409, body: #"{"a":1}"#)
            try await store.release(scope: "s", key: "k")
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .replay(status: 409, body: #"{"a":1}"#))
        }
    }

    @Test("an unanswered claim not renewed for the lease is taken over once, with the same body only; renewal keeps it")
    func leaseTakeover() async throws {
        try await IdempotencyHarness.with { h in
            let store = PostgresIdempotencyStore(pool: h.pool, leaseSeconds: 15)
            let age = "UPDATE idempotency_keys SET claimed_at = now() - interval '20 seconds'"
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .proceed(resumed: false))
            try await h.execute(age)
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h2") == .mismatch)
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .proceed(resumed: true), "a take-over says so")
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .inProgress, "the taker's claim is fresh")
            try await h.execute(age)
            try await store.renew(scope: "s", key: "k")
            #expect(try await store.begin(scope: "s", key: "k", requestHash: "h1") == .inProgress, "a renewed claim holds")
            try await store.complete(scope: "s", key: "k", status: 201, body: "{}")
            try await h.execute(age)
            #expect(
                try await store.begin(scope: "s", key: "k", requestHash: "h1") == .replay(status: 201, body: "{}"),
                "an answered key is never taken over")
        }
    }

    @Test("the owner renews its claim while the route runs, and stops when it has answered")
    func ownerRenews() async throws {
        let store = CountingStore()
        let router = Router(context: APIRequestContext.self)
        router.middlewares.add(IdempotencyMiddleware(store: store, secrets: idempotencySecrets, caller: .adminKey))
        router.post("/slow") { _, _ -> String in
            try await Task.sleep(for: .milliseconds(1500))
            return "done"
        }
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/slow", method: .post, headers: [.idempotencyKey: "k"])
            #expect(response.status == .ok)
        }
        let renewed = await store.renewals
        #expect(renewed >= 1, "a 1 s lease is renewed every 333 ms: 1.5 s of work renews it")
        try await Task.sleep(for: .milliseconds(800))
        #expect(await store.renewals == renewed, "no renewal after the answer")
        #expect(await store.completed == 1)
    }

    @Test("without the header, POSTs behave as before and nothing is recorded; GET ignores the header")
    func withoutHeader() async throws {
        try await IdempotencyHarness.with { h in
            #expect(try await h.createProduct(productJSON("MUG"), key: nil).status == .created)
            let again = try await h.createProduct(productJSON("MUG"), key: nil)
            #expect(errorCode(again) == "sku_exists")
            #expect(!again.replayed)
            let list = try await h.send(.get, "/v1/admin/products", headers: [.authorization: h.first, .idempotencyKey: "g"])
            #expect(list.status == .ok)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 0)
        }
    }

    @Test("an empty, 256+ byte or non-ASCII key is 400 invalid_idempotency_key and nothing runs; 255 is fine")
    func invalidKey() async throws {
        try await IdempotencyHarness.with { h in
            // 128 two-byte letters are 256 bytes: the limit counts what was sent.
            for key in [
                "", String(repeating: "k", count: 300), String(repeating: "k", count: 256),
                String(repeating: "é", count: 128), "key with spaces", "clé",
            ] {
                let response = try await h.createProduct(productJSON("MUG"), key: key)
                #expect(response.status == .badRequest, "\(key.count)")
                #expect(errorCode(response) == "invalid_idempotency_key", "\(key.count)")
            }
            #expect(try await h.count("SELECT count(*) AS n FROM products") == 0)
            #expect(try await h.createProduct(productJSON("MUG"), key: String(repeating: "k", count: 255)).status == .created)
        }
    }

    @Test("a keyed body over 64 KiB is 413 body_too_large and nothing is recorded")
    func bodyTooLarge() async throws {
        try await IdempotencyHarness.with { h in
            let big = productJSON("MUG").replacingOccurrences(of: #""Mug""#, with: "\"" + String(repeating: "m", count: 70_000) + "\"")
            let response = try await h.createProduct(big, key: "big")
            #expect(response.status == .contentTooLarge)
            #expect(errorCode(response) == "body_too_large")
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 0)
        }
    }

    @Test("a 5xx releases the key: the retry with the same key runs")
    func serverErrorReleases() async throws {
        try await IdempotencyHarness.with { h in
            try await h.execute("ALTER TABLE product_prices RENAME TO product_prices_gone")
            let failed = try await h.createProduct(productJSON("MUG"), key: "retry")
            #expect(failed.status == .internalServerError)
            #expect(try await h.count("SELECT count(*) AS n FROM idempotency_keys") == 0)
            try await h.execute("ALTER TABLE product_prices_gone RENAME TO product_prices")
            let retried = try await h.createProduct(productJSON("MUG"), key: "retry")
            #expect(retried.status == .created)
            #expect(!retried.replayed)
        }
    }

    @Test("an unusable store answers 503 and the route does not run unprotected")
    func storeDown() async throws {
        try await IdempotencyHarness.with { h in
            try await h.execute("ALTER TABLE idempotency_keys RENAME TO idempotency_keys_gone")
            let refused = try await h.createProduct(productJSON("MUG"), key: "k")
            #expect(refused.status == .serviceUnavailable)
            #expect(errorCode(refused) == "service_unavailable")
            #expect(try await h.count("SELECT count(*) AS n FROM products") == 0)
            #expect(try await h.createProduct(productJSON("MUG"), key: nil).status == .created)
        }
    }
}

/// An in-memory store with a 1 s lease that counts renewals (pure unit test of the middleware).
private actor CountingStore: IdempotencyStore {
    nonisolated var leaseSeconds: Int { 1 }
    private(set) var renewals = 0
    private(set) var completed = 0
    func begin(scope: String, key: String, requestHash: String) async throws -> IdempotencyBegin { .proceed(resumed: false) }
    func renew(scope: String, key: String) async throws { renewals += 1 }
    func complete(scope: String, key: String, status: Int, body: String) async throws { completed += 1 }
    func release(scope: String, key: String) async throws {}
    func purgeExpired(olderThanSeconds: Int) async throws -> Int { 0 }
}
