import Foundation
import HTTPTypes
import Testing

@Suite("Catalog admin endpoints")
struct CatalogAdminTests {
    @Test("create answers 201 with the product; get and the admin list return it")
    func createGetList() async throws {
        try await CatalogHarness.with { h in
            let created = try await h.admin(
                .post, "/v1/admin/products",
                """
                {"sku":"MUG-1","name":"Mug","description":"330 ml","prices":[{"currency":"eur","unit_amount":1100},{"currency":"USD","unit_amount":1250}]}
                """)
            #expect(created.status == .created)
            #expect(
                String(buffer: created.body)
                    == #"{"active":true,"description":"330 ml","in_stock":true,"name":"Mug","prices":[{"currency":"EUR","unit_amount":1100},{"currency":"USD","unit_amount":1250}],"sku":"MUG-1","stock":null}"#
            )

            let fetched = try await h.admin(.get, "/v1/admin/products/MUG-1")
            #expect(fetched.status == .ok)
            #expect(String(buffer: fetched.body) == String(buffer: created.body))

            try await h.createProduct(sku: "TEE", stock: "7", active: false)
            let list = try await h.admin(.get, "/v1/admin/products")
            #expect(list.status == .ok)
            let items = listData(list)
            #expect(items.map { $0["sku"] as? String } == ["MUG-1", "TEE"])
            #expect(items.last?["stock"] as? Int == 7)
            #expect(items.last?["active"] as? Bool == false)
            #expect(try await h.tableCounts() == [2, 4])
        }
    }

    @Test("get, patch and delete of an unknown SKU answer 404 product_not_found")
    func unknownSKU() async throws {
        try await CatalogHarness.with { h in
            for (method, body) in [(HTTPRequest.Method.get, nil), (.patch, #"{"name":"x"}"#), (.delete, nil)] as [(HTTPRequest.Method, String?)] {
                let response = try await h.admin(method, "/v1/admin/products/NOPE", body)
                #expect(response.status == .notFound, "\(method)")
                #expect(errorCode(response) == "product_not_found", "\(method)")
            }
            #expect(try await h.tableCounts() == [0, 0])
        }
    }

    @Test("patch changes only the given fields; prices replace the list; stock null stops tracking")
    func patch() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG", name: "Mug", stock: "3")
            let renamed = try await h.admin(.patch, "/v1/admin/products/MUG", #"{"name":"Big mug","stock":10}"#)
            #expect(renamed.status == .ok)
            let body = jsonObject(renamed)
            #expect(body["name"] as? String == "Big mug")
            #expect(body["stock"] as? Int == 10)
            #expect((body["prices"] as? [Any])?.count == 2)

            let repriced = try await h.admin(.patch, "/v1/admin/products/MUG", #"{"prices":[{"currency":"JPY","unit_amount":1900}],"stock":null}"#)
            #expect(repriced.status == .ok)
            #expect(
                String(buffer: repriced.body)
                    == #"{"active":true,"description":"","in_stock":true,"name":"Big mug","prices":[{"currency":"JPY","unit_amount":1900}],"sku":"MUG","stock":null}"#
            )
            #expect(try await h.count("SELECT count(*) AS n FROM product_prices WHERE sku = 'MUG'") == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM products WHERE sku = 'MUG' AND stock IS NULL") == 1)

            let reactivated = try await h.admin(.patch, "/v1/admin/products/MUG", #"{"active":false}"#)
            #expect(jsonObject(reactivated)["active"] as? Bool == false)
        }
    }

    @Test("delete deactivates: 200 with active=false; the row and its prices stay")
    func deactivate() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let deleted = try await h.admin(.delete, "/v1/admin/products/MUG")
            #expect(deleted.status == .ok)
            #expect(jsonObject(deleted)["active"] as? Bool == false)
            #expect(try await h.tableCounts() == [1, 2])
            let fetched = try await h.admin(.get, "/v1/admin/products/MUG")
            #expect(jsonObject(fetched)["active"] as? Bool == false)
            // Deactivating twice is harmless.
            #expect(try await h.admin(.delete, "/v1/admin/products/MUG").status == .ok)
        }
    }

    @Test("a duplicate SKU answers 409 sku_exists and leaves the first product unchanged")
    func duplicateSKU() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG", name: "First")
            let again = try await h.createProduct(sku: "MUG", name: "Second", prices: #"[{"currency":"GBP","unit_amount":1}]"#)
            #expect(again.status == .conflict)
            #expect(errorCode(again) == "sku_exists")
            #expect(try await h.tableCounts() == [1, 2])
            #expect(jsonObject(try await h.admin(.get, "/v1/admin/products/MUG"))["name"] as? String == "First")
        }
    }
}
