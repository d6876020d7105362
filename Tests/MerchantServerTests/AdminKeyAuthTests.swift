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

@Suite("Admin API key authentication")
struct AdminKeyAuthTests {
    /// Every admin route with a body that would change something if it were accepted.
    static let adminRequests: [(HTTPRequest.Method, String, String?)] = [
        (.post, "/v1/admin/products", #"{"sku":"NEW","name":"x","prices":[{"currency":"USD","unit_amount":1}]}"#),
        (.get, "/v1/admin/products", nil),
        (.get, "/v1/admin/products/MUG", nil),
        (.patch, "/v1/admin/products/MUG", #"{"name":"hacked","stock":0}"#),
        (.delete, "/v1/admin/products/MUG", nil),
    ]

    /// Sends every admin request with `authorization`; each must be a 401 invalid_api_key
    /// and the catalog must be exactly as before.
    func expectRefused(_ h: CatalogHarness, authorization: String?, _ label: String) async throws {
        let before = String(buffer: try await h.admin(.get, "/v1/admin/products").body)
        for (method, uri, body) in Self.adminRequests {
            let response = try await h.send(method, uri, body, authorization: authorization)
            #expect(response.status == .unauthorized, "\(label): \(method) \(uri)")
            let error = jsonObject(response)["error"] as? [String: Any]
            #expect(error?["type"] as? String == "authentication_error", "\(label)")
            #expect(error?["code"] as? String == "invalid_api_key", "\(label)")
        }
        #expect(String(buffer: try await h.admin(.get, "/v1/admin/products").body) == before, "\(label)")
        #expect(try await h.tableCounts() == [1, 2], "\(label)")
    }

    @Test("no key, a malformed header, an unknown or wrong key: 401 and nothing changes")
    func refused() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            guard let real = AdminKeyToken(parsing: h.adminKey) else {
                Issue.record("the harness key does not parse")
                return
            }
            let wrongSecret = AdminKeyToken(idHex: real.idHex, secret: String(repeating: "0", count: 64))?.text ?? ""
            let unknownID = AdminKeyToken(idHex: "0000000000000000", secret: real.secret)?.text ?? ""
            let cases: [(String?, String)] = [
                (nil, "no header"),
                ("", "empty header"),
                ("Bearer", "scheme only"),
                ("Basic \(h.adminKey)", "another scheme"),
                ("Bearer \(h.adminKey) extra", "trailing garbage"),
                ("Bearer \(h.adminKey.uppercased())", "upper-cased key"),
                ("Bearer \(h.adminKey.dropLast())", "truncated key"),
                ("Bearer mk_zz_\(real.secret)", "malformed id"),
                ("Bearer \(wrongSecret)", "wrong secret"),
                ("Bearer \(unknownID)", "unknown id"),
                ("Bearer \(real.secret)", "secret alone"),
            ]
            for (authorization, label) in cases {
                try await expectRefused(h, authorization: authorization, label)
            }
            // The scheme is case-insensitive (RFC 9110), the key itself is not.
            #expect(try await h.send(.get, "/v1/admin/products", authorization: "bearer \(h.adminKey)").status == .ok)
        }
    }

    @Test("a revoked key is refused at once and nothing changes")
    func revoked() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let store = AdminKeyStore(pool: h.pool)
            let other = try await store.create(name: "to-revoke", role: .admin).token.text
            #expect(try await h.send(.get, "/v1/admin/products", authorization: "Bearer \(other)").status == .ok)
            #expect(try await store.revoke("to-revoke") == .revoked(id: AdminKeyToken(parsing: other)?.keyID ?? "", name: "to-revoke"))
            try await expectRefused(h, authorization: "Bearer \(other)", "revoked")
        }
    }

    @Test("the public list needs no key")
    func publicOpen() async throws {
        try await CatalogHarness.with { h in
            let anonymous = try await h.send(.get, "/v1/products", authorization: nil)
            let nonsense = try await h.send(.get, "/v1/products", authorization: "Bearer nonsense")
            #expect(anonymous.status == .ok)
            #expect(nonsense.status == .ok)
        }
    }

    @Test("handlers see the authenticating key's name in the request context")
    func keyNameInContext() async throws {
        try await TestDatabase.with { pool, _ in
            let key = try await AdminKeyStore(pool: pool).create(name: "back-office", role: .admin).token.text
            let router = Router(context: APIRequestContext.self)
            router.middlewares.add(ErrorMiddleware())
            router.group("/admin").add(middleware: AdminAuthMiddleware(verifier: AdminKeyStore(pool: pool), metrics: ServiceMetrics().factory))
                .get("/whoami") { _, context in context.adminKeyName ?? "(none)" }
            router.get("/public") { _, context in context.adminKeyName ?? "(none)" }
            let app = Application(router: router)
            try await app.test(.router) { client in
                let auth: HTTPFields = [.authorization: "Bearer \(key)"]
                try await client.execute(uri: "/admin/whoami", method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "back-office")
                }
                try await client.execute(uri: "/public", method: .get, headers: auth) { response in
                    #expect(String(buffer: response.body) == "(none)")
                }
                try await client.execute(uri: "/admin/whoami", method: .get) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
    }
}
