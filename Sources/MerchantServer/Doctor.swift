import CryptoPrimitives
import Foundation
import Logging
import OrderDomain
import PostgresStore
import WooshPayGateway

/// `merchant doctor`: checks a deployment's configuration, database, migrations, WooshPay
/// keys and webhook set-up, and says what is wrong in plain words, with what to do.
public enum Doctor {
    /// One finding.
    public struct Check: Sendable, Equatable {
        /// `ok`, `warn` (works, but look at it) or `fail` (it will not work).
        public enum Outcome: String, Sendable { case ok, warn, fail }
        /// What was checked: `configuration`, `database`, `migrations`, `wooshpay`, `webhooks`, `notifications`.
        public var area: String
        /// The result.
        public var outcome: Outcome
        /// What was found, and for a problem what to do.
        public var detail: String
    }

    /// Every check of `environment`, in order; later checks are skipped (and say so) when
    /// what they need is missing.
    public static func run(
        environment: [String: String], logger: Logger,
        gateway: ((ServerConfiguration) -> any PaymentGateway)? = nil
    ) async -> [Check] {
        var checks: [Check] = []
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration(environment: environment)
        } catch {
            return error.problems.map { Check(area: "configuration", outcome: .fail, detail: $0) }
                + [Check(area: "database", outcome: .fail, detail: "not checked: fix the configuration first")]
        }
        let serving = configuration.problemsForServing()
        checks += serving.map { Check(area: "configuration", outcome: .fail, detail: $0) }
        if serving.isEmpty {
            checks.append(
                Check(
                    area: "configuration", outcome: .ok,
                    detail: "every key is valid (\(ServerConfiguration.keys.filter { environment[$0] != nil }.count) set)"))
        }
        checks += await database(configuration, logger: logger)
        if serving.isEmpty {
            checks.append(await wooshPay(configuration, gateway: gateway?(configuration) ?? makeGateway(configuration, logger: logger, retries: 0)))
        } else {
            checks.append(Check(area: "wooshpay", outcome: .fail, detail: "not checked: the WooshPay keys are missing"))
        }
        checks += webhooks(configuration)
        checks += notifications(configuration)
        return checks
    }

    /// Connects, then compares the migrations on disk with those applied.
    static func database(_ configuration: ServerConfiguration, logger: Logger) async -> [Check] {
        var poolConfiguration = PostgresPool.Configuration(connectionString: configuration.databaseURL, size: 1)
        poolConfiguration.connectTimeoutSeconds = 5
        let pool = PostgresPool(configuration: poolConfiguration, logger: logger)
        defer { pool.close() }
        let where_ = configuration.databaseURL.isEmpty ? "the PG* variables" : redactedURL(configuration.databaseURL)
        do {
            let version = try await pool.withConnection { conn in
                try conn.query("SHOW server_version").first?.decode("server_version", as: String.self) ?? "?"
            }
            var checks = [Check(area: "database", outcome: .ok, detail: "connected to PostgreSQL \(version) at \(where_)")]
            checks.append(await migrations(configuration, pool: pool, logger: logger))
            return checks
        } catch {
            return [
                Check(
                    area: "database", outcome: .fail,
                    detail:
                        "cannot connect to PostgreSQL at \(where_): \(error). Check DATABASE_URL (host, port, user, password, database) and that the server runs."
                ),
                Check(area: "migrations", outcome: .fail, detail: "not checked: no database"),
            ]
        }
    }

    static func migrations(_ configuration: ServerConfiguration, pool: PostgresPool, logger: Logger) async -> Check {
        let migrator: Migrator
        do {
            migrator = try Migrator(pool: pool, directory: configuration.migrationsDirectory, logger: logger)
        } catch {
            return Check(
                area: "migrations", outcome: .fail,
                detail:
                    "cannot read the migrations in \(configuration.migrationsDirectory) (\(error)); set MIGRATIONS_DIR to the folder of NNNN_name.sql files"
            )
        }
        do {
            let drift = try await migrator.drift()
            if !drift.edited.isEmpty {
                return Check(
                    area: "migrations", outcome: .fail,
                    detail:
                        "applied migrations were edited since: \(drift.edited.map(\.name).joined(separator: ", ")); restore the files as they were applied (schema changes go in new files)"
                )
            }
            if !drift.pending.isEmpty {
                return Check(
                    area: "migrations", outcome: .fail,
                    detail:
                        "\(drift.pending.count) not applied (\(drift.pending.map(\.name).joined(separator: ", "))); run `merchant migrate` or `merchant serve --migrate`"
                )
            }
            if !drift.unknown.isEmpty {
                return Check(
                    area: "migrations", outcome: .warn,
                    detail:
                        "the database has versions this build does not know (\(drift.unknown.map(String.init).joined(separator: ", "))): is this binary older than the schema?"
                )
            }
            return Check(area: "migrations", outcome: .ok, detail: "all \(drift.files.count) applied, up to \(drift.files.last?.name ?? "none")")
        } catch {
            return Check(area: "migrations", outcome: .fail, detail: "cannot read schema_migrations: \(error)")
        }
    }

    /// One list call with the secret key: proves the host answers and the key is accepted.
    static func wooshPay(_ configuration: ServerConfiguration, gateway: any PaymentGateway) async -> Check {
        let base = configuration.wooshPay.apiBase
        do {
            _ = try await gateway.listPaymentIntents(PaymentIntentListQuery(pageSize: 1, maxResults: 1))
            let mode = configuration.wooshPay.secretKey.hasPrefix("sk_live") ? "live" : "test"
            return Check(area: "wooshpay", outcome: .ok, detail: "\(base) accepted the \(mode) secret key")
        } catch .authentication, .permission {
            return Check(
                area: "wooshpay", outcome: .fail,
                detail: "\(base) refused WOOSHPAY_SECRET_KEY: copy the secret key (sk_...) of this account and mode from WooshPay's dashboard")
        } catch .notDelivered(let reason) {
            return Check(
                area: "wooshpay", outcome: .fail,
                detail: "cannot reach \(base) (\(reason)): check WOOSHPAY_API_BASE, DNS, and outbound HTTPS from this host")
        } catch {
            return Check(
                area: "wooshpay", outcome: .fail,
                detail: "\(base) answered but not as expected (\(error.summary)); try again, then check WooshPay's status page")
        }
    }

    /// What can be checked of the webhook set-up from here (WooshPay cannot be asked).
    static func webhooks(_ configuration: ServerConfiguration) -> [Check] {
        let secret = configuration.wooshPay.webhookSecrets.first ?? ""
        let endpoint = configuration.publicBaseURL + "/webhooks/wooshpay"
        var checks: [Check] = []
        if secret.isEmpty {
            checks.append(
                Check(
                    area: "webhooks", outcome: .fail,
                    detail: "WOOSHPAY_WEBHOOK_SECRET is not set: every webhook will be refused (payments still settle by polling, slowly)"))
        } else {
            // Our signing and verification agree on a sample (the same code path as a delivery).
            let body = Array(
                #"{"id":"evt_doctor","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_doctor","object":"payment_intent","status":"succeeded","amount":1,"currency":"usd"}}}"#
                    .utf8)
            let now = Int64(Date().timeIntervalSince1970)
            let header = WebhookSignature.header(secret: secret, timestamp: now, body: body)
            let verifier = WooshPayWebhookVerifier(secrets: [WooshPaySecret(secret)], tolerance: .seconds(300))
            let verifies = (try? verifier.verify(rawBody: body, signatureHeader: header, now: GatewayTimestamp(epochSeconds: now))) != nil
            checks.append(
                Check(
                    area: "webhooks", outcome: verifies ? .ok : .fail,
                    detail: verifies
                        ? "the webhook secret is set (\(secret.hasPrefix("whsec_") ? "whsec_..." : "no whsec_ prefix"), \(secret.count) characters); WooshPay's dashboard must send to \(endpoint) with the same secret"
                        : "a sample signed with WOOSHPAY_WEBHOOK_SECRET does not verify: report this as a bug"))
        }
        if let host = URLComponents(string: configuration.publicBaseURL)?.host, ["127.0.0.1", "localhost", "::1"].contains(host),
            !configuration.wooshPay.apiBase.contains("127.0.0.1"), !configuration.wooshPay.apiBase.contains("localhost")
        {
            checks.append(
                Check(
                    area: "webhooks", outcome: .warn,
                    detail:
                        "PUBLIC_BASE_URL is \(configuration.publicBaseURL): WooshPay cannot reach it for webhooks or send customers back to it; set the public https origin"
                ))
        }
        return checks
    }

    static func notifications(_ configuration: ServerConfiguration) -> [Check] {
        let urls = configuration.notifications.settings.urls
        guard !urls.isEmpty else {
            return [
                Check(
                    area: "notifications", outcome: .warn,
                    detail:
                        "NOTIFY_WEBHOOK_URLS is not set: order events wait in the outbox (see /v1/admin/notifications) until an endpoint is configured"
                )
            ]
        }
        return [Check(area: "notifications", outcome: .ok, detail: "\(urls.count) endpoint(s), signed with NOTIFY_WEBHOOK_SECRET")]
    }

    /// The connection string without its password.
    static func redactedURL(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "the configured DATABASE_URL" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "the configured DATABASE_URL"
    }
}
