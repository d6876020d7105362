/// TEST ONLY: deliberate defects `scripts/chaos.sh --break NAME` switches on through
/// `CHAOS_BREAK`, so the chaos run can show that its invariants catch them (the run must
/// then fail). Unset, the default, nothing is broken; never set it in production.
public enum TestBreak: String, Sendable, CaseIterable {
    /// The WooshPay adapter retries a call with a fresh idempotency key instead of the
    /// caller's, so a lost answer can create a second intent, session or refund.
    case gatewayNewKeyOnRetry = "gateway_new_key_on_retry"
}

extension ServerConfiguration {
    /// Reads `CHAOS_BREAK`; one line when it names no known defect.
    /// Release builds do not have the switch at all: the value is refused.
    mutating func readTestBreak(_ value: (String) -> String?) -> [String] {
        guard let name = value("CHAOS_BREAK") else { return [] }
        #if !DEBUG
        return ["CHAOS_BREAK is a test-only switch that release builds do not have; unset it"]
        #else
        guard let known = TestBreak(rawValue: name) else {
            let names = TestBreak.allCases.map(\.rawValue).joined(separator: ", ")
            return ["CHAOS_BREAK is a test-only switch and must be one of \(names), got \"\(name)\""]
        }
        testBreak = known
        return []
        #endif
    }
}
