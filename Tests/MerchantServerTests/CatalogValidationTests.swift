import Foundation
import HTTPTypes
import Testing

@Suite("Catalog validation")
struct CatalogValidationTests {
    static let usd = #"[{"currency":"USD","unit_amount":100}]"#

    /// (label, body, expected code); every case must answer 400 and write nothing.
    static let invalidCreates: [(String, String, String)] = [
        ("sku with a space", #"{"sku":"bad sku","name":"x","prices":\#(usd)}"#, "invalid_sku"),
        ("sku with a slash", #"{"sku":"a/b","name":"x","prices":\#(usd)}"#, "invalid_sku"),
        ("empty sku", #"{"sku":"","name":"x","prices":\#(usd)}"#, "invalid_sku"),
        ("65-character sku", #"{"sku":"\#(String(repeating: "a", count: 65))","name":"x","prices":\#(usd)}"#, "invalid_sku"),
        ("missing sku", #"{"name":"x","prices":\#(usd)}"#, "invalid_sku"),
        ("empty name", #"{"sku":"A","name":"","prices":\#(usd)}"#, "invalid_name"),
        ("blank name", #"{"sku":"A","name":"   ","prices":\#(usd)}"#, "invalid_name"),
        ("201-character name", #"{"sku":"A","name":"\#(String(repeating: "é", count: 201))","prices":\#(usd)}"#, "invalid_name"),
        (
            "long description", #"{"sku":"A","name":"x","description":"\#(String(repeating: "d", count: 2001))","prices":\#(usd)}"#,
            "invalid_description"
        ),
        ("negative price", #"{"sku":"A","name":"x","prices":[{"currency":"USD","unit_amount":-1}]}"#, "invalid_price"),
        ("missing amount", #"{"sku":"A","name":"x","prices":[{"currency":"USD"}]}"#, "invalid_price"),
        ("no prices", #"{"sku":"A","name":"x","prices":[]}"#, "invalid_price"),
        ("unsupported currency", #"{"sku":"A","name":"x","prices":[{"currency":"CHF","unit_amount":100}]}"#, "unsupported_currency"),
        ("malformed currency", #"{"sku":"A","name":"x","prices":[{"currency":"US","unit_amount":100}]}"#, "unsupported_currency"),
        (
            "duplicate currency", #"{"sku":"A","name":"x","prices":[{"currency":"USD","unit_amount":1},{"currency":"usd","unit_amount":2}]}"#,
            "duplicate_currency"
        ),
        ("negative stock", #"{"sku":"A","name":"x","stock":-1,"prices":\#(usd)}"#, "invalid_stock"),
        ("stock beyond int4", #"{"sku":"A","name":"x","stock":2147483648,"prices":\#(usd)}"#, "invalid_stock"),
        ("malformed JSON", #"{"sku":"A","name":"#, "invalid_body"),
        ("not an object", #"["A"]"#, "invalid_parameter"),
        ("wrong type", #"{"sku":"A","name":"x","stock":"many","prices":\#(usd)}"#, "invalid_parameter"),
        ("fractional amount", #"{"sku":"A","name":"x","prices":[{"currency":"USD","unit_amount":1.5}]}"#, "invalid_body"),
    ]

    @Test("an invalid create answers 400 with its code and writes nothing", arguments: invalidCreates)
    func invalidCreate(label: String, body: String, code: String) async throws {
        try await CatalogHarness.with { h in
            let response = try await h.admin(.post, "/v1/admin/products", body)
            #expect(response.status == .badRequest, "\(label)")
            #expect(errorCode(response) == code, "\(label): \(String(buffer: response.body))")
            #expect(try await h.tableCounts() == [0, 0], "\(label)")
        }
    }

    @Test("a body over 64 KiB answers 413 body_too_large and writes nothing")
    func oversized() async throws {
        try await CatalogHarness.with { h in
            let padding = String(repeating: "x", count: 64 * 1024)
            let response = try await h.admin(
                .post, "/v1/admin/products",
                #"{"sku":"A","name":"x","description":"\#(padding)","prices":\#(Self.usd)}"#)
            #expect(response.status == .contentTooLarge)
            #expect(errorCode(response) == "body_too_large")
            #expect(try await h.tableCounts() == [0, 0])
        }
    }

    /// (label, patch body, expected code); the product must be left exactly as it was.
    static let invalidPatches: [(String, String, String)] = [
        ("negative stock", #"{"name":"changed","stock":-5}"#, "invalid_stock"),
        ("empty name", #"{"name":""}"#, "invalid_name"),
        ("negative price", #"{"name":"changed","prices":[{"currency":"USD","unit_amount":-1}]}"#, "invalid_price"),
        ("unsupported currency", #"{"prices":[{"currency":"XYZ","unit_amount":1}]}"#, "unsupported_currency"),
        ("empty price list", #"{"prices":[]}"#, "invalid_price"),
        ("malformed JSON", #"{"name":"#, "invalid_body"),
    ]

    @Test("an invalid patch answers 400 with its code and changes nothing", arguments: invalidPatches)
    func invalidPatch(label: String, body: String, code: String) async throws {
        try await CatalogHarness.with { h in
            let before = try await h.createProduct(sku: "MUG", stock: "3")
            #expect(before.status == .created)
            let response = try await h.admin(.patch, "/v1/admin/products/MUG", body)
            #expect(response.status == .badRequest, "\(label)")
            #expect(errorCode(response) == code, "\(label): \(String(buffer: response.body))")
            let after = try await h.admin(.get, "/v1/admin/products/MUG")
            #expect(String(buffer: after.body) == String(buffer: before.body), "\(label)")
            #expect(try await h.tableCounts() == [1, 2])
        }
    }

    @Test("the database refuses rows that bypass the domain rules (CHECK constraints)")
    func constraints() async throws {
        try await CatalogHarness.with { h in
            let statements = [
                "INSERT INTO products (sku, name) VALUES ('bad sku', 'x')",
                "INSERT INTO products (sku, name) VALUES ('A', '')",
                "INSERT INTO products (sku, name, stock) VALUES ('A', 'x', -1)",
            ]
            for sql in statements {
                await #expect(throws: (any Error).self, "\(sql)") {
                    _ = try await h.pool.withConnection { try $0.execute(sql) }
                }
            }
            _ = try await h.pool.withConnection { try $0.execute("INSERT INTO products (sku, name) VALUES ('A', 'x')") }
            for sql in [
                "INSERT INTO product_prices VALUES ('A', 'USD', -1)", "INSERT INTO product_prices VALUES ('A', 'usd', 1)",
                "INSERT INTO product_prices VALUES ('NOPE', 'USD', 1)",
            ] {
                await #expect(throws: (any Error).self, "\(sql)") {
                    _ = try await h.pool.withConnection { try $0.execute(sql) }
                }
            }
            #expect(try await h.tableCounts() == [1, 0])
        }
    }
}
