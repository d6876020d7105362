import Foundation

/// Terse, typed access to `JSONSerialization` output in assertions.
extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
    func dict(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func list(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    func isNull(_ key: String) -> Bool { self[key] is NSNull }

    /// `error.code` etc. of an error envelope.
    var error: [String: Any] { dict("error") }
}
