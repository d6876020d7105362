/// How the service converges on WooshPay's truth when no signal arrives: the polling
/// schedule, leases and the give-up rules.
public struct SettlementSettings: Sendable, Equatable {
    /// Delays in seconds after an attempt starts at which it is polled (`SYNC_SCHEDULE`,
    /// e.g. `30s,1m,2m,5m,10m,30m,1h`); the last delay repeats.
    public var syncSchedule: [Int64] = [30, 60, 120, 300, 600, 1800, 3600]
    /// Seconds between two poller ticks (`SYNC_POLL_INTERVAL`, default 1).
    public var pollIntervalSeconds: Double = 1
    /// Most attempts one replica claims per tick (`SYNC_BATCH`, default 16).
    public var batchSize: Int = 16
    /// Seconds a claimed attempt or webhook event stays leased to one replica.
    public var leaseSeconds: Int = 60
    /// Seconds the return endpoint waits for WooshPay before answering "pending"
    /// (`RETURN_SYNC_TIMEOUT`, default 3).
    public var returnSyncTimeoutSeconds: Double = 3
    /// Whether a second successful payment of an already paid order is refunded
    /// automatically (`DUPLICATE_PAYMENT_REFUND`, default true).
    public var refundDuplicatePayments: Bool = true

    /// Defaults.
    public init() {}

    /// The delay before the `n`-th poll (0-based); the last entry repeats.
    public func delay(afterSync n: Int) -> Int64 {
        guard let last = syncSchedule.last else { return 60 }
        return n < syncSchedule.count ? syncSchedule[max(0, n)] : last
    }
}
