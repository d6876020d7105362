import Logging
import ServiceLifecycle

/// A sandbox running in-process (for tests and tools): real HTTP on the configured
/// address, stopped by `shutdown()`.
public final class RunningSandbox: Sendable {
    /// The address it listens on, e.g. `http://127.0.0.1:54321` (the actual port), even
    /// when `publicBaseURL` names another (a proxy's) for the URLs it hands out.
    public let baseURL: String
    /// The configuration it runs with, `port` and `publicBaseURL` filled in.
    public let configuration: SandboxConfiguration
    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>

    private init(
        baseURL: String, configuration: SandboxConfiguration, group: ServiceGroup,
        runTask: Task<Void, any Error>
    ) {
        self.baseURL = baseURL
        self.configuration = configuration
        self.group = group
        self.runTask = runTask
    }

    /// Why `start` failed.
    public struct StartError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Starts the sandbox and returns once it accepts connections. Throws if it cannot
    /// bind (the underlying error) or stops before it started.
    public static func start(
        _ configuration: SandboxConfiguration,
        logger: Logger = Logger(label: "wooshpay-sandbox")
    ) async throws -> RunningSandbox {
        let (started, startedContinuation) = AsyncStream<String>.makeStream()
        let app = buildSandboxApplication(configuration: configuration, logger: logger) { baseURL in
            startedContinuation.yield(baseURL)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        // The one unstructured task: the group's run loop, owned by the returned object and
        // awaited in `shutdown()`, so it never outlives its owner's shutdown.
        let runTask = Task {
            defer { startedContinuation.finish() }
            try await group.run()
        }
        var iterator = started.makeAsyncIterator()
        guard let baseURL = await iterator.next() else {
            try await runTask.value
            throw StartError(description: "the sandbox stopped before it started listening")
        }
        var actual = configuration
        if let port = Int(baseURL.split(separator: ":").last ?? "") { actual.port = port }
        actual.publicBaseURL = configuration.publicBaseURL ?? baseURL
        return RunningSandbox(baseURL: baseURL, configuration: actual, group: group, runTask: runTask)
    }

    /// Stops accepting requests, cancels pending webhook retries and waits for the end.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        _ = try? await runTask.value
    }
}
