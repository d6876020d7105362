import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import TestSupport

/// The real application on a fresh database, for idempotency and CORS tests: requests
/// with arbitrary headers, and two admin keys (two callers).
struct IdempotencyHarness: Sendable {
    let client: any TestClientProtocol
    let pool: PostgresPool
    /// `Authorization` header value of the admin key `first`.
    let first: String
    /// `Authorization` header value of the admin key `second`, another caller.
    let second: String

    /// Runs `body` against a fresh database and an application allowing `corsAllowedOrigins`.
    static func with(
        corsAllowedOrigins: [String] = [],
        _ body: @escaping @Sendable (IdempotencyHarness) async throws -> Void
    ) async throws {
        try await TestDatabase.with { pool, _ in
            let keys = AdminKeyStore(pool: pool)
            let first = try await keys.create(name: "first", role: .admin).token.text
            let second = try await keys.create(name: "second", role: .admin).token.text
            var configuration = ServerConfiguration()
            configuration.corsAllowedOrigins = corsAllowedOrigins
            let app = buildApplication(configuration: configuration, pool: pool, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await body(IdempotencyHarness(client: client, pool: pool, first: "Bearer \(first)", second: "Bearer \(second)"))
            }
        }
    }

    /// Sends a request with exactly `headers` (plus `Content-Type: application/json` when a body is given).
    func send(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// `POST /v1/admin/products` as `caller` (the first key by default), with `Idempotency-Key: key` when given.
    func createProduct(_ json: String, key: String?, caller: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: caller ?? first]
        if let key { headers[.idempotencyKey] = key }
        return try await send(.post, "/v1/admin/products", json, headers: headers)
    }

    /// A scalar `count(*) AS n` query result.
    func count(_ sql: String) async throws -> Int {
        try await pool.withConnection { conn in try conn.query(sql).first?.decode("n", as: Int.self) ?? -1 }
    }

    /// Runs a statement (to age records or break a table on purpose).
    func execute(_ sql: String) async throws {
        _ = try await pool.withConnection { conn in try conn.execute(sql) }
    }
}

/// A valid product body with `sku`.
func productJSON(_ sku: String) -> String {
    #"{"sku":"\#(sku)","name":"Mug","prices":[{"currency":"USD","unit_amount":1250}]}"#
}

extension TestResponse {
    /// Whether the response is a stored one sent again.
    var replayed: Bool { headers[.idempotentReplayed] == "true" }
    /// The body as text.
    var text: String { String(buffer: body) }
}
