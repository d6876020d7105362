import NIOPosix
import Synchronization

/// The libcurl implementation of `HTTPTransport`.
///
/// libcurl's easy interface blocks, so transfers run on a dedicated `NIOThreadPool`, never
/// on an event loop or the Swift concurrency pool. Easy handles are pooled and reused so
/// that connections stay alive between requests to the same host.
public final class CurlHTTPTransport: HTTPTransport {
    /// Settings of the transport.
    public struct Configuration: Sendable {
        /// Time allowed to establish a connection (TCP + TLS).
        public var connectTimeout: Duration = .seconds(5)
        /// Total time allowed for a request when it does not set its own.
        public var requestTimeout: Duration = .seconds(30)
        /// Number of transfers that may run at once (threads and kept handles).
        public var maxConcurrentRequests: Int = 16
        /// The `User-Agent` header sent unless the request sets one.
        public var userAgent: String = "merchant-backend/1.0"

        /// Default settings.
        public init() {}
    }

    private let configuration: Configuration
    private let threadPool: NIOThreadPool
    private let idleHandles = Mutex<[EasyHandle]>([])

    /// Creates a transport and starts its worker threads.
    public init(configuration: Configuration = .init()) {
        CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.threadPool = NIOThreadPool(numberOfThreads: max(1, configuration.maxConcurrentRequests))
        threadPool.start()
    }

    deinit {
        // The pool's threads hold no reference to self; shutting down here only stops them.
        threadPool.shutdownGracefully { _ in }
    }

    /// Sends `request`; see `HTTPTransport.send`.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw .invalidURL(request.url)
        }
        let result: Result<HTTPResponse, TransportError>
        do {
            result = try await threadPool.runIfActive { [self] in
                let handle = checkOutHandle()
                defer { checkIn(handle) }
                return handle.perform(request, configuration: configuration)
            }
        } catch {
            result = .failure(.other(requestSent: false, "transport is shut down"))
        }
        return try result.get()
    }

    private func checkOutHandle() -> EasyHandle {
        idleHandles.withLock { $0.popLast() } ?? EasyHandle()
    }

    private func checkIn(_ handle: EasyHandle) {
        idleHandles.withLock { handles in
            if handles.count < configuration.maxConcurrentRequests { handles.append(handle) }
        }
    }
}
