import Foundation

/// A Swift value that can be sent as a query parameter, in PostgreSQL's text format.
public protocol PostgresBindable: Sendable {
    /// The text form PostgreSQL parses for this value.
    var postgresText: String { get }
}

extension String: PostgresBindable {
    /// The string itself.
    public var postgresText: String { self }
}
extension Int: PostgresBindable {
    /// Decimal digits.
    public var postgresText: String { String(self) }
}
extension Int64: PostgresBindable {
    /// Decimal digits.
    public var postgresText: String { String(self) }
}
extension Int32: PostgresBindable {
    /// Decimal digits.
    public var postgresText: String { String(self) }
}
extension Bool: PostgresBindable {
    /// `t` or `f`.
    public var postgresText: String { self ? "t" : "f" }
}
extension Double: PostgresBindable {
    /// Shortest round-tripping decimal.
    public var postgresText: String { "\(self)" }
}
extension Date: PostgresBindable {
    /// Epoch seconds with microseconds, as a `timestamptz` literal PostgreSQL accepts.
    public var postgresText: String { PostgresTimestamp.format(self) }
}

/// A Swift type that can be read from a column's text value.
public protocol PostgresDecodable {
    /// Parses the text PostgreSQL returned; `nil` if it is not a valid value of this type.
    init?(postgresText: String)
}

extension String: PostgresDecodable {
    /// The text itself.
    public init?(postgresText: String) { self = postgresText }
}
extension Int: PostgresDecodable {
    /// Parses decimal digits.
    public init?(postgresText: String) { self.init(postgresText) }
}
extension Int64: PostgresDecodable {
    /// Parses decimal digits.
    public init?(postgresText: String) { self.init(postgresText) }
}
extension Int32: PostgresDecodable {
    /// Parses decimal digits.
    public init?(postgresText: String) { self.init(postgresText) }
}
extension Double: PostgresDecodable {
    /// Parses a decimal.
    public init?(postgresText: String) { self.init(postgresText) }
}
extension Bool: PostgresDecodable {
    /// Parses `t`/`f` (also `true`/`false`).
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}
extension Date: PostgresDecodable {
    /// Parses a `timestamptz` in the session's UTC text form.
    public init?(postgresText: String) {
        guard let date = PostgresTimestamp.parse(postgresText) else { return nil }
        self = date
    }
}

/// The `timestamptz` text format used on connections of this store (the session time zone
/// is UTC and `DateStyle` ISO, set at connect).
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        // Microsecond precision, like the column type.
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = Int64((micros / 1_000_000).rounded(.down))
        let fraction = Int64(micros) - seconds * 1_000_000
        let padded = String(fraction).leftPadded(to: 6)
        return iso(seconds: seconds) + "." + padded + "+00"
    }

    private static func iso(seconds: Int64) -> String {
        let d = Date(timeIntervalSince1970: TimeInterval(seconds))
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
        func two(_ v: Int?) -> String { String(v ?? 0).leftPadded(to: 2) }
        return "\(String(c.year ?? 1970).leftPadded(to: 4))-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    static func parse(_ text: String) -> Date? {
        // e.g. "2026-11-25 21:29:00.123456+00"
        let chars = Array(text.utf8)
        guard chars.count >= 19 else { return nil }
        func num(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<from + length] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
            let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                fraction += Double(chars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
            let oh = num(index + 1, 2) ?? 0
            let om = (index + 3 < chars.count && chars[index + 3] == UInt8(ascii: ":")) ? (num(index + 4, 2) ?? 0) : 0
            offsetSeconds = sign * (oh * 3600 + om * 60)
        }
        let comps = DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        guard let base = utcCalendar.date(from: comps) else { return nil }
        return base.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    private static let utcCalendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
