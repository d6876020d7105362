import Foundation
import MerchantServer
import Yams

// MARK: - Checks

enum Deploy {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var deployDirectory: URL { root.appendingPathComponent("deploy") }

    /// Shared libraries the runtime image needs: libpq, libcurl and OpenSSL (linked shared),
    /// and CA certificates for TLS to WooshPay and PostgreSQL.
    static let runtimePackages: Set<String> = ["libpq5", "libcurl4", "libssl3", "ca-certificates"]
    /// Environment read by the Swift runtime rather than by the service.
    static let runtimeEnvironment: Set<String> = ["SWIFT_BACKTRACE"]

    static func read(_ name: String) throws -> String {
        try String(contentsOf: deployDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every `.yml`/`.yaml` under deploy/, relative.
    static func yamlFiles() throws -> [String] {
        let base = deployDirectory.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: base)
        var out = [String]()
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") { out.append(path) }
        }
        return out.sorted()
    }

    /// Every document of a (multi-document) YAML text, each a mapping.
    static func documents(_ text: String) throws -> [[String: Any]] {
        var sequence = try Yams.load_all(yaml: text)
        var out = [[String: Any]]()
        while let document = sequence.next() {
            guard let mapping = document as? [String: Any] else {
                throw DeployError("a YAML document is not a mapping: \(type(of: document))")
            }
            out.append(mapping)
        }
        if let error = sequence.error { throw error }
        return out
    }

    struct DeployError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap {
            $0.numberOfRanges > 1 && $0.range(at: 1).location != NSNotFound ? ns.substring(with: $0.range(at: 1)) : nil
        }
    }

    /// `BenchTick` -> `bench-tick`, as ArgumentParser names a command.
    static func kebabCase(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase, i > 0 { out += "-" }
            out += c.lowercased()
        }
        return out
    }

    /// A YAML scalar as the string a process would see.
    static func scalar(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let b as Bool: b ? "true" : "false"
        case let i as Int: String(i)
        case let d as Double: String(d)
        default: nil
        }
    }

    // MARK: Keys the code reads

    /// Key names the sources read: `value("KEY")` in the configuration, and any
    /// `environment["KEY"]` or `getenv("KEY")` outside the sandbox.
    static func keysReadInSources() throws -> Set<String> {
        let sources = root.appendingPathComponent("Sources")
        var keys = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.hasPrefix("WooshPaySandbox/"), !path.hasPrefix("SandboxCommand/") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            if path.hasPrefix("MerchantServer/ServerConfiguration") {
                keys.formUnion(matches(#"value\("([A-Z][A-Z0-9_]*)"\)"#, in: text))
            }
            keys.formUnion(matches(#"environment\["([A-Z][A-Z0-9_]*)"\]"#, in: text))
            keys.formUnion(matches(#"getenv\("([A-Z][A-Z0-9_]*)"\)"#, in: text))
        }
        return keys
    }

    /// Keys of `keys` that neither change the configuration nor are refused by name, for
    /// any of a few values: keys the configuration does not actually read.
    static func keysWithoutEffect(_ keys: Set<String>) -> Set<String> {
        let base = ["PGDATABASE": "merchant"]
        func dumped(_ environment: [String: String]) -> String? {
            guard let configuration = try? ServerConfiguration(environment: environment) else { return nil }
            var out = ""
            dump(configuration, to: &out)
            return out
        }
        guard let reference = dumped(base) else { return keys }
        let candidates = ["x", "https://example.com/x", "7", "true", "false", "1h", "manual", "USD", "card", "gateway_new_key_on_retry"]
        return keys.filter { key in
            !candidates.contains { value in
                let environment = base.merging([key: value]) { $1 }
                do throws(ServerConfiguration.Invalid) {
                    let configuration = try ServerConfiguration(environment: environment)
                    var out = ""
                    dump(configuration, to: &out)
                    return out != reference
                } catch {
                    return error.problems.contains { $0.hasPrefix(key + " ") }
                }
            }
        }
    }

    /// The environment as an operator fills in the template: each `REPLACE_ME` value becomes
    /// a value of its kind (keys keep their prefix, the notification secret gets 64 hex).
    static func filledIn(_ environment: [String: String]) -> [String: String] {
        environment.mapValues { value in
            guard value.contains("REPLACE_ME") else { return value }
            let prefix = ["sk_test_", "pk_test_", "sk_live_", "pk_live_", "whsec_"].first { value.hasPrefix($0) } ?? ""
            return prefix + String(repeating: "9f", count: 32)
        }
    }

    /// Problems with an environment given to `merchant <subcommand>`.
    static func environmentProblems(
        _ where_: String, _ environment: [String: String], subcommand: String,
        _ facts: ServiceFacts
    ) -> (problems: [String], configuration: ServerConfiguration?) {
        var problems = [String]()
        for key in environment.keys.sorted() where !facts.keys.contains(key) {
            problems.append("\(where_): \(key) is not a key the service reads (ServerConfiguration.keys)")
        }
        if environment["CHAOS_BREAK"] != nil { problems.append("\(where_): CHAOS_BREAK is a test-only switch") }
        if environment["DATABASE_URL"] == nil { problems.append("\(where_): DATABASE_URL is not set") }
        let relevant = environment.filter { facts.keys.contains($0.key) }
        do {
            let configuration = try ServerConfiguration(environment: filledIn(relevant))
            if subcommand == "serve" {
                problems += configuration.problemsForServing().map { "\(where_): \($0)" }
                // As shipped, a template with placeholders must not serve: the guardrails
                // refuse it until an operator fills it in.
                if relevant != filledIn(relevant), let asShipped = try? ServerConfiguration(environment: relevant),
                    asShipped.problemsForServing().isEmpty
                {
                    problems.append("\(where_): serve would start with the template's placeholders")
                }
            }
            return (problems, configuration)
        } catch {
            return (problems + error.problems.map { "\(where_): \($0)" }, nil)
        }
    }

    /// The checks, one per family of files.
    enum Check: String, CaseIterable, Sendable {
        case dockerfile, compose, kubernetes, systemd

        func problems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
            switch self {
            case .dockerfile: Deploy.dockerfileProblems(m, facts)
            case .compose: Deploy.composeProblems(m, facts)
            case .kubernetes: Deploy.kubernetesProblems(m, facts)
            case .systemd: Deploy.systemdProblems(m, facts)
            }
        }
    }

    static func allProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        Check.allCases.flatMap { $0.problems(m, facts) }
    }
}
