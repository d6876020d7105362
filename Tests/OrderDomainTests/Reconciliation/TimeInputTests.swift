import Testing

@testable import OrderDomain

/// Times as an operator types them for the admin filters and `merchant reconcile`.
@Suite("A time is epoch seconds or RFC 3339") struct TimeInputTests {
    @Test(
        "readable times, in epoch milliseconds",
        arguments: [
            ("0", Int64(0)), ("1764028800", 1_764_028_800_000), ("2025-11-25T00:00:00Z", 1_764_028_800_000),
            ("2025-11-25t00:00:00z", 1_764_028_800_000), ("2025-11-25T01:00:00+01:00", 1_764_028_800_000),
            ("2025-11-24T19:30:00-04:30", 1_764_028_800_000), ("2025-11-25T00:00:00.250Z", 1_764_028_800_250),
            ("2025-11-25T00:00:00.123456789Z", 1_764_028_800_123), ("2024-02-29T12:00:00Z", 1_709_208_000_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000), ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59Z", -1000),
            ("99999999999", 99_999_999_999_000),
        ])
    func readable(_ text: String, _ milliseconds: Int64) {
        #expect(TimeInput.epochMilliseconds(text) == milliseconds)
    }

    @Test(
        "everything else is refused",
        arguments: [
            "", "yesterday", "-5", "1.5", "123456789012", "2025-11-25", "2025-11-25T00:00:00", "2025-11-25 00:00:00Z",
            "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-11-31T00:00:00Z",
            "2025-11-25T24:00:00Z", "2025-11-25T00:60:00Z", "2025-11-25T00:00:00.Z", "2025-11-25T00:00:00+0100",
            "2025-11-25T00:00:00+24:00", "2025-11-25T00:00:00Zjunk", "٢٠٢٥",
        ])
    func refused(_ text: String) {
        #expect(TimeInput.epochMilliseconds(text) == nil)
    }
}
