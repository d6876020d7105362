import Hummingbird
import OrderDomain

/// The query string of an admin list, read strictly: an unknown or repeated parameter
/// and every malformed value is a 400 naming the parameter, so a typo such as `stauts=paid`
/// cannot silently list everything.
struct AdminQuery {
    private var values: [String: String] = [:]

    /// Reads `request`'s query; only `allowed` names may appear, each at most once.
    init(_ request: Request, allowed: Set<String>) throws(DomainError) {
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            // `?&limit=5` has an empty piece; it names nothing.
            if name.isEmpty && value.isEmpty { continue }
            guard allowed.contains(name) else {
                throw DomainError(
                    code: .unknownParameter,
                    message: "Unknown parameter; allowed: \(allowed.sorted().joined(separator: ", ")).", param: name)
            }
            guard values[name] == nil else {
                throw DomainError(code: .invalidParameter, message: "Give this parameter once.", param: name)
            }
            values[name] = String(value)
        }
    }

    /// A non-empty text value of at most `maxLength` code points.
    func text(_ name: String, maxLength: Int = 255) throws(DomainError) -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty, value.unicodeScalars.count <= maxLength else {
            throw DomainError(
                code: .invalidParameter,
                message: "This parameter must be 1 to \(maxLength) characters.", param: name)
        }
        return value
    }

    /// `limit`: 1-100, default 20.
    func limit() throws(DomainError) -> Int {
        guard let text = values["limit"] else { return 20 }
        guard let limit = Int(text), (1...100).contains(limit) else {
            throw DomainError(code: .invalidLimit, message: "limit must be a whole number from 1 to 100.", param: "limit")
        }
        return limit
    }

    /// `status`, one of `T`'s raw values.
    func status<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(DomainError) -> T? where T.RawValue == String {
        guard let text = values["status"] else { return nil }
        guard let status = T(rawValue: text) else {
            throw DomainError(
                code: .invalidStatus,
                message: "status must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).", param: "status")
        }
        return status
    }

    /// A time as epoch seconds or RFC 3339, in epoch milliseconds.
    func time(_ name: String) throws(DomainError) -> Int64? {
        guard let text = values[name] else { return nil }
        guard let millis = TimeInput.epochMilliseconds(text) else { throw Self.invalidTime(name) }
        return millis
    }

    /// `true` or `false`.
    func flag(_ name: String) throws(DomainError) -> Bool? {
        switch values[name] {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw DomainError(code: .invalidParameter, message: "This parameter is true or false.", param: name)
        }
    }

    /// The refusal of a time that is neither epoch seconds nor RFC 3339.
    static func invalidTime(_ name: String) -> DomainError {
        DomainError(
            code: .invalidTime,
            message: "Give a time as epoch seconds (1764028800) or RFC 3339 (2025-11-25T00:00:00Z).", param: name)
    }
}
