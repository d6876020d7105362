import Logging
import OrderDomain
import Synchronization

/// The open event streams of one replica, their caps and the one loop that feeds them.
///
/// A stream first takes a slot (`reserve`): past `perClient` open streams of one client
/// address, or `total` on the replica, it is refused with 429 `too_many_streams`. Once
/// authorised it subscribes with its cursor (the sequence after which it wants events).
/// While any stream is subscribed, one feeder task runs ONE query per `pollInterval` for all
/// of them (each order from the lowest cursor of its streams, `NotificationStore
/// .notifications(after:limit:)`) and hands each stream the events after its own cursor,
/// in order; every round also hands each stream a (possibly empty) batch, the tick its
/// heartbeat, deadline and liveness probe run on. With no stream subscribed no feeder
/// runs, so the hub holds no task once its streams have ended (the app stopped).
///
/// A slot is freed by `EventStreamSlot.close()` or, whatever else happens (a refused
/// authorisation, a response never written), when the slot is deallocated.
public final class EventStreamHub: Sendable {
    /// The caps of one replica.
    public struct Limits: Sendable, Equatable {
        /// Open streams of one client address.
        public var perClient: Int
        /// Open streams in all.
        public var total: Int

        /// Creates the caps.
        public init(perClient: Int, total: Int) {
            self.perClient = perClient
            self.total = total
        }

        /// No cap (routes built without one, as in tests that are not about caps).
        public static let unlimited = Limits(perClient: .max, total: .max)
    }

    /// What a stream receives each round: the new events of its order, oldest first.
    public typealias Feed = AsyncStream<[OrderNotification]>

    private struct Stream {
        var client: String?
        var orderID: String?
        var cursor: Int64 = 0
        var continuation: Feed.Continuation?
    }

    private struct State {
        var streams: [Int: Stream] = [:]
        var perClient: [String: Int] = [:]
        var nextID = 0
        /// The running feeder's generation (nil: none runs); a feeder whose generation is
        /// no longer current stops and delivers nothing.
        var feeder: (generation: Int, task: Task<Void, Never>)?
        var generation = 0
        var subscribed: Int { streams.values.count { $0.continuation != nil } }
    }

    private let notifications: any NotificationStore
    private let pollInterval: Duration
    private let limits: Limits
    private let batchLimit: Int
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates the hub; `batchLimit` events per order and round at most.
    public init(
        notifications: any NotificationStore, pollInterval: Duration = .seconds(1), limits: Limits = .unlimited,
        batchLimit: Int = 50, logger: Logger = Logger(label: "merchant.event-streams")
    ) {
        self.notifications = notifications
        self.pollInterval = pollInterval
        self.limits = limits
        self.batchLimit = batchLimit
        self.logger = logger
    }

    /// Open streams (slots taken), and of them those being fed.
    public var openStreams: (reserved: Int, subscribed: Int) { state.withLock { ($0.streams.count, $0.subscribed) } }

    /// Whether a feeder task exists (none while no stream is subscribed).
    public var isFeeding: Bool { state.withLock { $0.feeder != nil } }

    /// Takes a slot for a stream of `client` (nil: only the total cap applies), or throws
    /// 429 `too_many_streams` when a cap is reached.
    public func reserve(client: String?) throws -> EventStreamSlot {
        let id = try state.withLock { state throws(DomainError) -> Int in
            let mine = client.map { state.perClient[$0] ?? 0 } ?? 0
            guard state.streams.count < limits.total else {
                throw Self.refusal("This server has too many open event streams; retry shortly.")
            }
            guard mine < limits.perClient else {
                throw Self.refusal("Too many open event streams from this client; close one or retry shortly.")
            }
            state.nextID += 1
            state.streams[state.nextID] = Stream(client: client)
            if let client { state.perClient[client] = mine + 1 }
            return state.nextID
        }
        return EventStreamSlot(id: id, hub: self)
    }

    static func refusal(_ message: String) -> DomainError {
        DomainError(code: .tooManyStreams, message: message, retryAfterSeconds: 5)
    }

    /// Starts feeding slot `id` the events of `orderID` after `cursor`.
    func subscribe(_ id: Int, orderID: String, after cursor: Int64) -> Feed {
        let (feed, continuation) = Feed.makeStream()
        let alive = state.withLock { state -> Bool in
            guard state.streams[id] != nil else { return false }
            state.streams[id]?.orderID = orderID
            state.streams[id]?.cursor = cursor
            state.streams[id]?.continuation = continuation
            if state.feeder == nil {
                state.generation += 1
                let generation = state.generation
                state.feeder = (generation, Task { await self.feed(generation) })
            }
            return true
        }
        if !alive { continuation.finish() }
        return feed
    }

    /// Frees slot `id` (again: nothing) and ends its feed; the feeder stops with the last.
    func release(_ id: Int) {
        let continuation = state.withLock { state -> Feed.Continuation? in
            guard let stream = state.streams.removeValue(forKey: id) else { return nil }
            if let client = stream.client {
                let left = (state.perClient[client] ?? 1) - 1
                state.perClient[client] = left > 0 ? left : nil
            }
            if state.subscribed == 0, let feeder = state.feeder {
                feeder.task.cancel()
                state.feeder = nil
            }
            return stream.continuation
        }
        continuation?.finish()
    }

    /// The feeder: a round, then a pause, while streams are subscribed and it is current.
    private func feed(_ generation: Int) async {
        while !Task.isCancelled {
            // Only the streams in this snapshot take part in this round's fan-out: one that
            // subscribes during the query may want events from before the cursors read here.
            let snapshot = state.withLock { state -> [Int: (orderID: String, cursor: Int64)]? in
                guard state.feeder?.generation == generation else { return nil }
                guard state.subscribed > 0 else {
                    state.feeder = nil
                    return nil
                }
                return state.streams.compactMapValues { s in s.continuation != nil ? s.orderID.map { ($0, s.cursor) } : nil }
            }
            guard let snapshot else { return }
            var from = [String: Int64]()
            for (orderID, cursor) in snapshot.values { from[orderID] = min(from[orderID] ?? cursor, cursor) }
            var events = [OrderNotification]()
            do {
                events = try await notifications.notifications(after: from, limit: batchLimit)
            } catch {
                // A failed round still ticks (heartbeats and deadlines go on); the next retries.
                logger.warning("event stream feed failed", metadata: ["error": "\(error)"])
            }
            deliver(events, to: snapshot, generation: generation)
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Hands each stream of the round its order's events after its cursor, and moves the cursor.
    private func deliver(_ events: [OrderNotification], to snapshot: [Int: (orderID: String, cursor: Int64)], generation: Int) {
        let byOrder = Dictionary(grouping: events, by: \.orderID)
        // Under the lock, so a cursor and what its stream was handed never disagree.
        state.withLock { state in
            guard state.feeder?.generation == generation else { return }
            for id in snapshot.keys {
                guard let stream = state.streams[id], let continuation = stream.continuation, let orderID = stream.orderID else { continue }
                let new = (byOrder[orderID] ?? []).filter { $0.sequence > stream.cursor }
                if let last = new.last { state.streams[id]?.cursor = last.sequence }
                continuation.yield(new)
            }
        }
    }
}

/// One stream's place in the hub's caps; freed by `close()` or when deallocated.
public final class EventStreamSlot: Sendable {
    private let id: Int
    private let hub: EventStreamHub

    init(id: Int, hub: EventStreamHub) {
        self.id = id
        self.hub = hub
    }

    /// The events of `orderID` after `cursor`, a batch a round, until `close()`.
    public func subscribe(orderID: String, after cursor: Int64) -> EventStreamHub.Feed {
        hub.subscribe(id, orderID: orderID, after: cursor)
    }

    /// Frees the slot and ends the feed.
    public func close() { hub.release(id) }

    deinit { hub.release(id) }
}
