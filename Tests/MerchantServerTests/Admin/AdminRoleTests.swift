import Foundation
import HTTPTypes
import HummingbirdTesting
import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// Admin roles end to end on the real application and PostgreSQL: a route the key's role
/// does not allow is 403 `insufficient_permissions` and changes nothing; allowed routes run
/// (a refund of an unknown order reaching the route answers 404, not 403).
@Suite("Admin: roles end to end") struct AdminRoleTests {
    /// One key per role, by role.
    static func keys(_ h: CatalogHarness) async throws -> [AdminRole: String] {
        var keys = [AdminRole: String]()
        for role in AdminRole.allCases {
            keys[role] = try await AdminKeyStore(pool: h.pool).create(name: "key-\(role.rawValue)", role: role).token.text
        }
        return keys
    }

    static func price(_ h: CatalogHarness, _ sku: String) async throws -> Int {
        try await h.count("SELECT unit_amount::int AS n FROM product_prices WHERE sku = '\(sku)' AND currency = 'EUR'")
    }

    @Test func eachRoleMayDoItsClassOfRoutesAndNothingElse() async throws {
        try await CatalogHarness.with { h in
            let keys = try await Self.keys(h)
            try await h.createProduct(sku: "MUG")
            for role in AdminRole.allCases {
                let auth = "Bearer \(keys[role]!)"
                let read = try await h.send(.get, "/v1/admin/products/MUG", authorization: auth)
                #expect(read.status == .ok, "\(role) reads")

                let before = try await Self.price(h, "MUG")
                let patch = try await h.send(
                    .patch, "/v1/admin/products/MUG",
                    #"{"prices":[{"currency":"EUR","unit_amount":\#(before + 1)}]}"#, authorization: auth)
                let refund = try await h.send(
                    .post, "/v1/admin/orders/ord_00000000000000000000/refunds",
                    #"{"amount":100}"#, authorization: auth)
                let mayCatalog = role == .catalog || role == .admin
                let mayOperate = role == .operator || role == .admin
                #expect(patch.status == (mayCatalog ? .ok : .forbidden), "\(role) price change")
                #expect(try await Self.price(h, "MUG") == (mayCatalog ? before + 1 : before), "\(role): price in the database")
                #expect(refund.status == (mayOperate ? .notFound : .forbidden), "\(role) refund: \(String(buffer: refund.body))")
                for refused in [patch, refund] where refused.status == .forbidden {
                    let error = jsonObject(refused)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "insufficient_permissions")
                    #expect(error?["type"] as? String == "permission_error")
                    #expect(error?["request_id"] as? String != nil)
                }
            }
            // Refused requests changed nothing and left no audit row: only the two allowed
            // price changes and the two refund attempts that reached the route are there.
            #expect(try await h.count("SELECT count(*)::int AS n FROM admin_audit WHERE action = 'product.updated'") == 2)
            #expect(try await h.count("SELECT count(*)::int AS n FROM admin_audit WHERE action = 'refund.created'") == 2)
            #expect(try await h.count("SELECT count(*)::int AS n FROM refunds") == 0)
        }
    }

    @Test func aPriceChangeIsAuditedWithItsActorAndTheValuesBeforeAndAfter() async throws {
        try await CatalogHarness.with { h in
            let keys = try await Self.keys(h)
            try await h.createProduct(sku: "MUG")
            let changed = try await h.send(
                .patch, "/v1/admin/products/MUG", #"{"prices":[{"currency":"EUR","unit_amount":1}]}"#,
                authorization: "Bearer \(keys[.catalog]!)")
            #expect(changed.status == .ok)
            let row = try await h.pool.withConnection { conn in
                try conn.query(
                    """
                    SELECT actor, role, target, request_id, (before->'prices'->>'EUR')::int AS before_eur,
                           (after->'prices'->>'EUR')::int AS after_eur, after->'prices' ? 'USD' AS after_has_usd
                    FROM admin_audit WHERE action = 'product.updated'
                    """
                ).first
            }
            #expect(try row?.decode("actor", as: String.self) == "key-catalog")
            #expect(try row?.decode("role", as: String.self) == "catalog")
            #expect(try row?.decode("target", as: String.self) == "MUG")
            #expect(try row?.decode("before_eur", as: Int.self) == 1100)
            #expect(try row?.decode("after_eur", as: Int.self) == 1)
            #expect(try row?.decode("after_has_usd", as: Bool.self) == false)
            #expect(try row?.decode("request_id", as: String.self) == changed.headers[HTTPField.Name("X-Request-Id")!])
            let created = try await h.count(
                """
                SELECT count(*)::int AS n FROM admin_audit
                WHERE action = 'product.created' AND actor = 'test-admin' AND before IS NULL AND after->>'sku' = 'MUG'
                """)
            #expect(created == 1)
        }
    }

    @Test func anOperationIsAuditedWithItsStatusAndRequestButNoSecret() async throws {
        try await CatalogHarness.with { h in
            let keys = try await Self.keys(h)
            let refund = try await h.send(
                .post, "/v1/admin/orders/ord_00000000000000000000/refunds", #"{"amount":100}"#,
                authorization: "Bearer \(keys[.operator]!)")
            #expect(refund.status == .notFound)
            let audit = try await h.pool.withConnection { conn in
                try conn.query("SELECT actor, role, target, after::text AS after FROM admin_audit WHERE action = 'refund.created'").first
            }
            #expect(try audit?.decode("actor", as: String.self) == "key-operator")
            #expect(try audit?.decode("role", as: String.self) == "operator")
            #expect(try audit?.decode("target", as: String.self) == "ord_00000000000000000000")
            let after = try audit?.decode("after", as: String.self) ?? ""
            #expect(after.contains(#""status": 404"#) && after.contains(#""amount": 100"#), "\(after)")
            let everything =
                try await h.pool.withConnection { conn in
                    try conn.query("SELECT coalesce(string_agg(row_to_json(a)::text, ' '), '') AS t FROM admin_audit a").first?.decode(
                        "t", as: String.self)
                } ?? ""
            for key in keys.values { #expect(!everything.contains(String(key.suffix(64))), "no secret in the audit") }
        }
    }

    @Test func auditRowsCannotBeUpdatedDeletedOrTruncated() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            // The harness's key (by `cli`) and the product (by that key).
            #expect(try await h.count("SELECT count(*)::int AS n FROM admin_audit") == 2)
            for sql in [
                "UPDATE admin_audit SET actor = 'someone-else'", "DELETE FROM admin_audit", "TRUNCATE admin_audit",
                "UPDATE admin_audit SET after = '{}' WHERE action = 'product.created'",
            ] {
                await #expect(throws: (any Error).self, "\(sql)") {
                    try await h.pool.withConnection { conn in _ = try conn.query(sql) }
                }
            }
            #expect(try await h.count("SELECT count(*)::int AS n FROM admin_audit") == 2)
            #expect(try await h.count("SELECT count(*)::int AS n FROM admin_audit WHERE actor = 'test-admin'") == 1)
        }
    }
}
