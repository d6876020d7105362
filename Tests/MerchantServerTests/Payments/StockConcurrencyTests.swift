import Testing

/// Stock is never oversold: many browsers race for the last units over real HTTP.
@Suite("Stock under concurrent orders") struct StockConcurrencyTests {
    @Test func manyConcurrentOrdersForTheLastUnitsSellExactlyTheStock() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAST", price: 500, stock: 5)
            try await h.seedProduct("FREE", price: 100)
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for i in 0..<24 {
                    // Mixed baskets, so the lock covers multi-line orders too.
                    let body =
                        i % 2 == 0
                        ? #"{"currency":"USD","items":[{"sku":"LAST","quantity":1}],"customer":{"email":"c\#(i)@example.com"}}"#
                        : #"{"currency":"USD","items":[{"sku":"FREE","quantity":1},{"sku":"LAST","quantity":1}],"customer":{"email":"c\#(i)@example.com"}}"#
                    group.addTask {
                        let answer = try await h.send(.POST, "/v1/orders", body)
                        return (answer.status, answer.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == 201 }.count == 5)
            #expect(statuses.filter { $0.0 == 409 && $0.1 == "out_of_stock" }.count == 19)
            #expect(try await h.count("SELECT stock AS n FROM products WHERE sku = 'LAST'") == 0)
            #expect(try await h.count("SELECT coalesce(sum(quantity), 0)::int AS n FROM order_items WHERE sku = 'LAST'") == 5)
        }
    }
}
