import OrderDomain
import Testing

/// What an operator's evidence must be before anything is uploaded or sent, as a table:
/// each row an input and the refusal (code and field) it gets, or none.
@Suite("Dispute evidence")
struct DisputeEvidenceTests {
    typealias Files = [String: (filename: String, declaredType: String?, bytes: [UInt8])]
    static let pdf = Array("%PDF-1.4 ...".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0]

    static func refusal(_ text: [String: String], _ files: Files = [:]) -> String? {
        do {
            _ = try DisputeEvidence.checked(text: text, files: files)
            return nil
        } catch {
            return "\(error.errorCode.rawValue) \(error.param ?? "-")"
        }
    }

    @Test("the 27 keys split into 18 text and 9 file keys, as WooshPay's list example names them")
    func keys() {
        #expect(DisputeEvidence.keys.count == 27)
        #expect(DisputeEvidence.textKeys.isDisjoint(with: DisputeEvidence.fileKeys))
    }

    @Test(
        "text evidence",
        arguments: [
            (["product_description": "mugs"], nil),
            (["uncategorized_text": String(repeating: "x", count: 150_000)], nil),
            (["uncategorized_text": String(repeating: "x", count: 150_001)], "invalid_evidence evidence"),
            (
                ["product_description": String(repeating: "x", count: 75_000), "uncategorized_text": String(repeating: "y", count: 75_001)],
                "invalid_evidence evidence"
            ),
            (["favourite_colour": "blue"], "invalid_evidence evidence.favourite_colour"),
            (["receipt": "file_1"], "invalid_evidence evidence.receipt"),
            (["product_description": ""], "invalid_evidence evidence.product_description"),
            ([:], "invalid_evidence evidence"),
        ] as [([String: String], String?)])
    func text(_ text: [String: String], refused: String?) {
        #expect(Self.refusal(text) == refused)
    }

    @Test("files are PDF, PNG or JPEG by their bytes, within the size, under a file key")
    func files() {
        let cases: [(Files, String?)] = [
            (["receipt": ("r.pdf", "application/pdf", Self.pdf)], nil),
            (["receipt": ("r.png", nil, Self.png)], nil),
            (["customer_signature": ("s.jpg", "IMAGE/JPEG", Self.jpeg)], nil),
            (["receipt": ("r.exe", nil, [0x4D, 0x5A, 0x90])], "unsupported_file_type files.receipt"),
            (["receipt": ("r.png", "image/png", Self.pdf)], "unsupported_file_type files.receipt"),
            (["receipt": ("r.pdf", nil, [])], "invalid_evidence files.receipt"),
            (["receipt": ("", nil, Self.pdf)], "invalid_evidence files.receipt"),
            (["receipt": ("r.pdf", nil, Self.pdf + Array(repeating: 0x20, count: DisputeEvidence.maxFileBytes))], "file_too_large files.receipt"),
            (["product_description": ("r.pdf", nil, Self.pdf)], "invalid_evidence files.product_description"),
            (
                ["receipt": ("a.pdf", nil, Self.pdf), "refund_policy": ("b.pdf", nil, Self.pdf), "uncategorized_file": ("c.pdf", nil, Self.pdf)],
                "invalid_evidence files"
            ),
        ]
        for (files, refused) in cases {
            #expect(Self.refusal([:], files) == refused, "\(files.keys.sorted())")
        }
        #expect(Self.refusal(["receipt": "x"], ["receipt": ("r.pdf", nil, Self.pdf)]) == "invalid_evidence evidence.receipt")
        let checked = try? DisputeEvidence.checked(text: ["product_description": "mugs"], files: ["receipt": ("r.png", nil, Self.png)])
        #expect(checked?.files["receipt"]?.type == "png", "the type is the sniffed one")
    }
}
