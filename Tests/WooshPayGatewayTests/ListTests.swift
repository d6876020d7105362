import CurlTransport
import OrderDomain
import Testing

@testable import WooshPayGateway

/// `listPaymentIntents`: filters, pagination, window and bounds (scripted).
@Suite("List payment intents")
struct ListTests {
    let from = GatewayTimestamp(epochSeconds: 1_700_000_000)
    let before = GatewayTimestamp(epochSeconds: 1_700_000_100)

    @Test("follows starting_after until has_more is false; the filters go in a JSON body on the GET, in milliseconds")
    func pagination() async throws {
        let s = ScriptedGateway([
            .respond(
                200, Samples.list([Samples.intent("pi_3", created: 1_700_000_030), Samples.intent("pi_2", created: 1_700_000_020)], hasMore: true)),
            .respond(200, Samples.list([Samples.intent("pi_1", created: 1_700_000_010)], hasMore: false)),
        ])
        let list = try await s.gateway.listPaymentIntents(
            PaymentIntentListQuery(createdFrom: from, createdBefore: before, pageSize: 2))
        #expect(list.intents.map(\.id) == ["pi_3", "pi_2", "pi_1"])
        #expect(!list.isTruncated && !list.filtersIgnored)
        let requests = await s.transport.requests
        #expect(requests.map(\.url) == Array(repeating: "https://api.example/v1/payment_intents", count: 2))
        #expect(requests.allSatisfy { $0.method == .GET && $0.header("Content-Type") == "application/json" })
        let bodies = requests.compactMap(\.jsonBody)
        #expect(bodies.count == 2)
        #expect(bodies.first?["limit"] as? Int == 2)
        #expect(bodies.first?["starting_after"] == nil)
        #expect(bodies.last?["starting_after"] as? String == "pi_2")
        let created = bodies.first?["created"] as? [String: String]
        #expect(created == ["gte": "1700000000000", "lt": "1700000100000"])
    }

    @Test("objects outside the window are dropped even if the server returns them (ms timestamps too)")
    func clientSideWindow() async throws {
        let s = ScriptedGateway([
            .respond(
                200,
                Samples.list(
                    [
                        Samples.intent("pi_late", created: 1_700_000_100_000),  // == before: excluded (ms)
                        Samples.intent("pi_in", created: 1_700_000_050_500),  // ms, inside
                        Samples.intent("pi_edge", created: 1_700_000_000),  // == from: included
                    ], hasMore: false))
        ])
        let list = try await s.gateway.listPaymentIntents(PaymentIntentListQuery(createdFrom: from, createdBefore: before))
        #expect(list.intents.map(\.id) == ["pi_in", "pi_edge"])
    }

    @Test("stops at maxResults and says the list was truncated")
    func truncation() async throws {
        let s = ScriptedGateway([
            .respond(200, Samples.list((1...3).map { Samples.intent("pi_\($0)", created: 1_700_000_050) }, hasMore: true))
        ])
        let list = try await s.gateway.listPaymentIntents(PaymentIntentListQuery(maxResults: 2))
        #expect(list.intents.count == 2)
        #expect(list.isTruncated)
        let exact = ScriptedGateway([
            .respond(200, Samples.list((1...2).map { Samples.intent("pi_\($0)") }, hasMore: false))
        ])
        #expect(try await !exact.gateway.listPaymentIntents(PaymentIntentListQuery(maxResults: 2)).isTruncated)
    }

    @Test("a page holding an intent outside the window means the gateway ignored the filter: truncated, filtersIgnored")
    func ignoredWindow() async throws {
        let s = ScriptedGateway([
            .respond(
                200,
                Samples.list(
                    [
                        Samples.intent("pi_2", created: 1_700_000_010),
                        Samples.intent("pi_old", created: 1_600_000_000),
                    ], hasMore: true))
        ])
        let list = try await s.gateway.listPaymentIntents(PaymentIntentListQuery(createdFrom: from))
        #expect(list.intents.map(\.id) == ["pi_2"])
        #expect(list.isTruncated && list.filtersIgnored)
        #expect(await s.transport.requests.count == 1)
    }

    @Test("a server repeating the same page does not loop forever")
    func repeatingCursor() async throws {
        let page = Samples.list([Samples.intent("pi_1")], hasMore: true)
        let s = ScriptedGateway([.respond(200, page), .respond(200, page)])
        let list = try await s.gateway.listPaymentIntents(PaymentIntentListQuery())
        #expect(list.intents.map(\.id) == ["pi_1"])
        #expect(list.isTruncated && list.filtersIgnored)
        #expect(await s.transport.requests.count == 2)
    }
}
