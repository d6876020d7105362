import Foundation
import MerchantServer

// MARK: - Kubernetes

extension Deploy {
    static func labelsMatch(_ selector: Any?, _ labels: [String: Any]) -> Bool {
        guard let selector = selector as? [String: Any], !selector.isEmpty else { return false }
        return selector.allSatisfy { scalar(labels[$0.key]) == scalar($0.value) }
    }

    static func kubernetesProblems(_ m: Manifests, _ facts: ServiceFacts) -> [String] {
        var problems = [String]()
        var objects = [(file: String, object: [String: Any])]()
        for file in m.kubernetesFiles {
            do {
                for document in try documents(m.text(file)) { objects.append((file, document)) }
            } catch { problems.append("\(file): does not parse: \(error)") }
        }
        func kind(_ k: String) -> [(file: String, object: [String: Any], name: String)] {
            objects.filter { $0.object["kind"] as? String == k }
                .map { ($0.file, $0.object, (($0.object["metadata"] as? [String: Any])?["name"] as? String) ?? "") }
        }
        for (file, object) in objects where object["kind"] as? String != "Kustomization" {
            if object["apiVersion"] as? String == nil || ((object["metadata"] as? [String: Any])?["name"] as? String)?.isEmpty != false {
                problems.append("\(file): an object without apiVersion or metadata.name")
            }
        }
        guard let merchantImage = merchantImage(m) else { return problems + ["k8s: compose names no merchant image to compare with"] }

        // Kustomization: every manifest but those marked as left out, and the image compose builds.
        if let kustomization = kind("Kustomization").first {
            let listed = Set((kustomization.object["resources"] as? [Any] ?? []).compactMap { $0 as? String }.map { "k8s/" + $0 })
            let expected = Set(
                m.kubernetesFiles.filter {
                    !$0.hasSuffix("kustomization.yaml") && !m.text($0).hasPrefix("# Not in kustomization.yaml")
                })
            for file in expected.subtracting(listed).sorted() { problems.append("kustomization.yaml: \(file) is not in resources") }
            for file in listed.subtracting(m.kubernetesFiles).sorted() { problems.append("kustomization.yaml: \(file) does not exist") }
            for image in kustomization.object["images"] as? [Any] ?? [] {
                guard let image = image as? [String: Any] else { continue }
                let (name, tag) = splitImage(merchantImage)
                if image["name"] as? String != name { problems.append("kustomization.yaml: image \(image["name"] ?? "") is not \(name)") }
                if let newTag = scalar(image["newTag"]), newTag != tag { problems.append("kustomization.yaml: newTag \(newTag) is not \(tag)") }
            }
        } else {
            problems.append("k8s: no kustomization.yaml")
        }

        // ConfigMaps and Secrets: string values only (the API refuses others).
        var configMaps = [String: [String: String]]()
        var secrets = [String: [String: String]]()
        for (file, object, name) in kind("ConfigMap") {
            var data = [String: String]()
            for (key, value) in object["data"] as? [String: Any] ?? [:] {
                if let s = value as? String { data[key] = s } else { problems.append("\(file): \(key) is not a string (quote it)") }
            }
            configMaps[name] = data
        }
        for (file, object, name) in kind("Secret") {
            var data = [String: String]()
            for (key, value) in object["stringData"] as? [String: Any] ?? [:] {
                if let s = value as? String { data[key] = s } else { problems.append("\(file): \(key) is not a string (quote it)") }
            }
            for (key, value) in object["data"] as? [String: Any] ?? [:] {
                if let s = value as? String, let decoded = Data(base64Encoded: s).flatMap({ String(data: $0, encoding: .utf8) }) {
                    data[key] = decoded
                } else {
                    problems.append("\(file): \(key) is not base64")
                }
            }
            secrets[name] = data
        }

        // Workloads running the merchant image.
        var servingDeployments = [(name: String, labels: [String: Any], ports: [String: Int], httpPort: Int)]()
        var migrateJobs = 0
        for (file, object, name) in kind("Deployment") + kind("Job") {
            let spec = object["spec"] as? [String: Any] ?? [:]
            let template = spec["template"] as? [String: Any] ?? [:]
            let labels = (template["metadata"] as? [String: Any])?["labels"] as? [String: Any] ?? [:]
            let pod = template["spec"] as? [String: Any] ?? [:]
            if object["kind"] as? String == "Deployment", !labelsMatch((spec["selector"] as? [String: Any])?["matchLabels"], labels) {
                problems.append("\(file): Deployment \(name)'s selector does not match its pod labels")
            }
            let initContainers = (pod["initContainers"] as? [Any] ?? []).map { ($0, true) }
            for (container, isInit) in initContainers + (pod["containers"] as? [Any] ?? []).map({ ($0, false) }) {
                guard let container = container as? [String: Any] else { continue }
                let cname = "\(file) \(name)/\(container["name"] as? String ?? "?")"
                let image = container["image"] as? String ?? ""
                guard splitImage(image).name.split(separator: "/").last == "merchant" else { continue }
                if image != merchantImage { problems.append("\(cname): image \(image) is not \(merchantImage) (compose)") }
                if container["command"] != nil { problems.append("\(cname): overrides the image's ENTRYPOINT") }
                let nonRoot =
                    ((pod["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool) == true
                    || ((container["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool) == true
                if !nonRoot { problems.append("\(cname): runAsNonRoot is not set") }
                var environment = [String: String]()
                for source in container["envFrom"] as? [Any] ?? [] {
                    let source = source as? [String: Any] ?? [:]
                    if let ref = (source["configMapRef"] as? [String: Any])?["name"] as? String {
                        if let data = configMaps[ref] { environment.merge(data) { $1 } } else { problems.append("\(cname): no ConfigMap \(ref)") }
                    }
                    if let ref = (source["secretRef"] as? [String: Any])?["name"] as? String {
                        if let data = secrets[ref] { environment.merge(data) { $1 } } else { problems.append("\(cname): no Secret \(ref)") }
                    }
                }
                for variable in container["env"] as? [Any] ?? [] {
                    guard let variable = variable as? [String: Any], let key = variable["name"] as? String else { continue }
                    if let value = variable["value"] as? String {
                        environment[key] = value
                    } else {
                        problems.append("\(cname): env \(key) has no string value")
                    }
                }
                let subcommand = commandWords(container["args"]).first ?? "serve"
                if !facts.subcommands.contains(subcommand) { problems.append("\(cname): \(subcommand) is not a merchant subcommand") }
                let (found, configuration) = environmentProblems(cname, environment, subcommand: subcommand, facts)
                problems += found
                if subcommand == "migrate" {
                    if object["kind"] as? String == "Job" {
                        migrateJobs += 1
                    } else if !isInit {
                        problems.append("\(cname): migrate belongs in a Job or an init container")
                    }
                }
                if isInit, subcommand != "migrate" { problems.append("\(cname): an init container running \(subcommand)") }
                guard subcommand == "serve", !isInit, let configuration else { continue }
                if object["kind"] as? String != "Deployment" { problems.append("\(cname): serve belongs in a Deployment") }
                if configuration.httpHost != "0.0.0.0" { problems.append("\(cname): HTTP_HOST is not 0.0.0.0") }
                var ports = [String: Int]()
                for port in container["ports"] as? [Any] ?? [] {
                    let port = port as? [String: Any] ?? [:]
                    let number = port["containerPort"] as? Int ?? -1
                    if number != configuration.httpPort {
                        problems.append("\(cname): containerPort \(number) is not HTTP_PORT \(configuration.httpPort)")
                    }
                    if let portName = port["name"] as? String { ports[portName] = number }
                }
                if ports.isEmpty { problems.append("\(cname): no named container port") }
                func probe(_ key: String, _ allowed: Set<String>, required: Bool) {
                    guard let probe = container[key] as? [String: Any] else {
                        if required { problems.append("\(cname): no \(key)") }
                        return
                    }
                    guard let get = probe["httpGet"] as? [String: Any], let path = get["path"] as? String else {
                        problems.append("\(cname): \(key) is not an httpGet probe")
                        return
                    }
                    if !allowed.contains(path) { problems.append("\(cname): \(key) path \(path) is not one of \(allowed.sorted())") }
                    let port = (get["port"] as? Int) ?? (get["port"] as? String).flatMap { ports[$0] }
                    if port != configuration.httpPort { problems.append("\(cname): \(key) port \(get["port"] ?? "") is not HTTP_PORT") }
                }
                probe("readinessProbe", facts.readinessPaths, required: true)
                probe("livenessProbe", facts.livenessPaths, required: true)
                probe("startupProbe", facts.livenessPaths, required: false)
                servingDeployments.append((name, labels, ports, configuration.httpPort))
            }
        }
        if servingDeployments.isEmpty { problems.append("k8s: no Deployment serves the merchant image") }
        if migrateJobs != 1 { problems.append("k8s: expected one migrate Job, found \(migrateJobs)") }

        // Service, PodDisruptionBudget and HPA point at the serving Deployment.
        for deployment in servingDeployments {
            let services = kind("Service").filter { labelsMatch(($0.object["spec"] as? [String: Any])?["selector"], deployment.labels) }
            if services.isEmpty { problems.append("k8s: no Service selects Deployment \(deployment.name)") }
            for service in services {
                for port in (service.object["spec"] as? [String: Any])?["ports"] as? [Any] ?? [] {
                    let target = (port as? [String: Any])?["targetPort"]
                    let resolved = (target as? Int) ?? (target as? String).flatMap { deployment.ports[$0] }
                    if resolved != deployment.httpPort {
                        problems.append("\(service.file): targetPort \(target ?? "") is not the container port \(deployment.httpPort)")
                    }
                }
            }
            if !kind("PodDisruptionBudget").contains(where: {
                labelsMatch((($0.object["spec"] as? [String: Any])?["selector"] as? [String: Any])?["matchLabels"], deployment.labels)
            }) {
                problems.append("k8s: no PodDisruptionBudget selects Deployment \(deployment.name)")
            }
        }
        let hpas = kind("HorizontalPodAutoscaler")
        if hpas.isEmpty { problems.append("k8s: no HorizontalPodAutoscaler") }
        for hpa in hpas {
            let target = (hpa.object["spec"] as? [String: Any])?["scaleTargetRef"] as? [String: Any] ?? [:]
            let name = target["name"] as? String ?? ""
            if target["kind"] as? String != "Deployment" || !servingDeployments.contains(where: { $0.name == name }) {
                problems.append("\(hpa.file): scales \(target["kind"] ?? "")/\(name), not a serving Deployment")
            }
        }
        return problems
    }
}
