import Logging

/// The last line of defence between a log call and the log: whatever a component put in a
/// message or metadata, what looks like a secret leaves as `[redacted]`. Components are
/// still expected never to log secrets; this catches the mistakes (an error description
/// quoting a request, a URL with a client secret in its query).
///
/// - Keys: a metadata value is replaced whole when its key names a secret (`secret`,
///   `password`, `authorization`, `token`, `cookie`, `api_key`, `card_number`, `cvc`...).
/// - Values and messages: WooshPay secret keys (`sk_...`, `rk_...`), webhook secrets
///   (`whsec_...`), client secrets (`pi_..._secret_...`, any `_secret_<token>`, and values
///   after `client_secret` or `password`), our admin keys (`mk_...`) and order tokens
///   (`otok_...`), stream tickets (`stkt_...`), `Bearer`/`Basic` credentials, the password in a URL's user info, and card
///   numbers: runs of 13-19 digits standing alone, also in groups separated by single spaces
///   or dashes (`4111 1111 1111 1111`). Prefixes stay readable: `sk_[redacted]`.
public enum LogRedaction {
    /// What replaces a secret.
    public static let mask = "[redacted]"

    /// Whether a metadata key names a secret (compared lower-case, as a substring).
    /// Every metadata key of every line is asked, so this compares bytes (Foundation's
    /// substring search cost a tenth of a webhook acknowledgement).
    public static func isSecretKey(_ key: String) -> Bool {
        let lower = key.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
        return secretKeyParts.contains { part in
            guard part.count <= lower.count else { return false }
            return (0...(lower.count - part.count)).contains { start in lower[start..<(start + part.count)].elementsEqual(part) }
        }
    }

    static let secretKeyParts = [
        "secret", "password", "passwd", "authorization", "token", "cookie", "api_key", "apikey",
        "card_number", "cardnumber", "cvc", "cvv",
    ].map { Array($0.utf8) }

    /// `text` with every secret-looking part replaced; `text` itself (no copy) when none.
    public static func redact(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8 { bytes in redacted(bytes).map { String(decoding: $0, as: UTF8.self) } } ?? text
    }

    /// A metadata value, redacted: the whole value when `key` names a secret, else its
    /// text, and nested values likewise.
    public static func redact(_ value: Logger.MetadataValue, key: String) -> Logger.MetadataValue {
        if isSecretKey(key) { return .string(mask) }
        switch value {
        case .string(let text): return .string(redact(text))
        case .stringConvertible(let convertible): return .string(redact(convertible.description))
        case .array(let values): return .array(values.map { redact($0, key: key) })
        case .dictionary(let dictionary):
            return .dictionary(Dictionary(uniqueKeysWithValues: dictionary.map { ($0.key, redact($0.value, key: $0.key)) }))
        }
    }

    /// A handler's metadata, then its provider's, then the call's (later wins).
    static func merged(
        _ handler: Logger.Metadata, _ provider: Logger.MetadataProvider?,
        _ explicit: Logger.Metadata?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get(), !provided.isEmpty { merged.merge(provided) { $1 } }
        if let explicit, !explicit.isEmpty { merged.merge(explicit) { $1 } }
        return merged
    }

    // MARK: The scanner

    /// The text's bytes.
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// `bytes` with secrets replaced, or nil when there is none (then nothing was copied).
    /// One pass, no regex, no allocation for a clean line: every log line goes through it.
    static func redacted(_ bytes: Bytes) -> [UInt8]? {
        var out = [UInt8]()
        var index = 0
        var copiedUpTo = 0
        while index < bytes.count {
            let (secret, next) = scan(bytes, at: index)
            if let secret {
                if copiedUpTo == 0 { out.reserveCapacity(bytes.count + 16) }
                out.append(contentsOf: bytes[copiedUpTo..<secret.lowerBound])
                out.append(contentsOf: mask.utf8)
                copiedUpTo = secret.upperBound
            }
            index = next
        }
        guard copiedUpTo > 0 else { return nil }
        out.append(contentsOf: bytes[copiedUpTo...])
        return out
    }

    /// What starts at `index`: the range of a secret to mask, if any, and where to look next.
    static func scan(_ bytes: Bytes, at index: Int) -> (secret: Range<Int>?, next: Int) {
        let byte = bytes[index]
        let atWordStart = index == 0 || !isAlnum(bytes[index - 1])
        // 1. Secret tokens by prefix (sk_, rk_, whsec_, mk_, otok_, stkt_): the prefix stays.
        if atWordStart, let prefixLength = tokenPrefix(bytes, at: index) {
            let valueEnd = tokenEnd(bytes, from: index + prefixLength)
            if valueEnd - (index + prefixLength) >= 4 { return (index + prefixLength..<valueEnd, valueEnd) }
        }
        // 2. `_secret_<token>` (client secrets of intents, setup intents, sessions).
        if byte == 95, matches(bytes, at: index, "_secret_") {
            let valueEnd = tokenEnd(bytes, from: index + 8)
            if valueEnd > index + 8 { return (index + 8..<valueEnd, valueEnd) }
        }
        // 3. A value after a secret-naming word: `client_secret=...`, `"password":"..."`,
        //    `Bearer ...`, `Basic ...`.
        if atWordStart, let (valueStart, valueEnd) = valueAfterSecretWord(bytes, at: index) {
            return (valueStart..<valueEnd, valueEnd)
        }
        // 4. The password of a URL's user info: `://user:password@`.
        if byte == 58, matches(bytes, at: index, "://"), let (valueStart, valueEnd) = urlPassword(bytes, after: index + 3) {
            return (valueStart..<valueEnd, valueEnd)
        }
        // 5. Card numbers: 13-19 digits standing alone (not the tail of `id_123...`).
        if isDigit(byte), atWordStart, index == 0 || bytes[index - 1] != 95 {
            let (end, isCard) = digitRun(bytes, from: index)
            return (isCard ? index..<end : nil, end)
        }
        return (nil, index + 1)
    }

    static let tokenPrefixes: [[UInt8]] = ["sk_", "rk_", "whsec_", "mk_", "otok_", "stkt_"].map { Array($0.utf8) }

    /// The length of the secret prefix at `index`, if one starts there.
    static func tokenPrefix(_ bytes: Bytes, at index: Int) -> Int? {
        switch bytes[index] {
        case 115, 114, 119, 109, 111: break  // s r w m o: the only first letters of a prefix
        default: return nil
        }
        for prefix in tokenPrefixes where matches(bytes, at: index, prefix) { return prefix.count }
        return nil
    }

    static let secretWords: [[UInt8]] = ["client_secret", "password", "passwd", "bearer ", "basic "].map { Array($0.utf8) }

    /// For a secret-naming word at `index`, the range of the value it introduces:
    /// `client_secret=v`, `"password": "v"` (a `:` or `=` is required, so "password
    /// authentication failed" stays), `Bearer v`, `Basic v` (v at least 8 credential characters).
    static func valueAfterSecretWord(_ bytes: Bytes, at index: Int) -> (Int, Int)? {
        switch bytes[index] | 32 {
        case 99, 112, 98: break  // c p b: the only first letters of a word
        default: return nil
        }
        for word in secretWords where matchesIgnoringCase(bytes, at: index, word) {
            var cursor = index + word.count
            if word.last == 32 {  // "bearer ", "basic ": the credential follows the space
                while cursor < bytes.count, bytes[cursor] == 32 { cursor += 1 }
                var end = cursor
                while end < bytes.count, isCredential(bytes[end]) { end += 1 }
                return end - cursor >= 8 ? (cursor, end) : nil
            }
            // `client_secret`, not `client_secrets_count`: the word must end here.
            if cursor < bytes.count, isAlnum(bytes[cursor]) || bytes[cursor] == 95 { return nil }
            var sawAssignment = false
            while cursor < bytes.count, [34, 39, 58, 61, 32].contains(bytes[cursor]) {  // " ' : = space
                if bytes[cursor] == 58 || bytes[cursor] == 61 { sawAssignment = true }
                cursor += 1
            }
            guard sawAssignment else { return nil }
            var end = cursor
            while end < bytes.count, !valueTerminators.contains(bytes[end]) { end += 1 }
            return end > cursor ? (cursor, end) : nil
        }
        return nil
    }

    /// Characters of a `Bearer`/`Basic` credential (token68).
    static func isCredential(_ byte: UInt8) -> Bool {
        isAlnum(byte) || [43, 47, 61, 46, 95, 126, 45].contains(byte)  // + / = . _ ~ -
    }

    /// Bytes that end a value in free text: whitespace, quotes, `&`, `,`, `;`, brackets.
    static let valueTerminators: Set<UInt8> = [32, 9, 10, 13, 34, 39, 38, 44, 59, 41, 93, 125, 62]

    /// The password's range in `user:password@` right after `://`, if the URL has one.
    static func urlPassword(_ bytes: Bytes, after start: Int) -> (Int, Int)? {
        var cursor = start
        var colon: Int?
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == 64 {  // @
                guard let colon, cursor > colon + 1 else { return nil }
                return (colon + 1, cursor)
            }
            if byte == 47 || byte == 32 || byte == 34 || byte == 39 || byte == 10 { return nil }  // / space " ' newline
            if byte == 58, colon == nil { colon = cursor }
            cursor += 1
        }
        return nil
    }

    /// The end of the digit run starting at `start` (digits, and single spaces or dashes
    /// between digit groups) and whether it is a card number: 13-19 digits in all, not
    /// glued to letters or further digits; a grouped run needs a 4-digit first group and
    /// groups of 3-6.
    static func digitRun(_ bytes: Bytes, from start: Int) -> (end: Int, isCard: Bool) {
        var cursor = start
        var digits = 0
        var groups: [Int] = []
        var group = 0
        var end = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if isDigit(byte) {
                digits += 1
                group += 1
                cursor += 1
                end = cursor
            } else if byte == 32 || byte == 45, cursor + 1 < bytes.count, isDigit(bytes[cursor + 1]), group > 0 {
                groups.append(group)
                group = 0
                cursor += 1
            } else {
                break
            }
        }
        groups.append(group)
        let glued = end < bytes.count && (isAlnum(bytes[end]) || bytes[end] == 95)
        guard (13...19).contains(digits), !glued else {
            // Not a card as a whole; a plain run is skipped, a grouped one may hold one.
            if groups.count > 1 { return (start + groups[0], false) }
            return (end, false)
        }
        if groups.count > 1, let last = groups.last {
            guard groups[0] == 4, groups.dropLast().allSatisfy({ (3...6).contains($0) }), (1...6).contains(last)
            else { return (start + groups[0], false) }
        }
        return (end, true)
    }

    /// The end of a token (`[A-Za-z0-9_]`) starting at `start`.
    static func tokenEnd(_ bytes: Bytes, from start: Int) -> Int {
        var end = start
        while end < bytes.count, isAlnum(bytes[end]) || bytes[end] == 95 { end += 1 }
        return end
    }

    static func matches(_ bytes: Bytes, at index: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { literalBytes in
            for offset in 0..<count where bytes[index + offset] != literalBytes[offset] { return false }
            return true
        }
    }

    static func matches(_ bytes: Bytes, at index: Int, _ literal: [UInt8]) -> Bool {
        guard index + literal.count <= bytes.count else { return false }
        for offset in 0..<literal.count where bytes[index + offset] != literal[offset] { return false }
        return true
    }

    static func matchesIgnoringCase(_ bytes: Bytes, at index: Int, _ lowerLiteral: [UInt8]) -> Bool {
        guard index + lowerLiteral.count <= bytes.count else { return false }
        for offset in 0..<lowerLiteral.count {
            var byte = bytes[index + offset]
            if (65...90).contains(byte) { byte += 32 }
            if byte != lowerLiteral[offset] { return false }
        }
        return true
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
