import Foundation
import HTTPTypes
import Hummingbird

/// JSON request decoding and response encoding with the API's limits and errors.
public enum JSONRequest {
    /// Largest API request body accepted.
    public static let maxBodyBytes = 64 * 1024
    /// Largest body of `POST /v1/admin/disputes/{id}/evidence`, whose files travel base64
    /// in the JSON (two of at most 1 MiB each, plus text); only an authenticated operator
    /// reaches it, as the admin key is checked before any body is read.
    public static let maxEvidenceBodyBytes = 3 * 1024 * 1024

    /// The body limit of a request to `path` (a query string is ignored).
    public static func maxBodyBytes(path: String) -> Int {
        let segments = path.split(separator: "?", maxSplits: 1).first?.split(separator: "/") ?? []
        let isEvidence =
            segments.count == 5 && segments[0] == "v1" && segments[1] == "admin" && segments[2] == "disputes"
            && segments[4] == "evidence"
        return isEvidence ? maxEvidenceBodyBytes : maxBodyBytes
    }

    /// Decodes the body as `T`; oversized bodies are 413 and malformed JSON 400, each with a
    /// message that names the problem but not our internals. An empty body is `emptyBody`
    /// when given (for endpoints whose every field is optional), else malformed.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, emptyBody: T? = nil) async throws -> T {
        let buffer: ByteBuffer
        let limit = maxBodyBytes(path: request.uri.path)
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError.bodyTooLarge(limitBytes: limit)
        }
        if let emptyBody, buffer.readableBytes == 0 { return emptyBody }
        if escapesNUL(buffer.readableBytesView) { throw APIError.nulCharacter }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError(
                type: "invalid_request_error", code: .missingParameter,
                message: "Missing required field.", param: path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError(
                type: "invalid_request_error", code: .invalidParameter,
                message: "A field has the wrong type.", param: path(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError(
                type: "invalid_request_error", code: .invalidParameter,
                message: "A field is null.", param: path(context.codingPath))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            // Valid JSON whose value cannot be read as the field's type: a number past 64 bits.
            throw APIError(
                type: "invalid_request_error", code: .invalidParameter,
                message: "A field's value is out of range.", param: path(context.codingPath))
        } catch {
            throw APIError.invalidBody("The body is not valid JSON.")
        }
    }

    /// Encodes `value` as a JSON response.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let data = try encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The JSON of `value`, one line, keys sorted, as every answer spells it.
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Whether JSON text escapes U+0000 (`\u0000`) anywhere. PostgreSQL text cannot hold
    /// that character, so the API refuses it rather than store a silently truncated value.
    static func escapesNUL(_ bytes: some Collection<UInt8>) -> Bool {
        let zero = UInt8(ascii: "0")
        var it = bytes.makeIterator()
        while let byte = it.next() {
            guard byte == UInt8(ascii: "\\") else { continue }
            // The escaped character; a `\\` pair is consumed whole, so `\\u0000` is text.
            guard it.next() == UInt8(ascii: "u") else { continue }
            if it.next() == zero, it.next() == zero, it.next() == zero, it.next() == zero { return true }
        }
        return false
    }

    /// `items[2].quantity` from a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }
}
