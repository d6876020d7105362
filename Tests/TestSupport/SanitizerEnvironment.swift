import Foundation

/// The sanitizer settings of this test process, for the `merchant` and `wooshpay-sandbox`
/// processes a test starts with an environment of its own. Under `make sanitize` those
/// binaries are sanitized too; without these variables their reports would go to a stderr
/// the test may drop, LeakSanitizer would lack its suppressions, and ThreadSanitizer would
/// lack the preloaded Mutex annotations (scripts/sanitize/tsan-mutex.c) and report every
/// contended `Mutex` as a race. Empty outside `make sanitize`.
public enum SanitizerEnvironment {
    static let names = ["TSAN_OPTIONS", "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "LD_PRELOAD"]

    /// The variables to pass on, as set in this process; `SANITIZE_CHILD_ASAN_OPTIONS`, when
    /// set, replaces `ASAN_OPTIONS` (the AddressSanitizer run checks leaks in the started
    /// processes only, see scripts/sanitize.sh).
    public static let passedOn: [String: String] = {
        let environment = ProcessInfo.processInfo.environment
        var passed = environment.filter { names.contains($0.key) }
        if let child = environment["SANITIZE_CHILD_ASAN_OPTIONS"] { passed["ASAN_OPTIONS"] = child }
        return passed
    }()

    /// `environment` plus the sanitizer variables (a value `environment` sets wins).
    public static func adding(to environment: [String: String]) -> [String: String] {
        environment.merging(passedOn) { own, _ in own }
    }
}
