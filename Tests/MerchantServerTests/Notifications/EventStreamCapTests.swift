import Foundation
import Glibc
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import Synchronization
import TestSupport
import Testing

/// The event-stream caps (429 `too_many_streams` per client and per replica, a closed
/// stream freeing its slot) and the one feeder per replica, against PostgreSQL and the app
/// listening on 127.0.0.1, its streams held open and dropped over raw sockets.
@Suite("Event stream caps and shared feed") struct EventStreamCapTests {
    @Test func aClientPastItsCapIsRefusedUntilOneOfItsStreamsCloses() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.eventStreamsPerClient = 2 }) { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 1)])
            let first = try await RawStream.open(h, order)
            let second = try await RawStream.open(h, order)
            #expect(try await first.opened(), "\(first.text)")
            #expect(try await second.opened(), "\(second.text)")
            try await Self.expectTooMany(try await RawStream.open(h, order))
            // The client drops a stream (a reset, as a closed tab's often is): its slot is
            // free within a poll, and the next stream opens.
            first.close(reset: true)
            var third: RawStream?
            let reopened = try await eventually(timeout: .seconds(10)) {
                let candidate = try await RawStream.open(h, order)
                guard try await candidate.opened() else { return false }
                third = candidate
                return true
            }
            #expect(reopened, "a dropped stream's slot came back")
            #expect(await second.stillOpen(), "the other stream goes on")
            #expect(await third?.stillOpen() == true)
        }
    }

    @Test func theReplicaRefusesAStreamPastItsTotalCap() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.eventStreamsMax = 3 }) { h in
            try await h.seedProduct("LAMP", price: 900)
            let orders = [try await h.placeOrder([("LAMP", 1)]), try await h.placeOrder([("LAMP", 1)])]
            var open = [RawStream]()
            for order in [orders[0], orders[1], orders[1]] {
                let stream = try await RawStream.open(h, order)
                #expect(try await stream.opened(), "\(stream.text)")
                open.append(stream)
            }
            // Under the per-client cap (10): the replica's own cap refuses it, whichever order.
            for order in orders { try await Self.expectTooMany(try await RawStream.open(h, order)) }
            #expect(open.count == 3)
        }
    }

    @Test func oneQueryAPollFeedsEveryOpenStreamItsOwnEvents() async throws {
        try await PaymentHarness.with(configure: { $0.traffic.eventStreamsPerClient = 100 }) { h in
            try await h.seedProduct("LAMP", price: 900)
            var orders = [(id: String, token: String)]()
            for _ in 0..<4 { orders.append(try await h.placeOrder([("LAMP", 1)])) }
            var streams = [(order: Int, stream: RawStream)]()
            for i in 0..<20 { streams.append((i % 4, try await RawStream.open(h, orders[i % 4]))) }
            for (_, stream) in streams { #expect(try await stream.opened(), "\(stream.text)") }

            // Commits of the test database while the 20 streams sit open, read on a
            // connection of its own (each statement of the pool is a transaction).
            let database = try await h.pool.withConnection {
                try $0.query("SELECT current_database() AS d").first?.decode("d", as: String.self) ?? ""
            }
            let stats = TestDatabase.pool("dbname=\(database)", size: 1)
            defer { stats.close() }
            let commits: @Sendable () async throws -> Int64 = {
                try await stats.withConnection { conn in
                    _ = try conn.query("SELECT pg_stat_force_next_flush()")
                    return try conn.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                        .first?.decode("xact_commit", as: Int64.self) ?? 0
                }
            }
            try await Task.sleep(for: .seconds(2))  // the other backends flush their counts at most once a second
            let clock = ContinuousClock()
            let (before, start) = (try await commits(), clock.now)
            try await Task.sleep(for: .seconds(5))
            try await Task.sleep(for: .milliseconds(1500))  // ... so wait for this window's last flush
            let after = try await commits()
            let seconds = Double((clock.now - start - .milliseconds(1500)).components.seconds)
            let rate = Double(after - before) / max(seconds, 1)
            print("event streams: 20 open, \(after - before) commits in \(seconds) s = \(rate)/s")
            #expect(rate < 5, "one feeder query a second for all 20 streams, not one each: \(rate) commits/s")

            // Each stream still gets what happens to its order, once, after its snapshot.
            for order in orders {
                #expect(try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#).status == 201)
            }
            for (i, stream) in streams {
                #expect(await stream.wait(for: "event: order.paid"), "stream of order \(i): \(stream.text)")
                let text = stream.text
                #expect(text.components(separatedBy: "event: order.paid").count == 2, "exactly once: \(text)")
                #expect(
                    text.contains(orders[i].id) && !orders.indices.filter { $0 != i }.contains { text.contains(orders[$0].id) },
                    "only its own order's events")
            }
        }
    }

    @Test func aHalfClosedClientAndTheServerStoppingFreeEverySlotAndTheFeeder() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 1)])
            let other = try await h.placeOrder([("LAMP", 1)])
            let orders = PostgresOrderRepository(pool: h.pool)
            let routes = OrderEventRoutes(
                orders: orders, notifications: PostgresNotificationStore(pool: h.pool),
                tickets: PostgresStreamTickets(pool: h.pool), pollInterval: .milliseconds(100),
                heartbeat: .seconds(1), limits: .init(perClient: 1, total: 10))
            let router = Router(context: APIRequestContext.self)
            router.middlewares.add(ErrorMiddleware())
            routes.register(on: router, authenticated: router.group().add(middleware: OrderTokenMiddleware(orders: orders)))
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            #expect(!routes.hub.isFeeding, "no stream, no feeder")
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let first = try await RawStream.open(port: port, order)
                #expect(try await first.opened())
                #expect(routes.hub.openStreams == (1, 1) && routes.hub.isFeeding)
                try await Self.expectTooMany(try await RawStream.open(port: port, other))
                // A client that read everything and closed (FIN): gone at the next heartbeat.
                first.close()
                #expect(try await eventually(timeout: .seconds(5)) { routes.hub.openStreams == (0, 0) }, "\(routes.hub.openStreams)")
                #expect(try await eventually(timeout: .seconds(2)) { !routes.hub.isFeeding }, "the feeder stops with the last stream")
                let next = try await RawStream.open(port: port, other)
                #expect(try await next.opened(), "\(next.text)")
                #expect(routes.hub.openStreams == (1, 1))
            }
            // The app stopped with a stream open: the stream ended, its slot and the feeder are gone.
            #expect(routes.hub.openStreams == (0, 0) && !routes.hub.isFeeding)
        }
    }

    /// `stream` was refused before it opened: 429 `too_many_streams`, `Retry-After: 5`, no event.
    static func expectTooMany(_ stream: RawStream, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(try await stream.status() == 429, "\(stream.text)", sourceLocation: sourceLocation)
        #expect(await stream.wait(for: "too_many_streams"), "\(stream.text)", sourceLocation: sourceLocation)
        #expect(
            stream.text.lowercased().contains("\r\nretry-after: 5\r\n") && !stream.text.contains("event:"),
            "\(stream.text)", sourceLocation: sourceLocation)
    }
}

/// An HTTP/1.1 request over a non-blocking socket whose answer is read as it arrives, so
/// a test can hold a stream open and drop it (`close`, or `close(reset:)` for a reset).
final class RawStream: Sendable {
    private struct State {
        var received: [UInt8] = []
        var closed = false
    }

    private let fd: Int32
    private let state = Mutex(State())

    private init(fd: Int32) { self.fd = fd }

    /// `GET /v1/orders/{id}/events` of the harness's app with the order's token.
    static func open(_ h: PaymentHarness, _ order: (id: String, token: String)) async throws -> RawStream {
        try await open(port: Int(h.baseURL.split(separator: ":").last ?? "") ?? 0, order)
    }

    /// `GET /v1/orders/{id}/events` on 127.0.0.1:`port` with the order's token.
    static func open(port: Int, _ order: (id: String, token: String)) async throws -> RawStream {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw HarnessError("connect to \(port): \(errno)")
        }
        let request = Array(
            "GET /v1/orders/\(order.id)/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nX-Order-Token: \(order.token)\r\n\r\n".utf8
        )
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let stream = RawStream(fd: fd)
        guard sent == request.count else { throw HarnessError("send: \(errno)") }
        return stream
    }

    /// Reads what has arrived; false once the server closed the connection.
    @discardableResult private func pump() -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if n > 0 { state.received += buffer[0..<n] } else { return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) }
            }
        }
    }

    /// Everything received so far (status line, headers, chunked body).
    var text: String {
        pump()
        return state.withLock { String(decoding: $0.received, as: UTF8.self) }
    }

    /// Waits up to `timeout` until `needle` arrived.
    func wait(for needle: String, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if text.contains(needle) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return text.contains(needle)
    }

    /// The answer's status (nil: none within 10 s).
    func status() async throws -> Int? {
        guard await wait(for: "\r\n") else { return nil }
        return Int(text.split(separator: " ").dropFirst().first ?? "")
    }

    /// Whether the stream opened: 200 and the opening `order.status` event.
    func opened() async throws -> Bool {
        guard try await status() == 200 else { return false }
        return await wait(for: "event: order.status")
    }

    /// Whether the server still holds the connection open (after a short look).
    func stillOpen() async -> Bool {
        try? await Task.sleep(for: .milliseconds(200))
        return pump()
    }

    /// Closes the socket: a FIN after reading what arrived, or with `reset` an RST.
    func close(reset: Bool = false) {
        pump()
        state.withLock { state in
            guard !state.closed else { return }
            if reset {
                var option = linger(l_onoff: 1, l_linger: 0)
                _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            }
            Glibc.close(fd)
            state.closed = true
        }
    }

    deinit {
        state.withLock { state in if !state.closed { Glibc.close(fd) } }
    }
}
