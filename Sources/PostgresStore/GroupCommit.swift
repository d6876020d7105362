import Synchronization

/// Group commit for small independent writes (one webhook each): callers that arrive while
/// a batch is being written wait together and go in the next batch, one statement and one
/// commit for all of them. Nobody waits for a timer: with one caller at a time every batch
/// holds one item, and a batch grows only with the number of callers already waiting.
///
/// Each caller gets its own result; a failed batch fails every caller in it, and nothing
/// of that batch was written (one statement, one transaction).
final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Writes a batch and returns one result per item, in order.
    typealias Write = @Sendable ([Item]) async throws -> [Output]

    private struct Waiting {
        var item: Item
        var continuation: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writers = 0
    }

    private let state = Mutex(State())
    private let maxWriters: Int
    private let maxBatch: Int
    private let write: Write

    /// At most `maxWriters` batches are written at once (each takes a pooled connection),
    /// each of at most `maxBatch` items.
    init(maxWriters: Int, maxBatch: Int, write: @escaping Write) {
        self.maxWriters = max(1, maxWriters)
        self.maxBatch = max(1, maxBatch)
        self.write = write
    }

    /// Writes `item` in the next batch and returns its result once that batch committed.
    func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state -> Bool in
                state.waiting.append(Waiting(item: item, continuation: continuation))
                guard state.writers < maxWriters else { return false }
                state.writers += 1
                return true
            }
            if startWriter { Task { await drain() } }
        }
    }

    /// Writes batches until nobody waits, then retires this writer.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let taken = Array(state.waiting.prefix(maxBatch))
                state.waiting.removeFirst(taken.count)
                if taken.isEmpty { state.writers -= 1 }
                return taken
            }
            if batch.isEmpty { return }
            do {
                let results = try await write(batch.map(\.item))
                guard results.count == batch.count else { throw GroupCommitError.resultCount(results.count, batch.count) }
                for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}

/// A batch write answered with the wrong number of results (a bug in the write).
enum GroupCommitError: Error {
    case resultCount(Int, Int)
}
