import Foundation
import Hummingbird

/// A small JSON object response for fixed-shape bodies (health, errors).
public struct JSONBody: ResponseGenerator, Sendable {
    private let object: [String: any Sendable]

    /// A flat object of strings, plus optional nested string maps.
    public init(_ fields: [String: String], nested: [String: [String: String]] = [:]) {
        var object = [String: any Sendable]()
        for (k, v) in fields { object[k] = v }
        for (k, v) in nested { object[k] = v }
        self.object = object
    }

    /// The body as a response with `status`.
    public func response(status: HTTPResponse.Status) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 200 response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response(status: .ok)
    }
}
