import OrderDomain

extension SettlementSettings {
    /// The keys this part reads.
    static let keys = ["SYNC_SCHEDULE", "SYNC_POLL_INTERVAL", "SYNC_BATCH", "RETURN_SYNC_TIMEOUT", "DUPLICATE_PAYMENT_REFUND"]

    /// Reads the settlement keys; one line per problem.
    mutating func read(_ value: (String) -> String?) -> [String] {
        var problems = [String]()
        if let text = value("SYNC_SCHEDULE") {
            let delays = ServerConfiguration.commaList(text).map(SettlementSettings.seconds)
            if !delays.isEmpty, delays.allSatisfy({ ($0 ?? 0) > 0 }) {
                syncSchedule = delays.compactMap { $0 }
            } else {
                problems.append("SYNC_SCHEDULE must be a comma list of durations such as 30s,1m,2m,5m,1h, got \"\(text)\"")
            }
        }
        if let text = value("SYNC_POLL_INTERVAL") {
            if let d = Double(text), d > 0, d <= 60 {
                pollIntervalSeconds = d
            } else {
                problems.append("SYNC_POLL_INTERVAL must be seconds in (0, 60], got \"\(text)\"")
            }
        }
        if let text = value("SYNC_BATCH") {
            if let n = Int(text), (1...500).contains(n) {
                batchSize = n
            } else {
                problems.append("SYNC_BATCH must be 1-500, got \"\(text)\"")
            }
        }
        if let text = value("RETURN_SYNC_TIMEOUT") {
            if let d = Double(text), d > 0, d <= 30 {
                returnSyncTimeoutSeconds = d
            } else {
                problems.append("RETURN_SYNC_TIMEOUT must be seconds in (0, 30], got \"\(text)\"")
            }
        }
        if let text = value("DUPLICATE_PAYMENT_REFUND") {
            switch text.lowercased() {
            case "true", "1", "yes", "auto": refundDuplicatePayments = true
            case "false", "0", "no", "off": refundDuplicatePayments = false
            default: problems.append("DUPLICATE_PAYMENT_REFUND must be true or false, got \"\(text)\"")
            }
        }
        return problems
    }

    /// `90`, `30s`, `5m`, `2h`, `1d` as seconds.
    static func seconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let n = Int64(text) { return n }
        guard let unit = text.last, let factor = units[unit], let n = Int64(text.dropLast()) else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }
}
