import Logging

/// How log lines are written (`LOG_FORMAT`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (see `JSONLogHandler`): for log collectors.
    case json
    /// swift-log's readable line: for a person at a terminal.
    case text
}

extension Server {
    /// Bootstraps swift-log for the process as the configuration says (format, level;
    /// redacted either way) and returns the service's logger. Call once, at start-up.
    public static func bootstrapLogging(_ configuration: ServerConfiguration) -> Logger {
        let format = configuration.logFormat
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in logHandler(label: label, format: format, level: level) }
        return Logger(label: "merchant")
    }

    /// The handler `bootstrapLogging` installs, writing to `sink` (standard error).
    public static func logHandler(
        label: String, format: LogFormat, level: Logger.Level,
        sink: LogSink = .standardError
    ) -> any LogHandler {
        switch format {
        case .json:
            var handler = JSONLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        case .text:
            var handler = RedactingLogHandler(StreamLogHandler(label: label, stream: SinkStream(sink: sink)))
            handler.logLevel = level
            return handler
        }
    }
}

/// A `TextOutputStream` over a `LogSink` (StreamLogHandler writes one line per call).
struct SinkStream: TextOutputStream, Sendable {
    let sink: LogSink
    mutating func write(_ string: String) { sink.write(Array(string.utf8)) }
}
