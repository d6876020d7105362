internal import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection. It is confined to its pool slot's dedicated thread: every method
/// blocks, and is only ever called from that thread, never from an event loop.
public final class PostgresConnection {
    private var conn: OpaquePointer?
    /// Statements prepared on this connection, by SQL text: the server parses (and, once a
    /// generic plan pays, plans) each once per connection instead of on every call.
    private var prepared: [String: String] = [:]
    /// Statements prepared so far (names are never reused, even after a `forget`).
    private var preparedCount = 0
    /// Most statements kept prepared; SQL built per call beyond that runs unprepared.
    static let maxPrepared = 512
    /// Whether statements are prepared at all (off behind PgBouncer in transaction mode).
    private let preparesStatements: Bool
    /// Set when an answer said the server can no longer serve us (shutting down, read-only
    /// after a fail-over) although the socket is fine: the pool then opens a new one.
    private var isLost = false

    /// Opens a connection. `connectionString` is anything libpq accepts (URI or key=value);
    /// empty means the `PG*` environment variables.
    init(
        connectionString: String, connectTimeoutSeconds: Int, applicationName: String, preparedStatements: Bool = true
    ) throws(PostgresError) {
        preparesStatements = preparedStatements
        // Parameters are processed in order and later ones win, so the defaults come first
        // and the caller's connection string (expanded from "dbname") can override them.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = [String(connectTimeoutSeconds), applicationName, connectionString]
        conn = withCStringArray(keywords) { k in
            withCStringArray(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(conn)
            self.conn = nil
            throw .connectionFailed(message.trimmingTrailingNewlines)
        }
        // libpq prints server notices on stderr by default; they belong in our logs at most.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        _ = try execute("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'")
    }

    deinit { PQfinish(conn) }

    /// Whether the connection still looks usable. Reads anything the server sent while we
    /// were idle (libpq's socket is non-blocking, so this never waits): after a server
    /// restart that is the termination notice and EOF, which marks the connection bad.
    var isHealthy: Bool {
        guard !isLost, let conn, PQstatus(conn) == CONNECTION_OK else { return false }
        for _ in 0..<2 where PQconsumeInput(conn) == 0 { return false }
        return PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE
    }

    /// Runs one statement with `$1...$n` parameters bound (never interpolated) and returns
    /// its rows. `nil` parameters are SQL NULL.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws(PostgresError) -> PostgresRows {
        guard let conn else { throw .connectionLost("connection closed") }
        let texts = parameters.map { $0?.postgresText }
        guard let name = try preparedName(sql, parameterCount: texts.count) else {
            let result = withOptionalCStringArray(texts) { values in
                PQexecParams(conn, sql, Int32(texts.count), nil, values, nil, nil, 0)
            }
            return try consume(result)
        }
        let result = withOptionalCStringArray(texts) { values in
            PQexecPrepared(conn, name, Int32(texts.count), values, nil, nil, 0)
        }
        do {
            return try consume(result)
        } catch {
            // A schema change can invalidate a prepared statement ("cached plan must not
            // change result type"); the next call prepares it afresh.
            if case .queryFailed(let state, _) = error, state == "0A000" { forget(sql, name: name) }
            throw error
        }
    }

    /// The name `sql` is prepared under on this connection, preparing it first if needed;
    /// nil when the cache is full (the statement then runs unprepared).
    private func preparedName(_ sql: String, parameterCount: Int) throws(PostgresError) -> String? {
        if let name = prepared[sql] { return name }
        guard preparesStatements, prepared.count < Self.maxPrepared, let conn else { return nil }
        let name = "s\(preparedCount)"
        _ = try consume(PQprepare(conn, name, sql, Int32(parameterCount), nil))
        preparedCount += 1
        prepared[sql] = name
        return name
    }

    /// Drops a prepared statement (best effort: a failed DEALLOCATE only leaves it unused).
    private func forget(_ sql: String, name: String) {
        prepared[sql] = nil
        if PQtransactionStatus(conn) == PQTRANS_IDLE { _ = try? execute("DEALLOCATE \(name)") }
    }

    /// Runs a script of one or more statements without parameters (migrations, SET).
    @discardableResult
    public func execute(_ script: String) throws(PostgresError) -> PostgresRows {
        guard let conn else { throw .connectionLost("connection closed") }
        return try consume(PQexec(conn, script))
    }

    private func consume(_ result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        defer { PQclear(result) }
        guard let result else { throw lostOrFailed(message: "no result") }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.rows(of: result)
        default:
            let message = String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines
            guard let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) else {
                // Errors without SQLSTATE come from libpq itself: the connection broke.
                throw lostOrFailed(message: message)
            }
            let constraint = PQresultErrorField(result, Int32(UInt8(ascii: "n"))).map { String(cString: $0) }
            let error = PostgresError.from(sqlState: String(cString: state), message: message, constraint: constraint)
            if case .connectionLost = error { isLost = true }
            throw error
        }
    }

    private func lostOrFailed(message: String) -> PostgresError {
        if let conn, PQstatus(conn) == CONNECTION_OK {
            return .queryFailed(sqlState: "XX000", message: message)
        }
        return .connectionLost(message)
    }

    private static func rows(of result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let index = ColumnIndex(columns)
        var rows = [PostgresRow]()
        rows.reserveCapacity(rowCount)
        for r in 0..<Int32(rowCount) {
            var values = [String?]()
            values.reserveCapacity(columnCount)
            for c in 0..<Int32(columnCount) {
                values.append(PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c)))
            }
            rows.append(PostgresRow(index: index, values: values))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, rows: rows, affectedRows: affected)
    }
}

private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStringArray(strings) { body($0!) }
}

/// Calls `body` with a NULL-terminated C array of C strings (NULL entries stay NULL); the
/// strings live until `body` returns.
private func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let duplicated: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { duplicated.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicated.map { $0.map { UnsafePointer($0) } }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
