import CurlTransport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

// Hummingbird brings HTTPTypes' HTTPRequest too; these tests mean ours.
typealias OutboundRequest = CurlTransport.HTTPRequest

/// Runs a Hummingbird server on a free loopback port for the duration of `body`.
func withLoopbackServer(_ body: @Sendable (String) async throws -> Void) async throws {
    let router = Router()
    router.post("/echo") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[HTTPField.Name("X-Echo-Method")!] = request.method.rawValue
        headers[HTTPField.Name("X-Echo-Token")!] = request.headers[HTTPField.Name("X-Token")!] ?? "none"
        headers[HTTPField.Name("X-Echo-Agent")!] = request.headers[.userAgent] ?? "none"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
    router.get("/teapot") { _, _ -> Response in
        Response(
            status: .init(code: 418), headers: [HTTPField.Name("X-Kind")!: "teapot"],
            body: .init(byteBuffer: ByteBuffer(string: "short and stout")))
    }
    router.get("/slow") { _, _ -> String in
        try await Task.sleep(for: .seconds(5))
        return "late"
    }
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        try await body("http://127.0.0.1:\(port)")
        group.cancelAll()
    }
}

@Suite("CurlHTTPTransport against a loopback server")
struct CurlTransportTests {
    let transport = CurlHTTPTransport()

    @Test("status, headers and body both ways")
    func echo() async throws {
        try await withLoopbackServer { base in
            let payload = Array("{\"amount\":2500}".utf8) + [0, 255]
            let response = try await transport.send(
                OutboundRequest(
                    method: .POST, url: base + "/echo", headers: [("X-Token", "abc123")], body: payload))
            #expect(response.status == 200)
            #expect(response.body == payload)
            #expect(response.header("x-echo-method") == "POST")
            #expect(response.header("X-ECHO-TOKEN") == "abc123")
            #expect(response.header("X-Echo-Agent") == "merchant-backend/1.0")
        }
    }

    @Test("a non-2xx status is a response, not an error; handles are reused")
    func teapot() async throws {
        try await withLoopbackServer { base in
            for _ in 0..<5 {
                let response = try await transport.send(OutboundRequest(method: .GET, url: base + "/teapot"))
                #expect(response.status == 418)
                #expect(response.header("X-Kind") == "teapot")
                #expect(String(decoding: response.body, as: UTF8.self) == "short and stout")
            }
        }
    }

    @Test("a timeout fires near its limit and reports the request as sent")
    func timeout() async throws {
        try await withLoopbackServer { base in
            let start = ContinuousClock.now
            do {
                _ = try await transport.send(OutboundRequest(method: .GET, url: base + "/slow", timeout: .milliseconds(400)))
                Issue.record("expected a timeout")
            } catch let error as TransportError {
                #expect(error == .timedOut(requestSent: true))
                #expect(error.requestMayHaveBeenProcessed)
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(380))
            // The server answers after 5 s: anything well below that is the timeout firing
            // (a busy 2-core CI machine has been seen taking 1.5 s, so no tighter bound).
            #expect(elapsed < .milliseconds(3500))
        }
    }

    @Test("connection refused is 'not delivered'")
    func refused() async throws {
        do {
            _ = try await transport.send(OutboundRequest(method: .GET, url: "http://127.0.0.1:1/"))
            Issue.record("expected a failure")
        } catch let error as TransportError {
            guard case .connectionFailed = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(!error.requestMayHaveBeenProcessed)
        }
    }

    @Test("only http and https URLs are accepted")
    func schemes() async throws {
        for url in ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://x", "not a url"] {
            do {
                _ = try await transport.send(OutboundRequest(method: .GET, url: url))
                Issue.record("\(url) was fetched")
            } catch let error as TransportError {
                guard case .invalidURL = error else {
                    Issue.record("\(url): \(error)")
                    continue
                }
            }
        }
    }

    @Test("64 concurrent requests on 16 handles all complete")
    func concurrent() async throws {
        try await withLoopbackServer { base in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        let body = Array("n=\(i)".utf8)
                        let r = try await transport.send(OutboundRequest(method: .POST, url: base + "/echo", body: body))
                        return r.status == 200 && r.body == body
                    }
                }
                var ok = 0
                for try await success in group where success { ok += 1 }
                #expect(ok == 64)
            }
        }
    }
}
