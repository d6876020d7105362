/// A point in time as reported by (or sent to) the payment gateway, normalised to epoch
/// milliseconds.
///
/// Gateways disagree about units (WooshPay documents seconds but sends milliseconds), so the
/// adapter normalises on the way in and the domain never has to guess.
public struct GatewayTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var epochMilliseconds: Int64

    /// Creates a timestamp from epoch milliseconds.
    public init(epochMilliseconds: Int64) {
        self.epochMilliseconds = epochMilliseconds
    }

    /// Creates a timestamp from epoch seconds.
    public init(epochSeconds: Int64) {
        // Saturate instead of trapping: a hostile or corrupt value must not crash the process.
        let (product, overflow) = epochSeconds.multipliedReportingOverflow(by: 1000)
        self.epochMilliseconds = overflow ? (epochSeconds < 0 ? .min : .max) : product
    }

    /// Interprets an epoch value whose unit is unknown: values above 10^12 are taken as
    /// milliseconds (10^12 ms is September 2001; 10^12 s is 33,000 years from now), the
    /// rest as seconds.
    public init(epochSecondsOrMilliseconds value: Int64) {
        if value > 1_000_000_000_000 || value < -1_000_000_000_000 {
            self.init(epochMilliseconds: value)
        } else {
            self.init(epochSeconds: value)
        }
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    public var epochSeconds: Int64 {
        let (quotient, remainder) = epochMilliseconds.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The signed time from `other` to `self`.
    public func duration(since other: GatewayTimestamp) -> Duration {
        .milliseconds(epochMilliseconds) - .milliseconds(other.epochMilliseconds)
    }

    /// Orders timestamps chronologically.
    public static func < (lhs: GatewayTimestamp, rhs: GatewayTimestamp) -> Bool {
        lhs.epochMilliseconds < rhs.epochMilliseconds
    }

    /// The epoch milliseconds, for logs.
    public var description: String { "\(epochMilliseconds)ms" }
}
