/// Fault injection settings. Rates are probabilities in 0...1. API faults apply only to
/// `/v1` routes and only *after* the request's effect has been recorded, as a lost
/// response would be in production.
public struct SandboxFaults: Sendable, Equatable {
    /// Share of events never delivered at all.
    public var webhookDropRate: Double = 0
    /// Share of events delivered twice.
    public var webhookDuplicateRate: Double = 0
    /// Hold back every other event so that the next one overtakes it.
    public var webhookReorder: Bool = false
    /// Upper bound of a random delay before each event's first delivery attempt.
    public var webhookDelayMillisecondsMax: Int = 0
    /// Share of `/v1` responses replaced by a 500 `api_error` (after the effect).
    public var apiErrorRate: Double = 0
    /// Share of `/v1` responses held back for `apiTimeoutMilliseconds` (after the effect).
    public var apiTimeoutRate: Double = 0
    /// How long an injected timeout holds the response: longer than the client waits.
    public var apiTimeoutMilliseconds: Int = 30_000
    /// Fixed latency added to every `/v1` response.
    public var apiLatencyMilliseconds: Int = 0
    /// Delay between claiming an Idempotency-Key and doing the work, which widens the
    /// window in which a concurrent request with the same key gets a 409.
    public var apiProcessingDelayMilliseconds: Int = 0
    /// Answer `GET /v1/payment_intents` with its first unfiltered page whatever the body
    /// asks: a gateway that ignores the filters, which reconciliation must notice.
    public var ignoreListFilters: Bool = false

    /// No faults.
    public init() {}
}

extension SandboxFaults {
    /// The JSON shape of `GET /_sandbox/faults`.
    var json: JSONValue {
        [
            "webhook_drop_rate": .double(webhookDropRate),
            "webhook_duplicate_rate": .double(webhookDuplicateRate),
            "webhook_reorder": .bool(webhookReorder),
            "webhook_delay_ms_max": .int(Int64(webhookDelayMillisecondsMax)),
            "api_error_rate": .double(apiErrorRate),
            "api_timeout_rate": .double(apiTimeoutRate),
            "api_timeout_ms": .int(Int64(apiTimeoutMilliseconds)),
            "api_latency_ms": .int(Int64(apiLatencyMilliseconds)),
            "api_processing_delay_ms": .int(Int64(apiProcessingDelayMilliseconds)),
            "ignore_list_filters": .bool(ignoreListFilters),
        ]
    }

    /// Applies the keys present in `params`; omitted keys keep their value.
    mutating func update(from params: ParamReader) throws(APIError) {
        func rate(_ key: String) throws(APIError) -> Double? {
            guard let value = params.object[key], !value.isNull else { return nil }
            let number: Double
            switch value {
            case .int(let i): number = Double(i)
            case .double(let d): number = d
            case .string(let s) where Double(s) != nil: number = Double(s) ?? 0
            default: throw .invalid(key, "\(key) must be a number between 0 and 1.")
            }
            guard (0...1).contains(number) else { throw .invalid(key, "\(key) must be between 0 and 1.") }
            return number
        }
        func millis(_ key: String) throws(APIError) -> Int? {
            guard let value = try params.int(key) else { return nil }
            guard value >= 0, value <= 600_000 else { throw .invalid(key, "\(key) must be between 0 and 600000.") }
            return Int(value)
        }
        if let v = try rate("webhook_drop_rate") { webhookDropRate = v }
        if let v = try rate("webhook_duplicate_rate") { webhookDuplicateRate = v }
        if let v = try params.bool("webhook_reorder") { webhookReorder = v }
        if let v = try millis("webhook_delay_ms_max") { webhookDelayMillisecondsMax = v }
        if let v = try rate("api_error_rate") { apiErrorRate = v }
        if let v = try rate("api_timeout_rate") { apiTimeoutRate = v }
        if let v = try millis("api_timeout_ms") { apiTimeoutMilliseconds = v }
        if let v = try millis("api_latency_ms") { apiLatencyMilliseconds = v }
        if let v = try millis("api_processing_delay_ms") { apiProcessingDelayMilliseconds = v }
        if let v = try params.bool("ignore_list_filters") { ignoreListFilters = v }
    }
}
