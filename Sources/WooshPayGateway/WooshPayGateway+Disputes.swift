import OrderDomain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// WooshPay's dispute and file endpoints (docs.wooshpay.com/api-44454250, api-44408217,
/// docs.guanglian.co/44453397e0.md, api-50223823). Retrieve, update and close follow the
/// navigation and third-party code (OBSERVED paths); list is CONFIRMED at
/// `GET /v1/disputes/list` with a JSON body; the file upload's request shape was not
/// retrievable, so it is sent as Stripe's `multipart/form-data` with `file` and `purpose`.
extension WooshPayGateway: DisputeGateway {
    /// `GET /v1/disputes/{id}`.
    public func retrieveDispute(id: String) async throws(GatewayError) -> DisputeSnapshot {
        try await get("disputes.retrieve", "/v1/disputes/" + URLEscaping.segment(id), as: WireDispute.self).snapshot
    }

    /// `GET /v1/disputes/list`, following `starting_after`; the window is applied here too
    /// (a gateway that ignores it cannot add disputes from outside it).
    public func listDisputes(_ query: DisputeListQuery) async throws(GatewayError) -> DisputeList {
        var found: [DisputeSnapshot] = []
        var seen = Set<String>()
        var cursor: String?
        let created = WireListFilters.Created(gte: query.createdFrom?.epochMilliseconds, lt: query.createdBefore?.epochMilliseconds)
        while true {
            // The same body as the payment intent list (CONFIRMED for disputes too).
            let filters = WireListFilters(limit: 100, startingAfter: cursor, created: created)
            let page = try await get("disputes.list", "/v1/disputes/list", body: filters, as: WireList<WireDispute>.self)
            var newOnPage = 0
            for dispute in page.data.map(\.snapshot) where seen.insert(dispute.id).inserted {
                newOnPage += 1
                if let at = dispute.created, !Self.within(at, query) { continue }
                if found.count == query.maxResults { return DisputeList(disputes: found, isTruncated: true) }
                found.append(dispute)
            }
            guard page.hasMore, newOnPage > 0, let last = page.data.last else {
                return DisputeList(disputes: found, isTruncated: page.hasMore)
            }
            cursor = last.snapshot.id
        }
    }

    private static func within(_ at: GatewayTimestamp, _ query: DisputeListQuery) -> Bool {
        if let from = query.createdFrom, at < from { return false }
        if let before = query.createdBefore, !(at < before) { return false }
        return true
    }

    /// `POST /v1/disputes/{id}` with `evidence` and `submit: true`.
    public func submitDisputeEvidence(
        id: String, evidence: [String: String], idempotencyKey: String
    ) async throws(GatewayError) -> DisputeSnapshot {
        try await post(
            "disputes.update", "/v1/disputes/" + URLEscaping.segment(id),
            body: WireDisputeUpdate(evidence: evidence, submit: true), idempotencyKey: idempotencyKey,
            as: WireDispute.self
        ).snapshot
    }

    /// `POST /v1/disputes/{id}/close` (CONFIRMED: no body needed; we send `{}`).
    public func closeDispute(id: String, idempotencyKey: String) async throws(GatewayError) -> DisputeSnapshot {
        try await post(
            "disputes.close", "/v1/disputes/" + URLEscaping.segment(id) + "/close", body: WireEmptyBody(),
            idempotencyKey: idempotencyKey, as: WireDispute.self
        ).snapshot
    }

    /// `POST /v1/files`, `purpose=dispute_evidence`.
    public func uploadEvidenceFile(
        name: String, type: String, bytes: [UInt8], idempotencyKey: String
    ) async throws(GatewayError) -> EvidenceFile {
        guard !idempotencyKey.isEmpty else {
            throw .invalidRequest(
                code: "idempotency_key_missing", message: "every WooshPay POST needs an idempotency key", param: nil,
                requestID: nil)
        }
        // A boundary derived from the key: a retry sends byte-identical bytes.
        let boundary = "wooshpay-" + String(idempotencyKey.unicodeScalars.filter(\.properties.isAlphabetic).prefix(24)) + "-form"
        let body = Self.multipart(boundary: boundary, name: name, type: type, bytes: bytes)
        var call = APICall(operation: "files.create", method: .POST, path: "/v1/files", body: body, idempotencyKey: idempotencyKey)
        call.contentType = "multipart/form-data; boundary=\(boundary)"
        return try await perform(call, as: WireFile.self).file
    }

    /// `purpose` and `file` parts.
    static func multipart(boundary: String, name: String, type: String, bytes: [UInt8]) -> [UInt8] {
        let safeName = String(name.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\r" && $0 != "\n" })
        let mime: String =
            switch type {
            case "pdf": "application/pdf"
            case "png": "image/png"
            case "jpg", "jpeg": "image/jpeg"
            default: "application/octet-stream"
            }
        var out = Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\n"
                + "Content-Type: \(mime)\r\n\r\n").utf8)
        out += bytes
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }
}
