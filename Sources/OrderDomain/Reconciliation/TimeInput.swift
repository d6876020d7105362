/// A point in time as an operator types it: epoch seconds (`1764028800`) or RFC 3339
/// (`2025-11-25T00:00:00Z`, `2025-11-25T01:00:00.250+01:00`). Pure, so the admin API's
/// filters and the `merchant reconcile` command read times the same way.
public enum TimeInput {
    /// Epoch milliseconds of `text`, or `nil` when it is neither form (or not a real date).
    public static func epochMilliseconds(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        guard !chars.isEmpty else { return nil }
        if chars.allSatisfy(isDigit) {
            // Up to 11 digits: seconds until the year 5138, never milliseconds by mistake.
            guard chars.count <= 11, let seconds = Int64(text) else { return nil }
            return seconds * 1000
        }
        return rfc3339(chars)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t` and `z` may be lower-case.
    static func rfc3339(_ c: [UInt8]) -> Int64? {
        guard c.count >= 20, c[4] == ascii("-"), c[7] == ascii("-"), c[10] == ascii("T") || c[10] == ascii("t"),
            c[13] == ascii(":"), c[16] == ascii(":"),
            let year = number(c, 0, 4), let month = number(c, 5, 2), let day = number(c, 8, 2),
            let hour = number(c, 11, 2), let minute = number(c, 14, 2), let second = number(c, 17, 2),
            year >= 1, (1...12).contains(month), (1...daysIn(month, year: year)).contains(day),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var millis: Int64 = 0
        if c[index] == ascii(".") {
            index += 1
            var scale: Int64 = 100
            let start = index
            while index < c.count, isDigit(c[index]) {
                millis += Int64(c[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard let offset = offsetSeconds(Array(c[index...])) else { return nil }
        let days = daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offset
        return seconds * 1000 + millis
    }

    /// `Z` is 0; `+01:00` is 3600 (the local time is ahead of UTC, so it is subtracted).
    static func offsetSeconds(_ c: [UInt8]) -> Int64? {
        if c.count == 1, c[0] == ascii("Z") || c[0] == ascii("z") { return 0 }
        guard c.count == 6, c[0] == ascii("+") || c[0] == ascii("-"), c[3] == ascii(":"),
            let hours = number(c, 1, 2), let minutes = number(c, 4, 2), hours <= 23, minutes <= 59
        else { return nil }
        return (c[0] == ascii("-") ? -1 : 1) * Int64(hours * 3600 + minutes * 60)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days in `month` of `year` (Gregorian leap years).
    static func daysIn(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The decimal number in `c[from..<from+length]`, if those are all digits.
    static func number(_ c: [UInt8], _ from: Int, _ length: Int) -> Int? {
        guard from + length <= c.count else { return nil }
        var value = 0
        for char in c[from..<from + length] {
            guard isDigit(char) else { return nil }
            value = value * 10 + Int(char - 48)
        }
        return value
    }

    /// Whether `char` is an ASCII digit.
    static func isDigit(_ char: UInt8) -> Bool { char >= 48 && char <= 57 }
    /// The byte of an ASCII character.
    static func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(scalar.value) }
}
