import Foundation
import Hummingbird

/// `POST /v1/files`: WooshPay's file upload for dispute evidence. Its request shape was not
/// retrievable, so the sandbox takes Stripe's: `multipart/form-data` with `purpose`
/// (`dispute_evidence`, the one value WooshPay shows) and `file`; PDF, PNG or JPEG up to
/// 1 MiB (the sandbox's body limit; WooshPay documents none).
extension APIRoutes {
    func uploadFile(_ request: Request, _ context: SandboxRequestContext) async -> Response {
        if case .failure(let error) = authenticate(request) { return Responses.error(error) }
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = contentType.components(separatedBy: "boundary=").last.map({ $0.trimmingCharacters(in: .init(charactersIn: "\" ")) }),
            !boundary.isEmpty
        else {
            return Responses.error(.invalid("file", "Send the file as multipart/form-data with purpose and file parts."))
        }
        guard let buffer = try? await request.body.collect(upTo: context.maxUploadSize) else {
            return Responses.error(.invalid("file", "The file is larger than 1 MiB.", code: "file_too_large"))
        }
        let parts = Self.multipartParts(Array(buffer.readableBytesView), boundary: boundary)
        guard parts["purpose"].map({ String(decoding: $0.bytes, as: UTF8.self) }) == "dispute_evidence" else {
            return Responses.error(.invalid("purpose", "purpose must be dispute_evidence."))
        }
        guard let file = parts["file"], !file.bytes.isEmpty else { return Responses.error(.missing("file")) }
        let type: String? =
            switch file.contentType {
            case "application/pdf": "pdf"
            case "image/png": "png"
            case "image/jpeg": "jpg"
            default: nil
            }
        guard let type else {
            return Responses.error(.invalid("file", "Evidence files must be PDF, PNG or JPEG.", code: "file_invalid"))
        }
        let json = await state.storeFile(filename: file.filename ?? "evidence.\(type)", type: type, size: Int64(file.bytes.count))
        return Responses.json(json)
    }

    /// The parts of a multipart body by name: bytes, filename, content type.
    static func multipartParts(
        _ body: [UInt8], boundary: String
    ) -> [String: (bytes: [UInt8], filename: String?, contentType: String?)] {
        let delimiter = Array("--\(boundary)".utf8)
        var out: [String: (bytes: [UInt8], filename: String?, contentType: String?)] = [:]
        var starts: [Int] = []
        var i = 0
        while i + delimiter.count <= body.count {
            if body[i] == delimiter[0], Array(body[i..<(i + delimiter.count)]) == delimiter {
                starts.append(i)
                i += delimiter.count
            } else {
                i += 1
            }
        }
        for (n, start) in starts.enumerated() where n + 1 < starts.count {
            let part = Array(body[(start + delimiter.count)..<starts[n + 1]])
            let separator: [UInt8] = [13, 10, 13, 10]
            guard let split = (0..<max(0, part.count - 3)).first(where: { Array(part[$0..<($0 + 4)]) == separator }) else { continue }
            let head = String(decoding: part[..<split], as: UTF8.self)
            var content = Array(part[(split + 4)...])
            if content.suffix(2) == [13, 10] { content.removeLast(2) }
            func attribute(_ name: String) -> String? {
                guard let range = head.range(of: "\(name)=\"") else { return nil }
                return String(head[range.upperBound...].prefix { $0 != "\"" })
            }
            let type = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-type:") }
                .map { $0.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces).lowercased() }
            if let name = attribute("name") { out[name] = (content, attribute("filename"), type) }
        }
        return out
    }
}
