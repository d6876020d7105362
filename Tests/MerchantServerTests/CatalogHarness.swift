import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import TestSupport

/// The real application on a fresh database, with one active admin key, for catalog and
/// admin-auth tests.
struct CatalogHarness: Sendable {
    let client: any TestClientProtocol
    let pool: PostgresPool
    /// The full text of an active admin key named `test-admin`.
    let adminKey: String

    /// Runs `body` against a fresh database and application.
    static func with(_ body: @escaping @Sendable (CatalogHarness) async throws -> Void) async throws {
        try await TestDatabase.with { pool, _ in
            let key = try await AdminKeyStore(pool: pool).create(name: "test-admin", role: .admin).token.text
            let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await body(CatalogHarness(client: client, pool: pool, adminKey: key))
            }
        }
    }

    /// Sends a request authenticated with the harness's admin key.
    func admin(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil) async throws -> TestResponse {
        try await send(method, uri, json, authorization: "Bearer \(adminKey)")
    }

    /// Sends a request with the given `Authorization` header (none when `nil`).
    func send(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil, authorization: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let authorization { headers[.authorization] = authorization }
        return try await client.execute(
            uri: uri, method: method, headers: headers,
            body: json.map { ByteBuffer(string: $0) })
    }

    /// A scalar `count(*)`-style query result.
    func count(_ sql: String) async throws -> Int {
        try await pool.withConnection { conn in
            try conn.query(sql).first?.decode("n", as: Int.self) ?? -1
        }
    }

    /// Rows in `products` and `product_prices`, to prove a refused request wrote nothing.
    func tableCounts() async throws -> [Int] {
        [try await count("SELECT count(*) AS n FROM products"), try await count("SELECT count(*) AS n FROM product_prices")]
    }

    /// Creates a product through the API; returns the response.
    @discardableResult
    func createProduct(
        sku: String, name: String = "Mug", stock: String = "null", active: Bool = true,
        prices: String = #"[{"currency":"USD","unit_amount":1250},{"currency":"EUR","unit_amount":1100}]"#
    ) async throws -> TestResponse {
        try await admin(
            .post, "/v1/admin/products",
            #"{"sku":"\#(sku)","name":"\#(name)","active":\#(active),"stock":\#(stock),"prices":\#(prices)}"#)
    }
}

/// The response body as a JSON object (empty when it is not one).
func jsonObject(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any] ?? [:]
}

/// `error.code` of an API error body.
func errorCode(_ response: TestResponse) -> String? {
    (jsonObject(response)["error"] as? [String: Any])?["code"] as? String
}

/// `data` of a list response.
func listData(_ response: TestResponse) -> [[String: Any]] {
    jsonObject(response)["data"] as? [[String: Any]] ?? []
}
