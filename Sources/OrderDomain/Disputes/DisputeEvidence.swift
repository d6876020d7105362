/// Evidence for a dispute as an operator sends it, checked before anything is uploaded or
/// sent: WooshPay's 27 evidence keys (CONFIRMED, its list example), text for the text keys,
/// files for the file keys (which keys take a file is INFERRED from Stripe), and the limits.
public struct DisputeEvidence: Sendable, Hashable {
    /// A file to upload through the Files API, then name by its `file_...` id.
    public struct File: Sendable, Hashable {
        /// The name it is uploaded under.
        public var filename: String
        /// `pdf`, `png` or `jpg`, from the bytes themselves.
        public var type: String
        /// The content.
        public var bytes: [UInt8]

        /// Creates the value (use `DisputeEvidence.checked` to build one from input).
        public init(filename: String, type: String, bytes: [UInt8]) {
            self.filename = filename
            self.type = type
            self.bytes = bytes
        }
    }

    /// Text fields by WooshPay's names.
    public var text: [String: String]
    /// File fields by WooshPay's names.
    public var files: [String: File]

    /// The 27 evidence keys of WooshPay's dispute object.
    public static let keys: Set<String> = textKeys.union(fileKeys)

    /// The keys that take a file id (INFERRED from Stripe: WooshPay's pages show the keys,
    /// not their types).
    public static let fileKeys: Set<String> = [
        "cancellation_policy", "customer_communication", "customer_signature", "duplicate_charge_documentation",
        "receipt", "refund_policy", "service_documentation", "shipping_documentation", "uncategorized_file",
    ]

    /// The keys that take text.
    public static let textKeys: Set<String> = [
        "access_activity_log", "billing_address", "cancellation_policy_disclosure", "cancellation_rebuttal",
        "customer_email_address", "customer_name", "customer_purchase_ip", "duplicate_charge_explanation",
        "duplicate_charge_id", "product_description", "refund_policy_disclosure", "refund_refusal_explanation",
        "service_date", "shipping_address", "shipping_carrier", "shipping_date", "shipping_tracking_number",
        "uncategorized_text",
    ]

    /// All text together may be at most this many characters (Stripe's limit, INFERRED;
    /// the sandbox enforces it as WooshPay is assumed to).
    public static let maxTextCharacters = 150_000
    /// One file may be at most this many bytes. WooshPay documents no limit (UNKNOWN); 1 MiB
    /// keeps a request small and is what the sandbox accepts.
    public static let maxFileBytes = 1024 * 1024
    /// At most this many files per request (the request body stays bounded).
    public static let maxFiles = 2

    /// The evidence of an operator's request, or the first refusal naming its field:
    /// `invalid_evidence` (unknown key, a text key given a file or the reverse, empty or
    /// oversized text, nothing given), `unsupported_file_type` (not PDF, PNG or JPEG by its
    /// bytes, or a declared type that disagrees), `file_too_large`.
    public static func checked(
        text: [String: String], files: [String: (filename: String, declaredType: String?, bytes: [UInt8])]
    )
        throws(DomainError) -> DisputeEvidence
    {
        guard !text.isEmpty || !files.isEmpty else {
            throw DomainError(code: .invalidEvidence, message: "Give at least one evidence field.", param: "evidence")
        }
        var total = 0
        for (key, value) in text.sorted(by: { $0.key < $1.key }) {
            let param = "evidence.\(key)"
            guard textKeys.contains(key) else { throw refusal(key: key, param: param, file: false) }
            guard !value.isEmpty else {
                throw DomainError(code: .invalidEvidence, message: "An evidence field may not be empty.", param: param)
            }
            total += value.count
        }
        guard total <= maxTextCharacters else {
            throw DomainError(
                code: .invalidEvidence, message: "Evidence text may be at most \(maxTextCharacters) characters in all.",
                param: "evidence")
        }
        guard files.count <= maxFiles else {
            throw DomainError(code: .invalidEvidence, message: "Send at most \(maxFiles) files per request.", param: "files")
        }
        var checkedFiles: [String: File] = [:]
        for (key, file) in files.sorted(by: { $0.key < $1.key }) {
            let param = "files.\(key)"
            guard fileKeys.contains(key) else { throw refusal(key: key, param: param, file: true) }
            if text[key] != nil {
                throw DomainError(code: .invalidEvidence, message: "Give \(key) once.", param: param)
            }
            checkedFiles[key] = try checkedFile(file.filename, declaredType: file.declaredType, bytes: file.bytes, param: param)
        }
        return DisputeEvidence(text: text, files: checkedFiles)
    }

    /// One file: non-empty, at most `maxFileBytes`, a PDF, PNG or JPEG by its first bytes
    /// (a declared type must agree: a renamed executable is refused, not relabelled).
    static func checkedFile(_ filename: String, declaredType: String?, bytes: [UInt8], param: String) throws(DomainError) -> File {
        guard !filename.isEmpty, filename.unicodeScalars.count <= 200 else {
            throw DomainError(code: .invalidEvidence, message: "A file needs a filename of 1 to 200 characters.", param: param)
        }
        guard !bytes.isEmpty else {
            throw DomainError(code: .invalidEvidence, message: "The file is empty.", param: param)
        }
        guard bytes.count <= maxFileBytes else {
            throw DomainError(code: .fileTooLarge, message: "A file may be at most \(maxFileBytes) bytes.", param: param)
        }
        guard let type = sniffedType(bytes) else {
            throw DomainError(code: .unsupportedFileType, message: "Evidence files must be PDF, PNG or JPEG.", param: param)
        }
        if let declaredType, declaredMIME(type) != declaredType.lowercased() {
            throw DomainError(
                code: .unsupportedFileType, message: "The file's content is \(declaredMIME(type)), not \(declaredType).",
                param: param)
        }
        return File(filename: filename, type: type, bytes: bytes)
    }

    /// `pdf`, `png` or `jpg` by the file's magic number, else `nil`.
    static func sniffedType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return "pdf" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        return nil
    }

    /// The media type a sniffed type is declared as.
    static func declaredMIME(_ type: String) -> String {
        switch type {
        case "pdf": "application/pdf"
        case "png": "image/png"
        default: "image/jpeg"
        }
    }

    private static func refusal(key: String, param: String, file: Bool) -> DomainError {
        if file, textKeys.contains(key) {
            return DomainError(code: .invalidEvidence, message: "\(key) takes text: put it under evidence.", param: param)
        }
        if !file, fileKeys.contains(key) {
            return DomainError(code: .invalidEvidence, message: "\(key) takes a file: put it under files.", param: param)
        }
        return DomainError(code: .invalidEvidence, message: "Unknown evidence field; WooshPay takes its 27 evidence keys.", param: param)
    }
}
