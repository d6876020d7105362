import OrderDomain

/// Lenient field readers for WooshPay objects: a field of the wrong shape reads as absent
/// instead of failing the whole object, because WooshPay's examples disagree on types.
extension KeyedDecodingContainer {
    /// The raw JSON of a field, with stringified JSON unwrapped; `nil` when absent or null.
    func json(_ key: Key) -> JSONValue? {
        guard let value = try? decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
        let unwrapped = value.unwrappingStringifiedJSON
        if case .null = unwrapped { return nil }
        return unwrapped
    }

    /// A text field; numbers are rendered as text.
    func text(_ key: Key) -> String? {
        // Most text fields are plain strings: one typed decode, no JSON value built.
        do {
            guard let value = try decodeIfPresent(String.self, forKey: key) else { return nil }
            if JSONValue.isPlainText(value) { return value }
            return JSONValue.string(value).unwrappingStringifiedJSON.scalarText
        } catch {
            return json(key)?.scalarText
        }
    }

    /// A required text field (ids, statuses): throws when absent.
    func requiredText(_ key: Key) throws -> String {
        guard let value = text(key) else {
            throw DecodingError.keyNotFound(
                key,
                .init(
                    codingPath: codingPath,
                    debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }

    /// An integer field, also from a numeric string.
    func int64(_ key: Key) -> Int64? {
        // Most are plain integers: one typed decode, no JSON value built.
        do {
            return try decodeIfPresent(Int64.self, forKey: key)
        } catch {
            return json(key)?.int64Value
        }
    }

    /// A required integer field (amounts): throws when absent or not a number.
    func requiredInt64(_ key: Key) throws -> Int64 {
        guard let value = int64(key) else {
            throw DecodingError.keyNotFound(
                key,
                .init(
                    codingPath: codingPath,
                    debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }

    /// A timestamp in seconds or milliseconds, normalised.
    func timestamp(_ key: Key) -> GatewayTimestamp? {
        int64(key).map { GatewayTimestamp(epochSecondsOrMilliseconds: $0) }
    }

    /// A currency code, upper-cased (WooshPay mixes cases between endpoints).
    func currency(_ key: Key) -> String? {
        text(key)?.uppercased()
    }

    /// A string-to-string map (metadata); non-text values are rendered as text and
    /// nested objects are dropped.
    func stringMap(_ key: Key) -> [String: String] {
        guard let members = json(key)?.objectValue else { return [:] }
        return members.compactMapValues { $0.scalarText }
    }

    /// The id of a related object that may be given as an id string or expanded object.
    func reference(_ key: Key) -> String? {
        guard let value = json(key) else { return nil }
        if let members = value.objectValue { return members["id"]?.scalarText }
        return value.scalarText
    }
}
