import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import TestSupport
import Testing

/// Every failure answers the one error body; none leaks internals.
@Suite struct ErrorModelTests {
    @Test("the database unreachable is 503 service_unavailable on storefront and admin routes, never 500, and names no host")
    func databaseDown() async throws {
        let pool = PostgresPool(
            configuration: .init(connectionString: "host=127.0.0.1 port=1 dbname=gone connect_timeout=2", size: 1),
            logger: TestDatabase.logger)
        defer { pool.close() }
        let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            // Well-formed, so only the database can judge it.
            let wellFormedKey = "Bearer mk_" + String(repeating: "0", count: 16) + "_" + String(repeating: "a", count: 64)
            let order = #"{"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"a@example.com"}}"#
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/v1/orders/ord_000000000000000000000000", nil), (.post, "/v1/orders", order),
                (.get, "/v1/products", nil), (.get, "/v1/admin/orders", nil),
            ]
            for (method, uri, body) in requests {
                let response = try await client.execute(
                    uri: uri, method: method,
                    headers: [.contentType: "application/json", .orderToken: "otok_x", .authorization: wellFormedKey],
                    body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == .serviceUnavailable, "\(method) \(uri)")
                #expect(errorCode(response) == "service_unavailable", "\(method) \(uri)")
                let text = String(buffer: response.body)
                #expect(!text.contains("127.0.0.1") && !text.contains("gone") && !text.contains("could not connect"), "\(text)")
                #expect(response.headers[.requestID] != nil)
            }
        }
    }
}
