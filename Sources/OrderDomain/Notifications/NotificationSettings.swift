/// How merchant notifications are delivered (`NOTIFY_*` keys).
public struct NotificationSettings: Sendable, Equatable {
    /// Endpoints every notification goes to; none: notifications wait, `pending`.
    public var urls: [String] = []
    /// Delays, in seconds, before each retry round; when they run out the notification is
    /// `failed` (an admin replay sends it again). Stripe-like: about three days in all.
    public var retrySchedule: [Int64] = [10, 60, 300, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 86400]
    /// Pause between the notifier's rounds, seconds.
    public var pollIntervalSeconds: Double = 1
    /// Notifications per round.
    public var batchSize: Int = 20
    /// Lease on a claimed notification, seconds (longer than a round).
    public var leaseSeconds: Int = 60
    /// Time allowed for one POST, seconds.
    public var timeoutSeconds: Double = 10

    /// Creates the defaults.
    public init() {}

    /// The wait before round `round + 1` after `round` failed rounds (1-based); `nil` when
    /// the schedule is exhausted.
    public func retryDelay(afterRound round: Int) -> Int64? {
        round >= 1 && round <= retrySchedule.count ? retrySchedule[round - 1] : nil
    }
}
