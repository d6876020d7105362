import Testing

/// List endpoints: newest first, limit, cursors, created filters, bad parameters.
@Suite struct ListPaginationTests {
    @Test func paymentIntentsPageNewestFirst() async throws {
        try await TestSandbox.with { sandbox in
            var ids: [String] = []
            for amount in 1...5 {
                ids.append(
                    try #require(
                        try await sandbox.api(
                            .POST, "/v1/payment_intents",
                            ["amount": amount, "currency": "USD"]
                        ).json.string("id")))
            }
            let newest = Array(ids.reversed())
            let first = try await sandbox.api(.GET, "/v1/payment_intents?limit=2").json
            #expect(first.string("object") == "list")
            #expect(first.string("url") == "/v1/payment_intents")
            #expect(first.list("data").compactMap { $0.string("id") } == Array(newest[0..<2]))
            #expect(first.bool("has_more") == true)
            let second = try await sandbox.api(.GET, "/v1/payment_intents?limit=2&starting_after=\(newest[1])").json
            #expect(second.list("data").compactMap { $0.string("id") } == Array(newest[2..<4]))
            #expect(second.bool("has_more") == true)
            let last = try await sandbox.api(.GET, "/v1/payment_intents?limit=2&starting_after=\(newest[3])").json
            #expect(last.list("data").compactMap { $0.string("id") } == [newest[4]])
            #expect(last.bool("has_more") == false)
            let back = try await sandbox.api(.GET, "/v1/payment_intents?limit=2&ending_before=\(newest[4])").json
            #expect(back.list("data").compactMap { $0.string("id") } == Array(newest[2..<4]))
            #expect(back.bool("has_more") == true)
            let all = try await sandbox.api(.GET, "/v1/payment_intents").json
            #expect(all.list("data").count == 5 && all.bool("has_more") == false)
        }
    }

    @Test func createdFiltersAndBadParameters() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 1, "currency": "USD"]).json
            let created = try #require(pi.int("created"))
            let inRange = try await sandbox.api(.GET, "/v1/payment_intents?created%5Bgte%5D=\(created)&created[lte]=\(created)")
            #expect(inRange.json.list("data").count == 1)
            let after = try await sandbox.api(.GET, "/v1/payment_intents?created[gt]=\(created)")
            #expect(after.json.list("data").isEmpty)
            let millis = try await sandbox.api(.GET, "/v1/payment_intents?created[gte]=\(created * 1000)")
            #expect(millis.json.list("data").count == 1, "millisecond bounds are understood too")
            for query in ["limit=0", "limit=101", "limit=x", "starting_after=pi_404"] {
                let bad = try await sandbox.api(.GET, "/v1/payment_intents?\(query)")
                #expect(bad.status == 400, "\(query)")
                #expect(bad.json.error.string("type") == "invalid_request_error")
            }
        }
    }

    @Test func checkoutSessionListAtWooshPaysPath() async throws {
        try await TestSandbox.with { sandbox in
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try #require(try await CheckoutSessionTests.createSession(sandbox).string("id"))) }
            let page = try await sandbox.api(.GET, "/v1/checkout/sessions/list?limit=2").json
            #expect(page.list("data").compactMap { $0.string("id") } == [ids[2], ids[1]])
            #expect(page.bool("has_more") == true)
            let next = try await sandbox.api(.GET, "/v1/checkout/sessions/list?limit=2&starting_after=\(ids[1])").json
            #expect(next.list("data").compactMap { $0.string("id") } == [ids[0]])
            let stripePath = try await sandbox.api(.GET, "/v1/checkout/sessions?limit=1").json
            #expect(stripePath.list("data").first?.string("id") == ids[2])
            // Filters sent as a JSON body on the GET, as WooshPay's spec documents them.
            let bodyFilter = try await sandbox.api(.GET, "/v1/checkout/sessions/list", ["limit": 1]).json
            #expect(bodyFilter.list("data").count == 1)
        }
    }
}
