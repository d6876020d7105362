import OrderDomain

extension TrafficSettings {
    /// The keys this part reads.
    static let keys =
        TrafficClass.allCases.map(\.key) + [
            "TRUSTED_PROXIES", "MAX_PAYMENT_FAILURES_PER_ORDER", "MAX_PAYMENT_FAILURES_PER_CLIENT", "STOCK_HOLD",
            "RETURN_SYNC_MIN_INTERVAL", "EVENT_STREAMS_PER_CLIENT", "EVENT_STREAMS_MAX",
            "HTTP_HEADER_TIMEOUT", "HTTP_IDLE_TIMEOUT", "HTTP_MAX_CONNECTIONS",
        ]

    /// Reads the traffic keys; one line per problem.
    mutating func read(_ value: (String) -> String?) -> [String] {
        var problems = [String]()
        // Each key spelled out, so the deploy test finds every key this reads.
        let rates: [(TrafficClass, String?)] = [
            (.orders, value("RATE_LIMIT_ORDERS")), (.payments, value("RATE_LIMIT_PAYMENTS")),
            (.returns, value("RATE_LIMIT_RETURNS")), (.reads, value("RATE_LIMIT_READS")),
            (.admin, value("RATE_LIMIT_ADMIN")), (.signIns, value("RATE_LIMIT_SIGN_INS")),
        ]
        for (traffic, text) in rates {
            guard let text else { continue }
            if let limit = RateLimit(text) {
                rateLimits[traffic] = limit
            } else {
                problems.append("\(traffic.key) must be a rate such as 30/min, 5/s or 100/h, got \"\(text)\"")
            }
        }
        if let text = value("TRUSTED_PROXIES") {
            let blocks = ServerConfiguration.commaList(text)
            let parsed = blocks.compactMap(CIDR.init)
            if parsed.count == blocks.count {
                trustedProxies = parsed
            } else {
                problems.append("TRUSTED_PROXIES must be a comma list of CIDR blocks such as 10.0.0.0/8,fd00::/8, got \"\(text)\"")
            }
        }
        func count(_ key: String, _ text: String?, _ range: ClosedRange<Int>, _ set: (Int) -> Void) {
            guard let text else { return }
            if let n = Int(text), range.contains(n) {
                set(n)
            } else {
                problems.append("\(key) must be \(range.lowerBound)-\(range.upperBound), got \"\(text)\"")
            }
        }
        func duration(_ key: String, _ text: String?, _ range: ClosedRange<Int64>, example: String, _ set: (Int64) -> Void) {
            guard let text else { return }
            if let n = SettlementSettings.seconds(text), range.contains(n) {
                set(n)
            } else {
                problems.append("\(key) must be a duration from \(range.lowerBound)s to \(range.upperBound)s such as \(example), got \"\(text)\"")
            }
        }
        count("MAX_PAYMENT_FAILURES_PER_ORDER", value("MAX_PAYMENT_FAILURES_PER_ORDER"), 1...1000) { maxPaymentFailuresPerOrder = $0 }
        count("MAX_PAYMENT_FAILURES_PER_CLIENT", value("MAX_PAYMENT_FAILURES_PER_CLIENT"), 1...100_000) { maxPaymentFailuresPerClientHour = $0 }
        count("EVENT_STREAMS_PER_CLIENT", value("EVENT_STREAMS_PER_CLIENT"), 1...100_000) { eventStreamsPerClient = $0 }
        count("EVENT_STREAMS_MAX", value("EVENT_STREAMS_MAX"), 1...100_000) { eventStreamsMax = $0 }
        count("HTTP_MAX_CONNECTIONS", value("HTTP_MAX_CONNECTIONS"), 16...1_000_000) { httpMaxConnections = $0 }
        duration("STOCK_HOLD", value("STOCK_HOLD"), 60...30 * 86400, example: "15m") { stockHoldSeconds = $0 }
        duration("RETURN_SYNC_MIN_INTERVAL", value("RETURN_SYNC_MIN_INTERVAL"), 0...300, example: "2s") { syncMinIntervalSeconds = Double($0) }
        duration("HTTP_HEADER_TIMEOUT", value("HTTP_HEADER_TIMEOUT"), 1...600, example: "10s") { httpHeaderTimeoutSeconds = Double($0) }
        duration("HTTP_IDLE_TIMEOUT", value("HTTP_IDLE_TIMEOUT"), 1...3600, example: "60s") { httpIdleTimeoutSeconds = Double($0) }
        return problems
    }
}

extension TrafficClass {
    /// `RATE_LIMIT_ORDERS` and so on.
    var key: String { "RATE_LIMIT_\(rawValue.uppercased())" }
}
