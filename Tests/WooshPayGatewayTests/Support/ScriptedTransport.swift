import CurlTransport
import Foundation
import Testing

/// A fake transport that answers from a script and records what it was sent. A request
/// beyond the script is a test failure (fakes fail on any call a test did not set up).
actor ScriptedTransport: HTTPTransport {
    /// One scripted answer.
    enum Step: Sendable {
        case respond(Int, String, headers: [(name: String, value: String)] = [])
        case fail(TransportError)
    }

    private var steps: [Step]
    /// Every request received, in order.
    private(set) var requests: [HTTPRequest] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        requests.append(request)
        guard !steps.isEmpty else {
            Issue.record("unscripted request \(request.method) \(request.url)")
            throw .other(requestSent: false, "unscripted")
        }
        switch steps.removeFirst() {
        case .respond(let status, let body, let headers):
            return HTTPResponse(
                status: status, headers: [("Request-Id", "req_\(requests.count)")] + headers,
                body: Array(body.utf8))
        case .fail(let error):
            throw error
        }
    }

    /// Whether every scripted step was consumed.
    var isExhausted: Bool { steps.isEmpty }
}

/// Records the delays the retry loop asked for, without waiting.
actor SleepRecorder {
    private(set) var delays: [Duration] = []

    func record(_ delay: Duration) {
        delays.append(delay)
    }
}

extension HTTPRequest {
    /// A header value by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body parsed as a JSON object.
    var jsonBody: [String: Any]? {
        guard let body else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

/// Literal WooshPay objects for scripted answers.
enum Samples {
    static func intent(
        _ id: String = "pi_1", status: String = "succeeded", created: Int64 = 1_700_000_000,
        amount: Int64 = 2500
    ) -> String {
        #"{"id":"\#(id)","object":"payment_intent","amount":\#(amount),"currency":"USD","status":"\#(status)","created":\#(created),"client_secret":"\#(id)_secret_TOPSECRET"}"#
    }

    static func list(_ objects: [String], hasMore: Bool) -> String {
        #"{"object":"list","url":"/v1/payment_intents","has_more":\#(hasMore),"data":[\#(objects.joined(separator: ","))]}"#
    }
}
