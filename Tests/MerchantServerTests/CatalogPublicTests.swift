import Foundation
import Testing

@Suite("Catalog public list")
struct CatalogPublicTests {
    @Test("GET /v1/products needs no key, lists only active products, and shows availability, not stock")
    func publicList() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "A-UNTRACKED", stock: "null")
            try await h.createProduct(sku: "B-SOLDOUT", stock: "0")
            try await h.createProduct(sku: "C-STOCKED", stock: "42")
            try await h.createProduct(sku: "D-HIDDEN", stock: "5", active: false)
            try await h.createProduct(sku: "E-DEACTIVATED", stock: "5")
            #expect(try await h.admin(.delete, "/v1/admin/products/E-DEACTIVATED").status == .ok)

            let response = try await h.send(.get, "/v1/products")
            #expect(response.status == .ok)
            let items = listData(response)
            #expect(items.map { $0["sku"] as? String } == ["A-UNTRACKED", "B-SOLDOUT", "C-STOCKED"])
            #expect(items.map { $0["in_stock"] as? Bool } == [true, false, true])
            #expect(items.allSatisfy { $0["stock"] == nil && $0["active"] == nil })
            #expect(!String(buffer: response.body).contains("42"))
            let prices = items.first?["prices"] as? [[String: Any]]
            #expect(prices?.first?["currency"] as? String == "EUR")
            #expect(prices?.first?["unit_amount"] as? Int == 1100)
        }
    }

    @Test("an empty catalog is an empty list")
    func empty() async throws {
        try await CatalogHarness.with { h in
            let response = try await h.send(.get, "/v1/products")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"data":[]}"#)
        }
    }
}
