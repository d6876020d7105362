import Logging
import ServiceLifecycle
import Synchronization

/// A fixed-size pool of libpq connections, each confined to its own thread.
///
/// Work is handed to a connection as a synchronous closure that runs on the connection's
/// thread. Transactions are therefore synchronous too, which keeps gateway calls (async)
/// out of database transactions by construction.
public final class PostgresPool: Service {
    /// Settings of the pool.
    public struct Configuration: Sendable {
        /// A libpq connection string (URI or key=value); empty uses the `PG*` variables.
        public var connectionString: String
        /// Number of connections (and threads).
        public var size: Int = 8
        /// Seconds allowed to open a connection.
        public var connectTimeoutSeconds: Int = 5
        /// Reported to the server as `application_name`.
        public var applicationName: String = "merchant"
        /// Whether statements are prepared once per connection (named, server side). Off,
        /// every statement runs unnamed (parsed each time), which PgBouncer in transaction
        /// mode needs: a later transaction may run on another server connection, where a
        /// named statement does not exist (`DATABASE_PREPARED_STATEMENTS=false`).
        public var preparedStatements: Bool = true

        /// Creates a configuration for `connectionString`.
        public init(connectionString: String, size: Int = 8) {
            self.connectionString = connectionString
            self.size = size
        }
    }

    private let configuration: Configuration
    private let slots: [Slot]
    private let state = Mutex(State())
    private let logger: Logger

    private struct State {
        var free: [Int] = []
        var waiters: [CheckedContinuation<Int, any Error>] = []
        var closed = false
    }

    /// Creates the pool; connections open lazily on first use and reopen after failures.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        let size = max(1, configuration.size)
        self.slots = (0..<size).map { Slot(thread: ConnectionThread(name: "postgres-\($0)")) }
        state.withLock { $0.free = Array((0..<size).reversed()) }
    }

    deinit {
        for slot in slots { slot.thread.stop() }
    }

    /// How the pool's connections are used at one instant (for metrics).
    public struct Usage: Sendable, Hashable {
        /// Connections the pool holds (its configured size).
        public var size: Int
        /// Connections checked out by running work.
        public var inUse: Int
        /// Connections free to take.
        public var idle: Int
        /// Callers waiting for a connection (the pool is saturated while this is above 0).
        public var waiting: Int
    }

    /// The current usage, read under the pool's lock (cheap: no connection is touched).
    public var usage: Usage {
        let size = slots.count
        return state.withLock { state in
            Usage(size: size, inUse: size - state.free.count, idle: state.free.count, waiting: state.waiters.count)
        }
    }

    /// Runs `body` with a connection on that connection's thread.
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let index = try await acquire()
        defer { release(index) }
        let slot = slots[index]
        let configuration = configuration
        return try await withCheckedThrowingContinuation { continuation in
            slot.thread.submit {
                continuation.resume(
                    with: Result {
                        try body(try slot.connection(configuration))
                    })
            }
        }
    }

    /// Runs `body` inside `BEGIN ... COMMIT`; any thrown error rolls back and is rethrown.
    public func withTransaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try connection.transaction(body)
        }
    }

    /// Waits for graceful shutdown, then refuses new work and closes the connections.
    public func run() async throws {
        try? await gracefulShutdown()
        close()
    }

    /// Refuses new work, fails waiters and releases the connection threads.
    public func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: PostgresError.poolClosed) }
        for slot in slots {
            slot.thread.submit { slot.disconnect() }
            slot.thread.stop()
        }
        logger.debug("postgres pool closed")
    }

    private func acquire() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let index = state.withLock { state -> Result<Int, PostgresError>? in
                if state.closed { return .failure(.poolClosed) }
                if let index = state.free.popLast() { return .success(index) }
                state.waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(with: index) }
        }
    }

    private func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            if state.waiters.isEmpty {
                state.free.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}

/// One connection slot: a thread and the connection it owns.
final class Slot: @unchecked Sendable {
    // @unchecked: `connection` is only read and written on `thread`.
    let thread: ConnectionThread
    private var current: PostgresConnection?

    init(thread: ConnectionThread) { self.thread = thread }

    /// The slot's connection, (re)opened if it is missing or broken. Runs on `thread`.
    func connection(_ configuration: PostgresPool.Configuration) throws -> PostgresConnection {
        if let current, current.isHealthy { return current }
        current = nil
        let fresh = try PostgresConnection(
            connectionString: configuration.connectionString,
            connectTimeoutSeconds: configuration.connectTimeoutSeconds,
            applicationName: configuration.applicationName, preparedStatements: configuration.preparedStatements)
        current = fresh
        return fresh
    }

    /// Closes the connection. Runs on `thread`.
    func disconnect() { current = nil }
}
