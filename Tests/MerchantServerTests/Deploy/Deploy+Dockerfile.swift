import Foundation
import MerchantServer

// MARK: - Dockerfile

struct Dockerfile {
    struct Instruction {
        var keyword: String
        var arguments: String
    }
    struct Stage {
        var name: String
        var from: String
        var instructions: [Instruction]
    }

    var stages: [Stage] = []

    init(_ text: String) {
        var args = [String: String]()
        var logical = [String]()
        var current = ""
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && current.isEmpty) { continue }
            if line.hasSuffix("\\") {
                current += String(line.dropLast()) + " "
            } else {
                current += line
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { logical.append(current) }
                current = ""
            }
        }
        for line in logical {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let keyword = parts[0].uppercased()
            let arguments = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if keyword == "FROM" {
                let words = arguments.split(separator: " ").map(String.init).filter { !$0.hasPrefix("--") }
                var image = words.first ?? ""
                for (k, v) in args { image = image.replacingOccurrences(of: "${\(k)}", with: v).replacingOccurrences(of: "$\(k)", with: v) }
                let name = words.count >= 3 && words[1].uppercased() == "AS" ? words[2] : "stage\(stages.count)"
                stages.append(Stage(name: name, from: image, instructions: []))
            } else if stages.isEmpty {
                if keyword == "ARG" {
                    let kv = arguments.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { args[kv[0]] = kv[1] }
                }
            } else {
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments))
            }
        }
    }

    func stage(_ name: String) -> Stage? { stages.first { $0.name == name } }

    /// The stage and the stages it is built on, base first.
    func chain(_ name: String) -> [Stage] {
        guard let stage = stage(name) else { return [] }
        return (self.stage(stage.from) != nil ? chain(stage.from) : []) + [stage]
    }

    /// The base image at the bottom of a stage's chain.
    func baseImage(_ name: String) -> String? { chain(name).first?.from }

    func instructions(_ name: String, _ keyword: String) -> [String] {
        chain(name).flatMap { $0.instructions.filter { $0.keyword == keyword }.map(\.arguments) }
    }

    /// `ENV` of a stage's chain.
    func environment(_ name: String) -> [String: String] {
        var out = [String: String]()
        for line in instructions(name, "ENV") {
            let words = line.split(separator: " ").map(String.init)
            if words.count == 2, !words[0].contains("=") {
                out[words[0]] = words[1]
                continue
            }
            for word in words {
                let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { out[kv[0]] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        return out
    }

    /// Packages `apt-get install` installs in a stage's chain.
    func aptPackages(_ name: String) -> Set<String> {
        var out = Set<String>()
        for run in instructions(name, "RUN") {
            for segment in run.components(separatedBy: "&&") where segment.contains("apt-get install") {
                let after = segment.components(separatedBy: "install").dropFirst().joined(separator: "install")
                out.formUnion(after.split(separator: " ").map(String.init).filter { !$0.hasPrefix("-") && !$0.isEmpty })
            }
        }
        return out
    }

    /// The user a stage runs as (its chain's last `USER`), nil when never set (root).
    func user(_ name: String) -> String? { instructions(name, "USER").last }

    /// Exec-form JSON array of an instruction.
    static func execForm(_ arguments: String) -> [String]? {
        guard let data = arguments.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String]
    }
}

extension Deploy {
    static func dockerfileProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        let file = Dockerfile(m.text("Dockerfile"))
        var problems = [String]()
        // Build stage: an official Swift 6 image on Debian bookworm, the -dev packages the
        // system-library targets need, a release build with the Swift runtime linked in.
        guard let build = file.stages.first(where: { $0.instructions.contains { $0.keyword == "RUN" && $0.arguments.contains("swift build") } })
        else {
            return ["Dockerfile: no stage runs swift build"]
        }
        if !(build.from.hasPrefix("swift:6.") && build.from.hasSuffix("-bookworm")) {
            problems.append("Dockerfile: the build stage is FROM \(build.from), not an official swift:6.x-bookworm image")
        }
        for missing in facts.buildPackages.subtracting(file.aptPackages(build.name)).sorted() {
            problems.append("Dockerfile: the build stage does not install \(missing) (Package.swift's apt provider)")
        }
        let runs = file.instructions(build.name, "RUN").joined(separator: "\n")
        let builds = runs.components(separatedBy: "&&").filter { $0.contains("swift build") && !$0.contains("--show-bin-path") }
        for product in facts.products.sorted() {
            guard let line = builds.first(where: { $0.contains("--product \(product) ") || $0.hasSuffix("--product \(product)") }) else {
                problems.append("Dockerfile: no swift build of the product \(product)")
                continue
            }
            if !line.contains("-c release") { problems.append("Dockerfile: \(product) is not built with -c release") }
            if !line.contains("--static-swift-stdlib") { problems.append("Dockerfile: \(product) is not built with --static-swift-stdlib") }
        }
        for bundle in facts.resourceBundles.sorted() where !runs.contains(bundle) {
            problems.append("Dockerfile: the resource bundle \(bundle) is not copied next to the binary")
        }
        // One target per product, on debian:bookworm-slim with the shared libraries, non-root.
        for product in facts.products.sorted() {
            guard file.stage(product) != nil else {
                problems.append("Dockerfile: no target named \(product)")
                continue
            }
            let base = file.baseImage(product) ?? ""
            if base != "debian:bookworm-slim" { problems.append("Dockerfile: target \(product) runs on \(base), not debian:bookworm-slim") }
            for missing in runtimePackages.subtracting(file.aptPackages(product)).sorted() {
                problems.append("Dockerfile: target \(product) does not install \(missing)")
            }
            let user = file.user(product)?.split(separator: ":").first.map(String.init)
            if user == nil || user == "root" || user == "0" {
                problems.append("Dockerfile: target \(product) runs as \(user ?? "root (no USER)")")
            }
            let entrypoint = file.instructions(product, "ENTRYPOINT").last.flatMap(Dockerfile.execForm) ?? []
            if entrypoint.first.map({ URL(fileURLWithPath: $0).lastPathComponent }) != product {
                problems.append("Dockerfile: target \(product)'s ENTRYPOINT is not the \(product) binary: \(entrypoint)")
            }
        }
        // The service's target: its environment, migrations where MIGRATIONS_DIR says, the port.
        let merchant = "merchant"
        guard file.stage(merchant) != nil else { return problems }
        let env = file.environment(merchant)
        for key in env.keys.sorted() where !facts.keys.contains(key) && !runtimeEnvironment.contains(key) {
            problems.append("Dockerfile: ENV \(key) is not a key the service reads")
        }
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration(
                environment: env.filter { facts.keys.contains($0.key) }.merging(["DATABASE_URL": "x"]) { a, _ in a })
        } catch {
            return problems + error.problems.map { "Dockerfile: \($0)" }
        }
        if env["MIGRATIONS_DIR"] == nil { problems.append("Dockerfile: target merchant does not set MIGRATIONS_DIR") }
        let copies = file.instructions(merchant, "COPY").map { $0.split(separator: " ").map(String.init).filter { !$0.hasPrefix("--") } }
        let trimmed = { (s: String) in s.hasSuffix("/") ? String(s.dropLast()) : s }
        if !copies.contains(where: { $0.count == 2 && trimmed($0[0]) == "migrations" && trimmed($0[1]) == configuration.migrationsDirectory }) {
            problems.append("Dockerfile: migrations/ is not copied to MIGRATIONS_DIR (\(configuration.migrationsDirectory))")
        }
        if configuration.httpHost != "0.0.0.0" { problems.append("Dockerfile: HTTP_HOST is \(configuration.httpHost), not 0.0.0.0") }
        let exposed = file.instructions(merchant, "EXPOSE").flatMap { $0.split(separator: " ") }.map { String($0.split(separator: "/")[0]) }
        if exposed != [String(configuration.httpPort)] {
            problems.append("Dockerfile: target merchant exposes \(exposed), not HTTP_PORT \(configuration.httpPort)")
        }
        let entrypointCommand = file.instructions(merchant, "CMD").last.flatMap(Dockerfile.execForm)?.first ?? ""
        if !facts.subcommands.contains(entrypointCommand) { problems.append("Dockerfile: CMD \(entrypointCommand) is not a merchant subcommand") }
        for check in file.instructions(merchant, "HEALTHCHECK") {
            problems += urlProblems("Dockerfile HEALTHCHECK", in: check, port: configuration.httpPort, env: env, paths: facts.readinessPaths)
        }
        return problems
    }

    /// The first http URL in `text` must use `port` (or `${HTTP_PORT}`) and a path in `paths`.
    static func urlProblems(_ where_: String, in text: String, port: Int, env: [String: String], paths: Set<String>) -> [String] {
        guard let url = matches(#"(https?://[^\s"']+)"#, in: text).first else { return ["\(where_): no URL in \(text)"] }
        var resolved = url
        for (k, v) in env { resolved = resolved.replacingOccurrences(of: "${\(k)}", with: v).replacingOccurrences(of: "$\(k)", with: v) }
        guard let components = URLComponents(string: resolved) else { return ["\(where_): cannot read \(url)"] }
        var problems = [String]()
        if components.port != port { problems.append("\(where_): \(url) is not on HTTP_PORT \(port)") }
        if !paths.contains(components.path) { problems.append("\(where_): \(components.path) is not one of the service's \(paths.sorted())") }
        return problems
    }
}
