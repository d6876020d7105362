import CurlTransport
import MerchantServer
import Testing

/// `CHAOS_BREAK=gateway_new_key_on_retry` is a transport decorator the composition root
/// installs only when the switch is set: the adapter has no test-only code path.
@Suite("CHAOS_BREAK: the transport decorator") struct ChaosBreakTests {
    /// Answers 503 to everything and remembers each Idempotency-Key it was sent.
    actor Recorder: HTTPTransport {
        var keys: [String?] = []
        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            keys.append(request.headers.first { $0.name == "Idempotency-Key" }?.value)
            return HTTPResponse(status: 503, headers: [], body: [])
        }
    }

    static func keys(sent: Int, environment extra: [String: String]) async throws -> [String?] {
        let configuration = try ServerConfiguration(environment: ["DATABASE_URL": "postgresql://db/merchant"].merging(extra) { $1 })
        let recorder = Recorder()
        let transport = chaosBreak(configuration, recorder)
        let request = HTTPRequest(
            method: .POST, url: "http://127.0.0.1:9/v1/payment_intents",
            headers: [(name: "Idempotency-Key", value: "key-1")])
        for _ in 0..<sent { _ = try await transport.send(request) }
        return await recorder.keys
    }

    @Test("switched on, every repeat of a request goes out with a fresh key")
    func broken() async throws {
        #expect(
            try await Self.keys(sent: 3, environment: ["CHAOS_BREAK": "gateway_new_key_on_retry"])
                == ["key-1", "key-1-retry-1", "key-1-retry-2"])
    }

    @Test("unset, the transport is the one given and every repeat keeps its key")
    func intact() async throws {
        #expect(try await Self.keys(sent: 3, environment: [:]) == ["key-1", "key-1", "key-1"])
    }
}
