import Foundation
import Testing

// MARK: - Mutations (proof that the checks can fail)

/// One deliberate defect in one file and the text its problem line must contain.
struct Mutation: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    var find: String
    var replacement: String
    var expected: String
    var testDescription: String { name }

    static let all: [Mutation] = [
        .init(
            name: "unknown key in the ConfigMap", file: "k8s/configmap.yaml",
            find: "  LOG_LEVEL: info\n", replacement: "  LOG_LEVEL: info\n  LOG_COLOUR: always\n", expected: "LOG_COLOUR"),
        .init(
            name: "unquoted number in the ConfigMap", file: "k8s/configmap.yaml",
            find: "HTTP_PORT: \"8080\"", replacement: "HTTP_PORT: 8080", expected: "not a string"),
        .init(
            name: "secret without the webhook secret", file: "k8s/secret.example.yaml",
            find: "  WOOSHPAY_WEBHOOK_SECRET: whsec_REPLACE_ME\n", replacement: "", expected: "WOOSHPAY_WEBHOOK_SECRET is required"),
        .init(
            name: "invalid value in the Secret", file: "k8s/secret.example.yaml",
            find: "WOOSHPAY_SECRET_KEY: sk_test_REPLACE_ME", replacement: "WOOSHPAY_SECRET_KEY: REPLACE_ME", expected: "WOOSHPAY_SECRET_KEY must be"),
        .init(
            name: "readiness probe on a route that does not exist", file: "k8s/deployment.yaml",
            find: "path: /health/ready", replacement: "path: /healthz", expected: "/healthz"),
        .init(
            name: "liveness probe on readiness", file: "k8s/deployment.yaml",
            find: "path: /health/live\n              port: http\n            initialDelaySeconds",
            replacement: "path: /health/ready\n              port: http\n            initialDelaySeconds", expected: "livenessProbe"),
        .init(
            name: "init container that serves", file: "k8s/deployment.yaml",
            find: "args: [\"migrate\"]", replacement: "args: [\"serve\"]", expected: "an init container running serve"),
        .init(
            name: "container port other than HTTP_PORT", file: "k8s/deployment.yaml",
            find: "containerPort: 8080", replacement: "containerPort: 8081", expected: "containerPort 8081"),
        .init(
            name: "Kubernetes image other than the compose image", file: "k8s/deployment.yaml",
            find: "image: merchant-backend/merchant:0.1.0", replacement: "image: merchant-backend/merchant:0.2.0", expected: "merchant:0.2.0"),
        .init(
            name: "Secret name the Deployment cannot find", file: "k8s/deployment.yaml",
            find: "name: merchant-secrets", replacement: "name: merchant-secret", expected: "merchant-secret"),
        .init(
            name: "Service port that names no container port", file: "k8s/service.yaml",
            find: "targetPort: http", replacement: "targetPort: web", expected: "targetPort"),
        .init(
            name: "HPA on a missing Deployment", file: "k8s/hpa.yaml",
            find: "    name: merchant\n  minReplicas", replacement: "    name: merchants\n  minReplicas", expected: "merchants"),
        .init(
            name: "manifest left out of kustomization", file: "k8s/kustomization.yaml",
            find: "  - hpa.yaml\n", replacement: "", expected: "hpa.yaml"),
        .init(
            name: "compose replica on another port", file: "docker-compose.yml",
            find: "HTTP_PORT: \"8080\"", replacement: "HTTP_PORT: \"9090\"", expected: "9090"),
        .init(
            name: "compose key the service does not read", file: "docker-compose.yml",
            find: "    LOG_LEVEL: info\n", replacement: "    LOG_LEVEL: info\n    WOOSHPAY_API_KEY: sk_test_x\n", expected: "WOOSHPAY_API_KEY"),
        .init(
            name: "compose image not named after its target", file: "docker-compose.yml",
            find: "image: merchant-backend/wooshpay-sandbox:0.1.0", replacement: "image: merchant-backend/sandbox:0.1.0", expected: "sandbox:0.1.0"),
        .init(
            name: "compose sandbox with other keys than the service", file: "docker-compose.yml",
            find: "      - --webhook-secret\n      - whsec_sandbox", replacement: "      - --webhook-secret\n      - whsec_other",
            expected: "--webhook-secret"),
        .init(
            name: "compose health check on a missing route", file: "docker-compose.yml",
            find: "http://127.0.0.1:8080/health/ready", replacement: "http://127.0.0.1:8080/ready", expected: "/ready"),
        .init(
            name: "chaos switch in a deployment", file: "docker-compose.yml",
            find: "    LOG_LEVEL: info\n", replacement: "    LOG_LEVEL: info\n    CHAOS_BREAK: gateway_new_key_on_retry\n", expected: "CHAOS_BREAK"),
        .init(
            name: "proxy upstream on the wrong port", file: "nginx.conf",
            find: "server merchant-2:8080", replacement: "server merchant-2:8081", expected: "merchant-2:8081"),
        .init(
            name: "proxy missing a replica", file: "nginx.conf",
            find: "        server merchant-2:8080 resolve max_fails=2 fail_timeout=5s;\n", replacement: "", expected: "merchant-2"),
        .init(
            name: "runtime image without libpq5", file: "Dockerfile",
            find: "install -y -q --no-install-recommends libpq5 ", replacement: "install -y -q --no-install-recommends ", expected: "libpq5"),
        .init(
            name: "runtime image running as root", file: "Dockerfile",
            find: "EXPOSE 8080\nUSER 10001:10001", replacement: "EXPOSE 8080\nUSER root", expected: "root"),
        .init(
            name: "build without the static Swift runtime", file: "Dockerfile",
            find: "swift build -c release --static-swift-stdlib --product merchant", replacement: "swift build -c release --product merchant",
            expected: "--static-swift-stdlib"),
        .init(
            name: "migrations copied elsewhere than MIGRATIONS_DIR", file: "Dockerfile",
            find: "COPY migrations /app/migrations", replacement: "COPY migrations /srv/migrations", expected: "MIGRATIONS_DIR"),
        .init(
            name: "resource bundle not copied", file: "Dockerfile",
            find: " && cp -R \"$bin/merchant-backend_HTTPAPI.resources\" /staging/merchant/ \\\n", replacement: "",
            expected: "merchant-backend_HTTPAPI.resources"),
        .init(
            name: "build image not Swift 6 on bookworm", file: "Dockerfile",
            find: "ARG SWIFT_IMAGE=swift:6.3-bookworm", replacement: "ARG SWIFT_IMAGE=swift:5.10-jammy", expected: "swift:5.10-jammy"),
        .init(
            name: "systemd environment with a misspelt key", file: "systemd/merchant.env.example",
            find: "LOG_LEVEL=info", replacement: "LOGLEVEL=info", expected: "LOGLEVEL"),
        .init(
            name: "systemd unit running as root", file: "systemd/merchant.service",
            find: "User=merchant", replacement: "User=root", expected: "User"),
        .init(
            name: "systemd unit reading another environment file", file: "systemd/merchant.service",
            find: "EnvironmentFile=/etc/merchant/merchant.env", replacement: "EnvironmentFile=/etc/merchant/env", expected: "EnvironmentFile"),
    ]
}
