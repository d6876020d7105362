import OrderDomain
import Testing

/// The pure rules of issue 20: rates as configured, the GCRA step, who the client is, and
/// which limit a request counts against.
@Suite("Traffic rules") struct TrafficRulesTests {
    @Test(
        "rates parse as N/s, N/min, N/h and nothing else",
        arguments: [
            ("30/min", RateLimit(count: 30, periodSeconds: 60)), ("5/s", RateLimit(count: 5, periodSeconds: 1)),
            ("100/h", RateLimit(count: 100, periodSeconds: 3600)), ("2/hour", RateLimit(count: 2, periodSeconds: 3600)),
        ])
    func ratesParse(_ text: String, _ expected: RateLimit) {
        #expect(RateLimit(text) == expected)
    }

    @Test("malformed rates are refused", arguments: ["", "30", "30/", "/min", "0/min", "-1/s", "3/day", "x/min", "1/min/2"])
    func ratesRefused(_ text: String) {
        #expect(RateLimit(text) == nil)
    }

    @Test("GCRA: a burst of N passes, the next waits one interval, a rested key has its burst back")
    func gcraBurstAndRefill() {
        let limit = RateLimit(count: 3, periodSeconds: 60)  // one per 20 s, bursts of 3
        var tat: Int64? = nil
        var verdicts: [Bool] = []
        for _ in 0..<4 {
            let step = GCRA.step(tat: tat, now: 0, limit: limit)
            verdicts.append(step.verdict.allowed)
            tat = step.tat
        }
        #expect(verdicts == [true, true, true, false])
        #expect(GCRA.step(tat: tat, now: 0, limit: limit).verdict.retryAfterSeconds == 20)
        #expect(GCRA.step(tat: tat, now: 19_000_000, limit: limit).verdict.allowed == false)
        #expect(GCRA.step(tat: tat, now: 20_000_000, limit: limit).verdict.allowed)
        let rested: Int64? = GCRA.step(tat: tat, now: 3_600_000_000, limit: limit).tat
        #expect(rested == Int64(3_620_000_000))
    }

    @Test("GCRA: asking (cost 0) changes nothing")
    func gcraAsk() {
        let limit = RateLimit(count: 1, periodSeconds: 1)
        let asked = GCRA.step(tat: nil, now: 5, limit: limit, cost: 0)
        #expect(asked.verdict.allowed && asked.tat == nil)
    }

    @Test(
        "client identity",
        arguments: [
            // (peer, X-Forwarded-For, trusted, client)
            ("198.51.100.7", ["203.0.113.9"], "", "198.51.100.7"),  // untrusted peer: header ignored
            ("10.0.0.2", ["203.0.113.9"], "10.0.0.0/8", "203.0.113.9"),  // one trusted proxy
            ("10.0.0.2", ["6.6.6.6, 203.0.113.9"], "10.0.0.0/8", "203.0.113.9"),  // client-sent entry on the left is not believed
            ("10.0.0.2", ["203.0.113.9, 10.0.0.5"], "10.0.0.0/8", "203.0.113.9"),  // two trusted hops
            ("10.0.0.2", ["10.0.0.9"], "10.0.0.0/8", "10.0.0.9"),  // all trusted: the farthest
            ("10.0.0.2", ["garbage, 203.0.113.9"], "10.0.0.0/8", "203.0.113.9"),
            ("10.0.0.2", ["203.0.113.9, garbage"], "10.0.0.0/8", "10.0.0.2"),  // unreadable hop: stop at the proxy
            ("10.0.0.2", [], "10.0.0.0/8", "10.0.0.2"),
            ("::1", ["2001:db8::1"], "::1/128", "2001:db8:0:0:0:0:0:1"),
            ("::ffff:10.0.0.2", ["203.0.113.9"], "10.0.0.0/8", "203.0.113.9"),  // IPv4-mapped peer
        ])
    func clientIdentity(_ peer: String, _ forwarded: [String], _ trusted: String, _ client: String) {
        let blocks = trusted.split(separator: ",").compactMap(CIDR.init)
        #expect(ClientIdentity.resolve(peer: peer, forwardedFor: forwarded, trusted: blocks) == client)
    }

    @Test(
        "CIDR blocks",
        arguments: [
            ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.168.1.0/24", "192.168.1.77", true),
            ("192.168.1.0/25", "192.168.1.200", false), ("0.0.0.0/0", "8.8.8.8", true), ("fd00::/8", "fd12:3456::1", true),
            ("fd00::/8", "fe80::1", false), ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false),
            ("10.0.0.0/8", "::1", false), ("10.0.0.0/9", "10.127.255.255", true), ("10.0.0.0/9", "10.128.0.0", false),
            ("10.1.2.3/31", "10.1.2.2", true), ("10.1.2.3/31", "10.1.2.4", false), ("::/0", "2001:db8::1", true), ("::/0", "10.0.0.1", true),
            ("2001:db8::/33", "2001:db8:7fff::1", true), ("2001:db8::/33", "2001:db8:8000::1", false), ("::ffff:10.0.0.0/8", "10.9.9.9", true),
        ])
    func cidr(_ block: String, _ address: String, _ inside: Bool) throws {
        let cidr = try #require(CIDR(block))
        #expect(cidr.contains(try #require(IPAddress(address))) == inside)
    }

    @Test(
        "malformed addresses and blocks are refused",
        arguments: [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1:2:3", "1::2::3",
            "10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "١.٢.٣.٤",
        ])
    func malformed(_ text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test(
        "which limit a request counts against",
        arguments: [
            ("POST", "/v1/orders", TrafficClassifier.Match(.orders)),
            ("POST", "/v1/orders/ord_1/payments", TrafficClassifier.Match(.payments, orderID: "ord_1")),
            ("GET", "/v1/orders/ord_1/return", TrafficClassifier.Match(.returns)),
            ("GET", "/v1/orders/ord_1", TrafficClassifier.Match(.reads)),
            ("GET", "/v1/orders/ord_1/events", TrafficClassifier.Match(.reads)),
            ("POST", "/v1/orders/ord_1/stream-tickets", TrafficClassifier.Match(.reads)),
            ("GET", "/v1/products", TrafficClassifier.Match(.reads)),
            ("GET", "/v1/products/MUG", TrafficClassifier.Match(.reads)),
            ("POST", "/v1/admin/session", TrafficClassifier.Match(.signIns)),
        ] as [(String, String, TrafficClassifier.Match)])
    func classified(_ method: String, _ path: String, _ match: TrafficClassifier.Match) {
        #expect(TrafficClassifier.classify(method: method, path: path) == match)
    }

    @Test(
        "webhooks, health, metrics, admin and preflights are not limited here",
        arguments: [
            ("POST", "/webhooks/wooshpay"), ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"), ("GET", "/v1/admin/orders"),
            ("OPTIONS", "/v1/orders"), ("GET", "/openapi.yaml"), ("GET", "/demo"), ("DELETE", "/v1/orders/ord_1/payments"),
            ("GET", "/v1/admin/session"), ("DELETE", "/v1/admin/session"), ("GET", "/admin"),
        ])
    func unclassified(_ method: String, _ path: String) {
        #expect(TrafficClassifier.classify(method: method, path: path) == nil)
    }
}
