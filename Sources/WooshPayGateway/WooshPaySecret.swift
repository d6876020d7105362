/// A credential (API secret key or webhook signing secret) that never shows up in logs.
///
/// `description`, `debugDescription` and reflection (`dump`, `String(reflecting:)`) all
/// print a redacted form, so a configuration value can be logged or dumped safely; only
/// this module reads the real value.
public struct WooshPaySecret: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// The real value; internal so that other modules cannot print it by accident.
    let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// Whether the secret is empty (a configuration mistake).
    public var isEmpty: Bool { value.isEmpty }

    /// A redacted form that still tells keys apart in logs: the prefix (`sk_test`,
    /// `whsec`) and the length, never any secret character.
    public var description: String {
        // Only well-known prefixes are shown: anything else could be part of the secret.
        let prefix = Self.knownPrefixes.first { value.hasPrefix($0) } ?? ""
        return "\(prefix)<redacted:\(value.count)>"
    }

    private static let knownPrefixes = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "whsec_"]

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror with no children, so `dump` cannot reveal the stored value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
