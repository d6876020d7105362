import CurlTransport
import Foundation
import Testing

/// What WooshPay accepts, and nothing more, unless `--lenient`: HTTP Basic only, JSON
/// bodies only; Stripe's epoch seconds only as a quirk. The JS SDK's JSON confirm gets a
/// CORS preflight approved for `Content-Type` alone.
@Suite struct StrictWireTests {
    static func raw(
        _ sandbox: TestSandbox, _ path: String, authorization: String?, contentType: String, body: String
    ) async throws -> Int {
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: contentType)]
        if let authorization { headers.append((name: "Authorization", value: authorization)) }
        let request = CurlTransport.HTTPRequest(
            method: .POST, url: sandbox.baseURL + path, headers: headers, body: Array(body.utf8))
        return try await sandbox.transport.send(request).status
    }

    @Test(arguments: [false, true]) func bearerAndFormBodiesOnlyWhenLenient(_ lenient: Bool) async throws {
        try await TestSandbox.with({ $0.lenient = lenient }) { sandbox in
            let basic = "Basic " + Data("\(TestSandbox.secretKey):".utf8).base64EncodedString()
            let bearer = "Bearer \(TestSandbox.secretKey)"
            let json = #"{"amount": 100, "currency": "USD"}"#
            let form = "amount=100&currency=USD"
            #expect(try await Self.raw(sandbox, "/v1/payment_intents", authorization: basic, contentType: "application/json", body: json) == 200)
            let viaBearer = try await Self.raw(
                sandbox, "/v1/payment_intents", authorization: bearer, contentType: "application/json", body: json)
            #expect(viaBearer == (lenient ? 200 : 401))
            let viaForm = try await Self.raw(
                sandbox, "/v1/payment_intents", authorization: basic,
                contentType: "application/x-www-form-urlencoded", body: form)
            #expect(viaForm == (lenient ? 200 : 400))
            let stored = try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data")
            #expect(stored.count == (lenient ? 3 : 1), "a refused request stores nothing")
        }
    }

    @Test func secondsTimestampsAreAQuirk() async throws {
        try await TestSandbox.with({ $0.secondsTimestamps = true }) { sandbox in
            let plain = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 100, "currency": "USD"]).json
            #expect((plain.int("created") ?? 0) < 1_000_000_000_000)
        }
    }

    @Test func theConfirmsPreflightAllowsContentTypeOnly() async throws {
        try await TestSandbox.with { sandbox in
            let confirm = try await sandbox.transport.send(
                CurlTransport.HTTPRequest(
                    method: .OPTIONS, url: sandbox.baseURL + "/v1/payment_intents/pi_1/confirm",
                    headers: [
                        (name: "Origin", value: "http://shop.example"),
                        (name: "Access-Control-Request-Method", value: "POST"),
                        (name: "Access-Control-Request-Headers", value: "content-type"),
                    ]))
            let headers = Reply(status: confirm.status, headers: confirm.headers, body: confirm.body)
            #expect(confirm.status == 204)
            #expect(headers.header("Access-Control-Allow-Origin") == "*")
            #expect(headers.header("Access-Control-Allow-Headers") == "Content-Type")
            #expect(headers.header("Access-Control-Allow-Methods") == "POST")
            let other = try await sandbox.transport.send(
                CurlTransport.HTTPRequest(method: .OPTIONS, url: sandbox.baseURL + "/v1/payment_intents"))
            let otherHeaders = Reply(status: other.status, headers: other.headers, body: other.body)
            #expect(otherHeaders.header("Access-Control-Allow-Headers") == nil)
            #expect(otherHeaders.header("Access-Control-Allow-Origin") == nil)
        }
    }
}
