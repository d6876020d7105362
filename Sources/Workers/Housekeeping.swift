import Logging
import ServiceLifecycle

/// Periodic clean-up every replica runs: each job is idempotent (a `DELETE` of rows past
/// their retention), so replicas running it at once only repeat harmless work.
public struct Housekeeping: Service {
    /// One clean-up: a name for the logs and the work, returning how many rows it removed.
    public struct Job: Sendable {
        /// Shown in logs, e.g. `idempotency_keys`.
        public var name: String
        /// Does the work once.
        public var run: @Sendable () async throws -> Int

        /// A job named `name` doing `run`.
        public init(name: String, run: @escaping @Sendable () async throws -> Int) {
            self.name = name
            self.run = run
        }
    }

    let jobs: [Job]
    let intervalSeconds: Double
    let logger: Logger

    /// Runs `jobs` at start-up and then every `intervalSeconds`.
    public init(jobs: [Job], intervalSeconds: Double = 600, logger: Logger) {
        self.jobs = jobs
        self.intervalSeconds = intervalSeconds
        self.logger = logger
    }

    /// Runs every job once; a failing job is logged and the others still run. Returns
    /// the rows removed per job name (failed jobs absent).
    @discardableResult
    public func runOnce() async -> [String: Int] {
        var removed: [String: Int] = [:]
        for job in jobs {
            do {
                let count = try await job.run()
                removed[job.name] = count
                if count > 0 { logger.info("housekeeping removed expired rows", metadata: ["job": "\(job.name)", "rows": "\(count)"]) }
            } catch {
                logger.warning("housekeeping job failed; retried next round", metadata: ["job": "\(job.name)", "error": "\(error)"])
            }
        }
        return removed
    }

    /// Runs the jobs until graceful shutdown or cancellation.
    public func run() async throws {
        await repeatUntilShutdown(every: .seconds(intervalSeconds)) { await runOnce() }
    }
}
