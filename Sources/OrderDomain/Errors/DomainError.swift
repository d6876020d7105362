/// A refusal by the domain, with a stable machine-readable code whose kind (and so its HTTP
/// status) `ErrorCode` says; the message is safe to show to an API caller.
public struct DomainError: Error, Sendable, Equatable {
    /// What kind of refusal, which decides the HTTP status.
    public enum Kind: Sendable, Equatable {
        /// The request is malformed or a value is out of range (400).
        case invalidRequest
        /// Credentials missing or wrong (401).
        case unauthenticated
        /// Authenticated, but the credentials' role may not do this (403).
        case forbidden
        /// The resource does not exist, or the caller may not know it exists (404).
        case notFound
        /// The request conflicts with the resource's state (409).
        case conflict
        /// A business rule refused an otherwise valid request (422).
        case unprocessable
        /// WooshPay refused the payment (402).
        case paymentRefused
        /// A dependency (WooshPay, the database) is unavailable; retry later (503).
        case unavailable
        /// The caller asked too often or failed too often; retry after `retryAfterSeconds` (429).
        case tooManyRequests
        /// The body is over the size limit (413; the HTTP layer's own).
        case contentTooLarge
        /// The body is not JSON (415; the HTTP layer's own).
        case unsupportedMediaType
        /// Something failed that the caller cannot cure (500; the HTTP layer's own).
        case internalError

        /// The HTTP status of this kind of refusal.
        public var httpStatus: Int {
            switch self {
            case .invalidRequest: 400
            case .unauthenticated: 401
            case .paymentRefused: 402
            case .forbidden: 403
            case .notFound: 404
            case .conflict: 409
            case .contentTooLarge: 413
            case .unsupportedMediaType: 415
            case .unprocessable: 422
            case .tooManyRequests: 429
            case .internalError: 500
            case .unavailable: 503
            }
        }
    }

    /// The kind, which the code decides.
    public var kind: Kind { errorCode.kind }
    /// Stable code, e.g. `unknown_sku`, `out_of_stock`, `order_already_paid`.
    public var errorCode: ErrorCode
    /// The code as the API spells it.
    public var code: String { errorCode.rawValue }
    /// Human-readable explanation, free of internals.
    public var message: String
    /// The request field at fault, e.g. `items[2].quantity`.
    public var param: String?
    /// Seconds after which a `tooManyRequests` refusal may pass (the `Retry-After` header).
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(code: ErrorCode, message: String, param: String? = nil, retryAfterSeconds: Int? = nil) {
        self.errorCode = code
        self.message = message
        self.param = param
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 429 `rate_limited`: `traffic`'s limit is spent for now.
    public static func rateLimited(_ traffic: TrafficClass, retryAfterSeconds: Int) -> DomainError {
        DomainError(
            code: .rateLimited,
            message: "Too many \(traffic.rawValue) requests; retry in \(retryAfterSeconds) s.",
            retryAfterSeconds: retryAfterSeconds)
    }
}

/// A dependency's failure that retrying later may cure (the database unreachable or
/// overloaded). Wherever one surfaces, the HTTP layer answers 503 `service_unavailable`
/// rather than 500.
public protocol RetryLaterError: Error {
    /// Whether this instance is such a failure.
    var isRetryLater: Bool { get }
}
