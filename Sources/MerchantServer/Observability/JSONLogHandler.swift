import CryptoPrimitives
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go: one call per complete line (newline included), so lines from
/// concurrent tasks never interleave.
public struct LogSink: Sendable {
    /// Writes one line.
    public let write: @Sendable (_ line: [UInt8]) -> Void

    /// A sink calling `write` for each line.
    public init(write: @escaping @Sendable (_ line: [UInt8]) -> Void) { self.write = write }

    /// The process's standard error, one `write(2)` sequence per line under a lock.
    public static let standardError = LogSink { line in
        standardErrorLock.withLock { _ in
            line.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }

    private static let standardErrorLock = Mutex(())
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}

/// Lines kept in memory (tests capture a run's log with it).
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// An empty capture.
    public init() {}

    /// A sink appending to this capture.
    public var sink: LogSink {
        LogSink { [self] line in
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            lines.withLock { $0.append(text) }
        }
    }

    /// Every line so far, oldest first, without newlines.
    public var captured: [String] { lines.withLock { $0 } }

    /// Everything captured as one text.
    public var text: String { captured.joined(separator: "\n") }
}

/// A swift-log handler writing one JSON object per line:
///
/// ```
/// {"timestamp":"2026-11-26T03:11:30.123Z","level":"info","label":"merchant","message":"webhook received",
///  "request_id":"…","event":"evt_…","type":"payment_intent.succeeded","duplicate":"false"}
/// ```
///
/// `timestamp` (UTC, milliseconds), `level`, `label` and `message` come first; then the
/// metadata (the handler's, its provider's, then the call's), flattened to top-level
/// fields: Hummingbird's `hb.request.id` becomes `request_id`, `order` `order_id`,
/// `attempt` `attempt_id`, `refund` `refund_id`; nested dictionaries become dotted keys;
/// other values are strings (arrays become arrays of strings). A metadata key that would
/// shadow one of the four fixed fields is written as `meta.<key>`. An error passed to the
/// logger is the `error` field. Everything goes through `LogRedaction` first.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The handler's own metadata (set through `logger[metadataKey:]`).
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata added to each line.
    public var metadataProvider: Logger.MetadataProvider?
    /// Lowest level written.
    public var logLevel: Logger.Level = .info
    /// Where lines go.
    let sink: LogSink

    /// A handler for `label` writing to `sink` (standard error by default).
    public init(label: String, sink: LogSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    /// One metadata item.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line.
    public func log(event: LogEvent) {
        let merged = LogRedaction.merged(metadata, metadataProvider, event.metadata)
        sink.write(
            Self.line(
                timestamp: LogTimestamp.now(), level: event.level, label: label,
                message: event.message.description, error: event.error, metadata: merged))
    }

    /// Canonical field names for the metadata keys the service's components use.
    static let aliases = ["hb.request.id": "request_id", "order": "order_id", "attempt": "attempt_id", "refund": "refund_id"]
    /// The fixed fields metadata may not shadow.
    static let reserved: Set<String> = ["timestamp", "level", "label", "message"]

    /// The JSON line (with its newline) for one event, redacted.
    static func line(
        timestamp: String, level: Logger.Level, label: String, message: String, error: (any Error)?,
        metadata: Logger.Metadata
    ) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"timestamp":""#.utf8)
        out.append(contentsOf: timestamp.utf8)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: level.rawValue.utf8)
        out.append(contentsOf: #"","label":"#.utf8)
        JSONString.append(LogRedaction.redact(label), to: &out)
        out.append(contentsOf: #","message":"#.utf8)
        JSONString.append(LogRedaction.redact(message), to: &out)
        var fields = [String: Logger.MetadataValue]()
        if let error { fields["error"] = .string(String(describing: error)) }
        // Aliases first, so an explicit `order_id` wins over `order`.
        for (key, value) in metadata where aliases[key] != nil { fields[aliases[key]!] = value }
        for (key, value) in metadata where aliases[key] == nil { flatten(key, value, into: &fields) }
        for key in fields.keys.sorted() {
            let value = LogRedaction.redact(fields[key]!, key: key)
            out.append(44)  // ,
            JSONString.append(reserved.contains(key) ? "meta.\(key)" : key, to: &out)
            out.append(58)  // :
            appendValue(value, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// Nested dictionaries as dotted keys.
    static func flatten(_ key: String, _ value: Logger.MetadataValue, into fields: inout [String: Logger.MetadataValue]) {
        if case .dictionary(let nested) = value, !LogRedaction.isSecretKey(key) {
            for (child, childValue) in nested { flatten("\(key).\(child)", childValue, into: &fields) }
        } else {
            fields[key] = value
        }
    }

    static func appendValue(_ value: Logger.MetadataValue, to out: inout [UInt8]) {
        switch value {
        case .string(let text): JSONString.append(text, to: &out)
        case .stringConvertible(let convertible): JSONString.append(convertible.description, to: &out)
        case .array(let values):
            out.append(91)  // [
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(44) }
                appendValue(element, to: &out)
            }
            out.append(93)  // ]
        case .dictionary(let dictionary):
            out.append(123)  // {
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out.append(44) }
                JSONString.append(key, to: &out)
                out.append(58)
                appendValue(dictionary[key]!, to: &out)
            }
            out.append(125)  // }
        }
    }

}

/// The `text` format: swift-log's standard-error line with the same redaction as JSON.
public struct RedactingLogHandler: LogHandler {
    private var inner: StreamLogHandler
    /// The handler's own metadata.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata added to each line.
    public var metadataProvider: Logger.MetadataProvider?
    /// Lowest level written.
    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// Wraps `inner` (whose own metadata is not used: this handler's is, redacted).
    public init(_ inner: StreamLogHandler, metadataProvider: Logger.MetadataProvider? = nil) {
        self.inner = inner
        self.metadataProvider = metadataProvider
    }

    /// One metadata item.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Redacts, then lets the stream handler write the line.
    public func log(event: LogEvent) {
        var redacted = Logger.Metadata()
        for (key, value) in LogRedaction.merged(metadata, metadataProvider, event.metadata) {
            redacted[key] = LogRedaction.redact(value, key: key)
        }
        if let error = event.error { redacted["error"] = .string(LogRedaction.redact(String(describing: error))) }
        var copy = event
        copy.message = Logger.Message(stringLiteral: LogRedaction.redact(event.message.description))
        copy.metadata = redacted
        copy.error = nil
        inner.log(event: copy)
    }
}

/// ISO 8601 UTC timestamps with milliseconds, without Foundation formatters.
enum LogTimestamp {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec) / 1_000_000)
    }

    static func format(seconds: Int, milliseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var field = [UInt8](repeating: 48, count: width)
            var rest = value
            for position in stride(from: width - 1, through: 0, by: -1) {
                field[position] = UInt8(48 + rest % 10)
                rest /= 10
            }
            out.append(contentsOf: field)
        }
        digits(Int(parts.tm_year) + 1900, 4)
        out.append(45)
        digits(Int(parts.tm_mon) + 1, 2)
        out.append(45)
        digits(Int(parts.tm_mday), 2)
        out.append(84)
        digits(Int(parts.tm_hour), 2)
        out.append(58)
        digits(Int(parts.tm_min), 2)
        out.append(58)
        digits(Int(parts.tm_sec), 2)
        out.append(46)
        digits(milliseconds, 3)
        out.append(90)
        return String(decoding: out, as: UTF8.self)
    }
}
