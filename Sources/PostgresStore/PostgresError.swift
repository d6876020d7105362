import OrderDomain

/// A storage failure, classified by what the caller can do about it. Messages are for logs:
/// they may name hosts or SQL and must never reach an HTTP response.
public enum PostgresError: Error, Sendable, Equatable {
    /// No connection could be made (bad connection string, server down, auth refused).
    case connectionFailed(String)
    /// The connection broke while in use; the statement's outcome is unknown.
    case connectionLost(String)
    /// A unique constraint rejected the row (SQLSTATE 23505).
    case uniqueViolation(constraint: String?)
    /// A foreign key rejected the row (23503).
    case foreignKeyViolation(constraint: String?)
    /// A check constraint rejected the row (23514).
    case checkViolation(constraint: String?)
    /// The transaction lost a serialization conflict and may be retried (40001).
    case serializationFailure
    /// The transaction was chosen as a deadlock victim and may be retried (40P01).
    case deadlockDetected
    /// The statement ran past `statement_timeout` or was cancelled (57014).
    case queryCanceled
    /// Any other server error, with its SQLSTATE.
    case queryFailed(sqlState: String, message: String)
    /// A column could not be decoded into the requested Swift type.
    case decoding(column: String, message: String)
    /// The pool has been shut down.
    case poolClosed

    /// Whether re-running the whole transaction may succeed.
    public var isTransient: Bool {
        switch self {
        case .serializationFailure, .deadlockDetected, .connectionLost, .connectionFailed: return true
        default: return false
        }
    }

    /// Maps a SQLSTATE (five characters) and message to a typed error.
    static func from(sqlState: String, message: String, constraint: String?) -> PostgresError {
        switch sqlState {
        case "23505": return .uniqueViolation(constraint: constraint)
        case "23503": return .foreignKeyViolation(constraint: constraint)
        case "23514": return .checkViolation(constraint: constraint)
        case "40001": return .serializationFailure
        case "40P01": return .deadlockDetected
        case "57014": return .queryCanceled
        // admin_shutdown, crash_shutdown, cannot_connect_now: the server went away.
        case "57P01", "57P02", "57P03": return .connectionLost(message)
        // read_only_sql_transaction: this server is (now) a standby or a demoted primary
        // after a fail-over; the connection is dropped and the next one finds the primary.
        case "25006": return .connectionLost(message)
        default:
            if sqlState.hasPrefix("08") { return .connectionLost(message) }
            return .queryFailed(sqlState: sqlState, message: message)
        }
    }
}

extension PostgresError: RetryLaterError {
    /// The database is unreachable, restarting, overloaded or shutting down: the HTTP layer
    /// answers 503 `service_unavailable` wherever this surfaces.
    public var isRetryLater: Bool { isTransient || self == .poolClosed || self == .queryCanceled }
}
