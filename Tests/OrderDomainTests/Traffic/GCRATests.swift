import Testing

@testable import OrderDomain

/// The limiter's arithmetic: rates as configured and the GCRA step beyond the burst basics
/// in `TrafficRulesTests`.
@Suite("A rate limit spaces requests and hands the burst back") struct GCRATests {
    static let threePerMinute = RateLimit(count: 3, periodSeconds: 60)  // one per 20 s, bursts of 3

    /// Runs `count` requests at `now` from `tat` and returns the verdicts and the last tat.
    static func burst(
        _ count: Int, now: Int64 = 0, from tat: Int64? = nil, limit: RateLimit = threePerMinute,
        cost: Int = 1
    ) -> ([Bool], Int64?) {
        var tat = tat
        var allowed: [Bool] = []
        for _ in 0..<count {
            let step = GCRA.step(tat: tat, now: now, limit: limit, cost: cost)
            allowed.append(step.verdict.allowed)
            tat = step.tat
        }
        return (allowed, tat)
    }

    @Test(
        "spellings, aliases and case",
        arguments: [
            ("5/sec", 5, 1), ("5/second", 5, 1), ("30/m", 30, 60), ("30/minute", 30, 60), ("30/MIN", 30, 60),
            ("1/h", 1, 3600), ("1000000/s", 1_000_000, 1),
        ])
    func spellings(_ text: String, _ count: Int, _ period: Int) {
        #expect(RateLimit(text) == RateLimit(count: count, periodSeconds: period))
    }

    @Test("refused: out of range or padded", arguments: ["1000001/s", " 30/min", "30/min ", "30 /min", "30/ min"])
    func refused(_ text: String) {
        #expect(RateLimit(text) == nil)
    }

    @Test(
        "prints as configured and never below one per second",
        arguments: [
            (RateLimit(count: 30, periodSeconds: 60), "30/min"), (RateLimit(count: 5, periodSeconds: 1), "5/s"),
            (RateLimit(count: 100, periodSeconds: 3600), "100/h"), (RateLimit(count: 0, periodSeconds: 0), "1/s"),
            (RateLimit(count: 2, periodSeconds: 90), "2/90s"),
        ])
    func description(_ limit: RateLimit, _ text: String) {
        #expect(limit.description == text)
    }

    @Test(
        "a request of cost N takes N places of the burst",
        arguments: [
            (1, [true, true, true, false]), (2, [true, false, false, false]), (3, [true, false, false, false]), (4, [false, false, false, false]),
        ])
    func cost(_ cost: Int, _ verdicts: [Bool]) {
        #expect(Self.burst(4, cost: cost).0 == verdicts)
    }

    @Test("refused requests leave the schedule as it was")
    func aRefusalChangesNothing() {
        let (_, full) = Self.burst(3)
        let refused = GCRA.step(tat: full, now: 0, limit: Self.threePerMinute)
        #expect(!refused.verdict.allowed)
        #expect(refused.tat == full)
    }

    @Test(
        "retry-after is whole seconds, rounded up, at least 1",
        arguments: [
            (Int64(0), 20), (1, 20), (19_000_000, 1), (19_999_999, 1), (10_500_000, 10),
        ])
    func retryAfter(_ now: Int64, _ seconds: Int) {
        let (_, full) = Self.burst(3)
        #expect(GCRA.step(tat: full, now: now, limit: Self.threePerMinute).verdict.retryAfterSeconds == seconds)
    }

    @Test("a key idle past its schedule starts afresh from now", arguments: [Int64(60_000_000), 3_600_000_000])
    func anOldScheduleIsForgotten(_ now: Int64) {
        #expect(Self.burst(4, now: now, from: 1).0 == [true, true, true, false])
    }

    @Test("a verdict that lets through has nothing to wait for; one that refuses waits at least a second")
    func verdicts() {
        #expect(RateVerdict(allowed: true, retryAfterSeconds: 30) == .allow)
        #expect(RateVerdict(allowed: false, retryAfterSeconds: 0).retryAfterSeconds == 1)
    }

    @Test("a class left out of the settings has its default; unlimited is out of reach", arguments: TrafficClass.allCases)
    func settings(_ traffic: TrafficClass) {
        var settings = TrafficSettings()
        settings.rateLimits = [:]
        #expect(settings.limit(traffic) == TrafficSettings.defaultRateLimits[traffic])
        #expect(TrafficSettings.unlimited.limit(traffic).count >= 1_000_000)
    }
}
