/// An outbound HTTP request, independent of any gateway.
public struct HTTPRequest: Sendable {
    /// The HTTP method.
    public enum Method: String, Sendable { case GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS }

    /// The method to send.
    public var method: Method
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in order; names are sent as given.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: [UInt8]?
    /// Total time allowed for this request, overriding the transport's default.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: Method, url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A received HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code (200, 404, ...).
    public var status: Int
    /// Header fields in the order received; names as the server sent them.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// Why a request got no HTTP response. `requestSent` tells whether the server may have
/// acted on it: a timeout after sending is an *unknown* outcome, not a failure.
public enum TransportError: Error, Sendable, Equatable {
    /// The URL is not absolute HTTP(S).
    case invalidURL(String)
    /// Nothing listens there (or the host is unknown): the request was not delivered.
    case connectionFailed(String)
    /// The total or connect time ran out.
    case timedOut(requestSent: Bool)
    /// TLS handshake or certificate failure: not delivered.
    case tls(String)
    /// The server answered something that is not HTTP, or the connection broke mid-response.
    case malformedResponse(requestSent: Bool, String)
    /// Any other transport failure.
    case other(requestSent: Bool, String)

    /// Whether the server may have received (and acted on) the request.
    public var requestMayHaveBeenProcessed: Bool {
        switch self {
        case .invalidURL, .connectionFailed, .tls: return false
        case .timedOut(let sent), .malformedResponse(let sent, _), .other(let sent, _): return sent
        }
    }
}

/// Sends HTTP requests. Implementations are thread-safe and reuse connections.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status; throws only when no
    /// response arrived.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
