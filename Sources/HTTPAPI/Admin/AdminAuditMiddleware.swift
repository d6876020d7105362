import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OrderDomain

/// Appends every mutating admin request to the audit trail: who (key name and role), what
/// (`refund.created`, ... or the method and route), on what (the id in the path), the
/// answer's status, and the JSON request body as `after`. Installed after
/// `AdminAuthMiddleware`, so refused requests (401, 403) never reach it: they changed nothing.
///
/// Catalog and key changes are skipped here: their stores audit them in the transaction of
/// the change, with the product (or key) before and after. Admin request bodies carry amounts,
/// reasons and times, never a secret; a body that is not a small JSON object is recorded by
/// its size only. Dispute evidence does carry a customer's data (name, addresses, e-mail),
/// so only its field names are recorded: the evidence itself lives at WooshPay.
public struct AdminAuditMiddleware<Context: AdminRequestContext>: RouterMiddleware {
    private let log: any AdminAuditLog

    /// Creates the middleware appending to `log`.
    public init(log: any AdminAuditLog) { self.log = log }

    /// Runs the route, then records it (reads run unrecorded).
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        let classified = AdminPermission.auditAction(method: method, path: request.uri.path)
        // The catalog and key stores audit their own changes, with before and after.
        let selfAudited = ["product.", "key."].contains { classified?.action.hasPrefix($0) ?? false }
        guard method != "GET", method != "HEAD", !selfAudited else {
            return try await next(request, context)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: JSONRequest.maxBodyBytes(path: request.uri.path))
        } catch {
            throw APIError.bodyTooLarge(limitBytes: JSONRequest.maxBodyBytes(path: request.uri.path))
        }
        let action = classified?.action ?? "\(method) \(context.endpointPath ?? request.uri.path)"
        let target = classified?.target
        do {
            let response = try await next(request, context)
            await record(action: action, target: target, status: Int(response.status.code), body: body, context: context)
            return response
        } catch {
            let status = Int(ErrorMiddleware<Context>.status(for: error).code)
            await record(action: action, target: target, status: status, body: body, context: context)
            throw error
        }
    }

    private func record(action: String, target: String?, status: Int, body: ByteBuffer, context: Context) async {
        let entry = AdminAuditEntry(
            actor: context.adminActor, action: action, target: target, before: nil,
            after: Self.after(status: status, body: body, namesOnly: action == "dispute.evidence_submitted"))
        do {
            try await log.record(entry)
        } catch {
            // The change is done and its own trail (order events, refund rows) holds it;
            // failing the answer now would only make the caller retry a finished operation.
            context.logger.error("admin audit row not written", metadata: ["action": .string(action)])
        }
    }

    // The largest request body kept verbatim; larger ones are recorded by size.
    private static var maxRecordedBytes: Int { 4096 }

    /// `{"status": 201, "request": {...}}`: the body when it is a JSON object of at most
    /// `maxRecordedBytes`, else its size as `request_bytes`. With `namesOnly`, each member
    /// that is an object is recorded as its sorted keys (`{"evidence": ["receipt"]}`),
    /// whatever the size.
    static func after(status: Int, body: ByteBuffer, namesOnly: Bool = false) -> String {
        let bytes = Array(buffer: body)
        var object: [String: Any] = ["status": status]
        if !bytes.isEmpty {
            if namesOnly, let parsed = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
                object["request"] = parsed.compactMapValues { ($0 as? [String: Any]).map { $0.keys.sorted() } }
            } else if bytes.count <= maxRecordedBytes,
                let parsed = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            {
                object["request"] = parsed
            } else {
                object["request_bytes"] = bytes.count
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
