import Foundation
import MerchantServer

// MARK: - docker-compose.yml and nginx.conf

extension Deploy {
    static func composeEnvironment(_ service: [String: Any]) -> [String: String] {
        var out = [String: String]()
        var files = [String]()
        switch service["env_file"] {
        case let s as String: files = [s]
        case let list as [Any]: files = list.compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["path"] as? String) }
        default: break
        }
        for file in files {
            out.merge(envFile((try? read(file)) ?? "")) { $1 }
        }
        switch service["environment"] {
        case let map as [String: Any]:
            for (k, v) in map { out[k] = scalar(v) ?? "" }
        case let list as [Any]:
            for item in list.compactMap({ $0 as? String }) {
                let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
                out[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
        default: break
        }
        return out
    }

    static func commandWords(_ value: Any?) -> [String] {
        switch value {
        case let s as String: s.split(separator: " ").map(String.init)
        case let list as [Any]: list.compactMap { scalar($0) }
        default: []
        }
    }

    /// `depends_on` as service name -> condition.
    static func dependencies(_ value: Any?) -> [String: String] {
        switch value {
        case let list as [Any]: Dictionary(uniqueKeysWithValues: list.compactMap { $0 as? String }.map { ($0, "service_started") })
        case let map as [String: Any]: map.mapValues { (($0 as? [String: Any])?["condition"] as? String) ?? "service_started" }
        default: [:]
        }
    }

    /// Image name without its tag, and the tag.
    static func splitImage(_ image: String) -> (name: String, tag: String) {
        let lastSlash = image.lastIndex(of: "/") ?? image.startIndex
        guard let colon = image[lastSlash...].lastIndex(of: ":") else { return (image, "latest") }
        return (String(image[..<colon]), String(image[image.index(after: colon)...]))
    }

    /// The image the `merchant` target of the Dockerfile is published as (from compose).
    static func merchantImage(_ m: Manifests) -> String? {
        guard let compose = try? documents(m.text("docker-compose.yml")).first,
            let services = compose["services"] as? [String: Any]
        else { return nil }
        return services.values.compactMap { $0 as? [String: Any] }
            .first { (($0["build"] as? [String: Any])?["target"] as? String) == "merchant" }?["image"] as? String
    }

    static func composeProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        let compose: [String: Any]
        do {
            guard let first = try documents(m.text("docker-compose.yml")).first else { return ["compose: empty"] }
            compose = first
        } catch { return ["compose: does not parse: \(error)"] }
        guard let services = compose["services"] as? [String: Any] else { return ["compose: no services"] }
        var problems = [String]()
        let dockerfile = Dockerfile(m.text("Dockerfile"))
        var imageOfTarget = [String: Set<String>]()
        for (name, value) in services.sorted(by: { $0.key < $1.key }) {
            guard let service = value as? [String: Any], let build = service["build"] else { continue }
            guard let build = build as? [String: Any], let target = build["target"] as? String,
                let image = service["image"] as? String
            else {
                problems.append("compose \(name): a build needs a target and an image name")
                continue
            }
            if dockerfile.stage(target) == nil { problems.append("compose \(name): target \(target) is not a Dockerfile stage") }
            if splitImage(image).name.split(separator: "/").last.map(String.init) != target {
                problems.append("compose \(name): image \(image) is not named after its target \(target)")
            }
            imageOfTarget[target, default: []].insert(image)
            let context = deployDirectory.appendingPathComponent(build["context"] as? String ?? ".")
            let path = context.appendingPathComponent(build["dockerfile"] as? String ?? "Dockerfile").standardizedFileURL.path
            if path != deployDirectory.appendingPathComponent("Dockerfile").standardizedFileURL.path {
                problems.append("compose \(name): builds \(path), not deploy/Dockerfile")
            }
        }
        for (target, images) in imageOfTarget where images.count > 1 {
            problems.append("compose: target \(target) is published under several names: \(images.sorted())")
        }
        guard let merchantImage = imageOfTarget["merchant"]?.first else { return problems + ["compose: nothing builds the merchant target"] }

        // The service's containers: environment, command, health check.
        var servePorts = [String: Int]()
        var serveEnvironments = [String: [String: String]]()
        var migrateServices = [String]()
        for (name, value) in services.sorted(by: { $0.key < $1.key }) {
            guard let service = value as? [String: Any], service["image"] as? String == merchantImage else { continue }
            let command = commandWords(service["command"])
            let subcommand = command.first ?? "serve"
            if !facts.subcommands.contains(subcommand) { problems.append("compose \(name): \(subcommand) is not a merchant subcommand") }
            let environment = composeEnvironment(service)
            let (found, configuration) = environmentProblems("compose \(name)", environment, subcommand: subcommand, facts)
            problems += found
            if subcommand == "migrate" { migrateServices.append(name) }
            guard subcommand == "serve", let configuration else { continue }
            servePorts[name] = configuration.httpPort
            serveEnvironments[name] = environment
            if configuration.httpHost != "0.0.0.0" { problems.append("compose \(name): HTTP_HOST is not 0.0.0.0") }
            if let test = (service["healthcheck"] as? [String: Any])?["test"] {
                problems += urlProblems(
                    "compose \(name) healthcheck", in: commandWords(test).joined(separator: " "),
                    port: configuration.httpPort, env: environment, paths: facts.healthPaths)
            }
        }
        if servePorts.count < 2 { problems.append("compose: \(servePorts.count) serve replicas, expected at least two") }
        if migrateServices.count != 1 { problems.append("compose: expected one migrate service, found \(migrateServices)") }
        for name in servePorts.keys.sorted() {
            let dependsOn = dependencies((services[name] as? [String: Any])?["depends_on"])
            for migrate in migrateServices where dependsOn[migrate] != "service_completed_successfully" {
                problems.append("compose \(name): does not wait for \(migrate) to complete")
            }
        }

        // The proxy: nginx.conf's upstream lists every replica on its HTTP_PORT.
        let nginx = m.text("nginx.conf")
        let upstream = matches(#"(?m)^\s*server\s+([A-Za-z0-9_.-]+:\d+)"#, in: nginx)
        let upstreamServers = Dictionary(
            upstream.map { s -> (String, Int) in
                let parts = s.split(separator: ":")
                return (String(parts[0]), Int(parts[1]) ?? 0)
            }
        ) { a, _ in a }
        for (name, port) in servePorts.sorted(by: { $0.key < $1.key }) {
            if let upstreamPort = upstreamServers[name] {
                if upstreamPort != port { problems.append("nginx.conf: upstream \(name):\(upstreamPort), but its HTTP_PORT is \(port)") }
            } else {
                problems.append("nginx.conf: the upstream does not list the replica \(name)")
            }
        }
        for (host, port) in upstreamServers where servePorts[host] == nil {
            problems.append("nginx.conf: upstream server \(host):\(port) is not a serve replica in compose")
        }
        let listen = matches(#"(?m)^\s*listen\s+(\d+)"#, in: nginx).compactMap(Int.init)
        let proxies = services.filter {
            (($0.value as? [String: Any])?["volumes"] as? [Any])?.contains { ($0 as? String)?.hasPrefix("./nginx.conf:") == true } == true
        }
        guard let (proxyName, proxyValue) = proxies.first, let proxy = proxyValue as? [String: Any] else {
            return problems + ["compose: no proxy service mounts ./nginx.conf"]
        }
        let published = (proxy["ports"] as? [Any] ?? []).compactMap { scalar($0) }
            .compactMap { $0.split(separator: ":").last.flatMap { Int($0.split(separator: "/")[0]) } }
        for port in published where !listen.contains(port) {
            problems.append("compose \(proxyName): publishes container port \(port), nginx listens on \(listen)")
        }
        let proxyDepends = dependencies(proxy["depends_on"])
        for name in servePorts.keys.sorted() where proxyDepends[name] == nil {
            problems.append("compose \(proxyName): does not depend on \(name)")
        }

        // The sandbox: the same keys as the service, reachable at WOOSHPAY_API_BASE, webhooks
        // to the proxy on a route the service registers.
        guard let sandboxImage = imageOfTarget["wooshpay-sandbox"]?.first,
            let (sandboxName, sandboxValue) = services.first(where: { ($0.value as? [String: Any])?["image"] as? String == sandboxImage }),
            let sandbox = sandboxValue as? [String: Any]
        else { return problems }
        let words = commandWords(sandbox["command"])
        var flags = facts.sandboxDefaults
        for (i, word) in words.enumerated() where word.hasPrefix("--") && i + 1 < words.count { flags[word] = words[i + 1] }
        if flags["--host"] != "0.0.0.0" { problems.append("compose \(sandboxName): --host is not 0.0.0.0, other containers cannot reach it") }
        for (name, environment) in serveEnvironments.sorted(by: { $0.key < $1.key }) {
            for (flag, key) in [
                ("--secret-key", "WOOSHPAY_SECRET_KEY"), ("--publishable-key", "WOOSHPAY_PUBLISHABLE_KEY"),
                ("--webhook-secret", "WOOSHPAY_WEBHOOK_SECRET"),
            ] where environment[key] != flags[flag] {
                problems.append("compose: \(sandboxName) \(flag) differs from \(name)'s \(key)")
            }
            let api = URLComponents(string: environment["WOOSHPAY_API_BASE"] ?? "")
            if api?.host != sandboxName || api?.port.map(String.init) != flags["--port"] {
                problems.append("compose \(name): WOOSHPAY_API_BASE is not http://\(sandboxName):\(flags["--port"] ?? "?")")
            }
        }
        if let hook = flags["--webhook-url"].flatMap(URLComponents.init(string:)) {
            if hook.host != proxyName || !(hook.port.map(listen.contains) ?? false) {
                problems.append("compose \(sandboxName): --webhook-url does not reach \(proxyName) on a port nginx listens on")
            }
            if !facts.postRoutes.contains(hook.path) {
                problems.append("compose \(sandboxName): --webhook-url path \(hook.path) is not a POST route")
            }
        } else {
            problems.append("compose \(sandboxName): no --webhook-url")
        }
        return problems
    }
}
