extension ServerConfiguration {
    /// The accepted `RETENTION_DAYS`: at least a day, at most ten years.
    static let retentionDaysRange = 1...3650

    /// Reads `RETENTION_DAYS` (default 90): how long processed webhook events and delivered
    /// notifications are kept; one line when it is not a whole number of days in range.
    mutating func readRetention(_ value: (String) -> String?) -> [String] {
        guard let text = value("RETENTION_DAYS") else { return [] }
        guard let days = Int(text), Self.retentionDaysRange.contains(days) else {
            return ["RETENTION_DAYS must be a whole number of days 1-3650, got \"\(text)\""]
        }
        retentionDays = days
        return []
    }
}
