import CurlTransport
import Synchronization

#if DEBUG
/// TEST ONLY (`CHAOS_BREAK=gateway_new_key_on_retry`): a transport that sends every repeat
/// of a request with a fresh idempotency key instead of the caller's, so a lost answer can
/// create a second intent, session or refund at WooshPay. The chaos run installs it to
/// prove its invariants catch that; the adapter itself knows nothing of it, and release
/// builds do not contain it.
final class FreshKeyOnRepeatTransport: HTTPTransport {
    private let base: any HTTPTransport
    /// Sends seen per key (bounded: the chaos run's keys, not a server's lifetime of them).
    private let seen = Mutex<[String: Int]>([:])

    init(_ base: any HTTPTransport) { self.base = base }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var request = request
        if let index = request.headers.firstIndex(where: { $0.name.lowercased() == "idempotency-key" }) {
            let key = request.headers[index].value
            let repeats = seen.withLock { seen in
                if seen.count > 100_000 { seen.removeAll() }
                defer { seen[key, default: 0] += 1 }
                return seen[key, default: 0]
            }
            if repeats > 0 { request.headers[index].value = "\(key)-retry-\(repeats)" }
        }
        return try await base.send(request)
    }
}
#endif
