import Foundation
import Testing

/// The shared webhook signature vectors (Fixtures/webhook-signature-vectors.json).
struct SignatureVectors: Decodable {
    /// Whether a case should verify; some depend on configuration.
    enum Validity: Decodable, Equatable {
        case valid
        case invalid
        /// Valid only under a stated condition (rotation, hex case).
        case conditional(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = flag ? .valid : .invalid
            } else {
                self = .conditional(try container.decode(String.self))
            }
        }
    }

    /// One vector.
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let header: String
        let body: String
        let valid: Validity
        let stripeLibraryAccepts: Bool

        enum CodingKeys: String, CodingKey {
            case name, header, body, valid
            case stripeLibraryAccepts = "stripe_library_accepts_with_current_secret"
        }
    }

    let secret: String
    let previousSecret: String
    let cases: [Case]

    enum CodingKeys: String, CodingKey {
        case secret, cases
        case previousSecret = "previous_secret"
    }

    /// Loads the fixture from the test bundle.
    static func load() throws -> SignatureVectors {
        guard
            let url = Bundle.module.url(
                forResource: "webhook-signature-vectors", withExtension: "json",
                subdirectory: "Fixtures")
        else { throw FixtureMissing() }
        return try JSONDecoder().decode(SignatureVectors.self, from: Data(contentsOf: url))
    }

    /// Loads the fixture, or an empty set (the test that checks the count then fails).
    static let shared: SignatureVectors =
        (try? load())
        ?? SignatureVectors(secret: "", previousSecret: "", cases: [])

    struct FixtureMissing: Error {}
}

extension SignatureVectors.Case {
    /// Parameterised tests show the vector's name.
    var testDescription: String { name }
}

extension SignatureVectors.Validity: Sendable {}
