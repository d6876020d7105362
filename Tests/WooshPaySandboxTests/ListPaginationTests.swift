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
            let first = try await sandbox.api(.GET, "/v1/payment_intents", ["limit": 2]).json
            #expect(first.string("object") == "list")
            #expect(first.string("url") == "/v1/payment_intents")
            #expect(first.list("data").compactMap { $0.string("id") } == Array(newest[0..<2]))
            #expect(first.bool("has_more") == true)
            let second = try await sandbox.api(.GET, "/v1/payment_intents", ["limit": 2, "starting_after": newest[1]]).json
            #expect(second.list("data").compactMap { $0.string("id") } == Array(newest[2..<4]))
            #expect(second.bool("has_more") == true)
            let last = try await sandbox.api(.GET, "/v1/payment_intents", ["limit": 2, "starting_after": newest[3]]).json
            #expect(last.list("data").compactMap { $0.string("id") } == [newest[4]])
            #expect(last.bool("has_more") == false)
            let back = try await sandbox.api(.GET, "/v1/payment_intents", ["limit": 2, "ending_before": newest[4]]).json
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
            let inRange = try await sandbox.api(.GET, "/v1/payment_intents", ["created": ["gte": "\(created)", "lte": created]])
            #expect(inRange.json.list("data").count == 1)
            let after = try await sandbox.api(.GET, "/v1/payment_intents", ["created": ["gt": "\(created)"]])
            #expect(after.json.list("data").isEmpty)
            #expect(created > 1_000_000_000_000, "WooshPay's objects carry milliseconds")
            let seconds = try await sandbox.api(.GET, "/v1/payment_intents", ["created": ["gte": created / 1000]])
            #expect(seconds.json.list("data").count == 1, "second bounds are understood too")
            let bads: [[String: Any]] = [["limit": 0], ["limit": 101], ["limit": "x"], ["starting_after": "pi_404"]]
            for query in bads {
                let bad = try await sandbox.api(.GET, "/v1/payment_intents", query)
                #expect(bad.status == 400, "\(query)")
                #expect(bad.json.error.string("type") == "invalid_request_error")
            }
        }
    }

    @Test func checkoutSessionListAtWooshPaysPath() async throws {
        try await TestSandbox.with { sandbox in
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try #require(try await CheckoutSessionTests.createSession(sandbox).string("id"))) }
            let page = try await sandbox.api(.GET, "/v1/checkout/sessions/list", ["limit": 2]).json
            #expect(page.list("data").compactMap { $0.string("id") } == [ids[2], ids[1]])
            #expect(page.bool("has_more") == true)
            let next = try await sandbox.api(.GET, "/v1/checkout/sessions/list", ["limit": 2, "starting_after": ids[1]]).json
            #expect(next.list("data").compactMap { $0.string("id") } == [ids[0]])
            let stripePath = try await sandbox.api(.GET, "/v1/checkout/sessions", ["limit": 1]).json
            #expect(stripePath.list("data").first?.string("id") == ids[2])
        }
    }

    /// WooshPay's specs put a GET's filters in its JSON body; a query string is not read
    /// (unless `--lenient`), so a client that sends its window there sees it ignored here.
    @Test func queryStringFiltersAreIgnoredUnlessLenient() async throws {
        for lenient in [false, true] {
            try await TestSandbox.with({ $0.lenient = lenient }) { sandbox in
                for amount in 1...3 {
                    _ = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": amount, "currency": "USD"])
                }
                let page = try await sandbox.api(.GET, "/v1/payment_intents?limit=1").json
                #expect(page.list("data").count == (lenient ? 1 : 3), "lenient: \(lenient)")
            }
        }
    }

    /// The `ignore_list_filters` fault: a gateway that answers its first page whatever the
    /// filters say, which reconciliation must notice rather than trust.
    @Test func ignoreListFiltersFaultAnswersUnfiltered() async throws {
        try await TestSandbox.with { sandbox in
            let pi = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 1, "currency": "USD"]).json
            let created = try #require(pi.int("created"))
            let window: [String: Any] = ["created": ["gt": "\(created)"]]
            #expect(try await sandbox.api(.GET, "/v1/payment_intents", window).json.list("data").isEmpty)
            let set = try await sandbox.control(.POST, "/_sandbox/faults", ["ignore_list_filters": true])
            #expect(set.json.bool("ignore_list_filters") == true)
            #expect(try await sandbox.api(.GET, "/v1/payment_intents", window).json.list("data").count == 1)
        }
    }
}
