import Foundation
import OrderDomain
import Testing

/// `ErrorCode` is the one list of the API's error codes: the README's table and both of the
/// OpenAPI document's tables list exactly its codes with its statuses, and no source file of
/// the service spells a code as a string where an error is made.
@Suite("Error codes: one catalogue") struct ErrorCatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every `| \`code\` | status | meaning |` table in `text`, each as code -> status.
    static func tables(_ text: String) -> [[String: Int]] {
        var tables: [[String: Int]] = []
        var current: [String: Int]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("| code | HTTP status |") {
                current = [:]
            } else if current != nil, trimmed.hasPrefix("|---") {
                continue
            } else if current != nil, trimmed.hasPrefix("| `") {
                let cells = trimmed.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                current?[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = Int(cells[1])
            } else if let table = current {
                tables.append(table)
                current = nil
            }
        }
        if let current { tables.append(current) }
        return tables
    }

    static var catalogue: [String: Int] {
        Dictionary(uniqueKeysWithValues: ErrorCode.allCases.map { ($0.rawValue, $0.httpStatus) })
    }

    @Test("the README's table lists every code of the catalogue with its status, and nothing else")
    func readme() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let tables = Self.tables(text)
        #expect(tables.count == 1)
        #expect(tables.first == Self.catalogue)
    }

    @Test("both of the OpenAPI document's tables list the catalogue", arguments: [0, 1])
    func openAPI(table: Int) throws {
        let url = Self.root.appendingPathComponent("Sources/HTTPAPI/Resources/openapi.yaml")
        let tables = Self.tables(try String(contentsOf: url, encoding: .utf8))
        #expect(tables.count == 2)
        if tables.count > table { #expect(tables[table] == Self.catalogue) }
    }

    @Test("no service source spells an error code where an error is made")
    func spelledOnce() throws {
        let modules = ["OrderDomain", "HTTPAPI", "PostgresStore", "Workers", "MerchantServer", "MerchantCommand"]
        var spelled: [String] = []
        for module in modules {
            let folder = Self.root.appendingPathComponent("Sources/\(module)")
            let files =
                FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for file in files where try String(contentsOf: file, encoding: .utf8).contains("code: \"") {
                spelled.append(file.lastPathComponent)
            }
        }
        #expect(spelled.isEmpty, "code literals in \(spelled)")
    }
}
