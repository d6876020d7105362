import Foundation
import MerchantServer

// MARK: - systemd

extension Deploy {
    /// `KEY=value` lines (comments and blank lines skipped; surrounding quotes removed).
    static func envFile(_ text: String) -> [String: String] {
        var out = [String: String]()
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, let f = value.first, f == value.last, f == "\"" || f == "'" { value = String(value.dropFirst().dropLast()) }
            out[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] = value
        }
        return out
    }

    /// `[Section]` -> key -> values, in order.
    static func unitFile(_ text: String) -> [String: [String: [String]]] {
        var out = [String: [String: [String]]]()
        var section = ""
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[section, default: [:]][String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
        }
        return out
    }

    static func systemdProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        var problems = [String]()
        let unit = unitFile(m.text("systemd/merchant.service"))
        let service = unit["Service"] ?? [:]
        let user = service["User"]?.last ?? ""
        if user.isEmpty || user == "root" || user == "0" { problems.append("merchant.service: User is \(user.isEmpty ? "unset (root)" : user)") }
        let environmentFile = (service["EnvironmentFile"]?.last ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if URL(fileURLWithPath: environmentFile).lastPathComponent != "merchant.env" {
            problems.append("merchant.service: EnvironmentFile \(environmentFile) is not the installed merchant.env.example")
        }
        let start = (service["ExecStart"]?.last ?? "").split(separator: " ").map(String.init)
        guard let binary = start.first, URL(fileURLWithPath: binary).lastPathComponent == "merchant" else {
            return problems + ["merchant.service: ExecStart does not run merchant"]
        }
        if start.dropFirst().first != "serve" { problems.append("merchant.service: ExecStart is not merchant serve") }
        for pre in service["ExecStartPre"] ?? [] {
            let words = pre.split(separator: " ").map(String.init)
            if let sub = words.dropFirst().first, !facts.subcommands.contains(sub) { problems.append("merchant.service: \(sub) is not a subcommand") }
        }
        if unit["Install"]?["WantedBy"] == nil { problems.append("merchant.service: no [Install] WantedBy") }
        let environment = envFile(m.text("systemd/merchant.env.example"))
        let (found, configuration) = environmentProblems("merchant.env.example", environment, subcommand: "serve", facts)
        problems += found
        if let configuration {
            let installed = URL(fileURLWithPath: binary).deletingLastPathComponent().path
            let directory =
                configuration.migrationsDirectory.hasPrefix("/")
                ? configuration.migrationsDirectory
                : (service["WorkingDirectory"]?.last ?? "/") + "/" + configuration.migrationsDirectory
            if URL(fileURLWithPath: directory).standardizedFileURL.path != installed + "/migrations" {
                problems.append(
                    "merchant.env.example: MIGRATIONS_DIR \(configuration.migrationsDirectory) is not \(installed)/migrations next to the binary")
            }
        }
        return problems
    }
}
