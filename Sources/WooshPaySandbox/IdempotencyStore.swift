import CryptoPrimitives

/// A response kept for Idempotency-Key replay.
struct StoredResponse: Sendable {
    /// HTTP status.
    var status: Int
    /// The exact body bytes.
    var body: [UInt8]
    /// The Request-Id of the original response.
    var requestID: String
}

/// Idempotency-Key bookkeeping: same key + same method, path and parameters replays the
/// first response exactly; a different request under the key, or a concurrent one while
/// the first is running, is a 409. Keys are forgotten after 24 hours.
actor IdempotencyStore {
    /// What `begin` decided.
    enum Decision: Sendable {
        /// First use: run the request, then call `finish` (or `abandon`).
        case proceed
        /// Seen before with the same request: send this.
        case replay(StoredResponse)
        /// Refused with this error.
        case conflict(APIError)
    }

    private enum Entry {
        case inFlight(fingerprint: [UInt8], since: Int64)
        case done(fingerprint: [UInt8], response: StoredResponse, at: Int64)
    }

    private var entries: [String: Entry] = [:]
    private let lifetimeMilliseconds: Int64 = 24 * 3600 * 1000
    /// When expired keys were last dropped: a sweep walks every key, so it runs at most once
    /// a minute rather than on every request (a key then lives at most a minute too long).
    private var lastPurge: Int64 = 0

    /// The fingerprint of a request: method, path and canonical parameters.
    static func fingerprint(method: String, path: String, params: JSONObject) -> [UInt8] {
        Crypto.sha256(Array("\(method) \(path)\n".utf8) + JSONValue.object(params).canonicalBytes)
    }

    /// Claims `key` for a request, or says how to answer instead.
    func begin(key: String, fingerprint: [UInt8], now: Int64) -> Decision {
        if now - lastPurge >= 60_000 {
            purge(now: now)
            lastPurge = now
        }
        switch entries[key] {
        case nil:
            entries[key] = .inFlight(fingerprint: fingerprint, since: now)
            return .proceed
        case .inFlight?:
            return .conflict(
                .idempotency(
                    "There is currently another in-progress request using this Idempotency-Key (\(key)). "
                        + "Please try again later.", code: "idempotency_key_in_use"))
        case .done(let stored, let response, _)?:
            guard Crypto.constantTimeEquals(stored, fingerprint) else {
                return .conflict(
                    .idempotency(
                        "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                            + "Try using a key other than '\(key)' if you meant to execute a different request."))
            }
            return .replay(response)
        }
    }

    /// Stores the response of a claimed key.
    func finish(key: String, fingerprint: [UInt8], response: StoredResponse, now: Int64) {
        entries[key] = .done(fingerprint: fingerprint, response: response, at: now)
    }

    /// Releases a claimed key whose request produced no storable response.
    func abandon(key: String) {
        if case .inFlight? = entries[key] { entries[key] = nil }
    }

    /// Forgets every key (`POST /_sandbox/reset`).
    func reset() {
        entries = [:]
    }

    private func purge(now: Int64) {
        entries = entries.filter { _, entry in
            switch entry {
            case .inFlight: return true
            case .done(_, _, let at): return now - at < lifetimeMilliseconds
            }
        }
    }
}
