import ArgumentParser
import Foundation
import MerchantServer
import OrderDomain
import PostgresStore

/// `merchant webhooks replay` (WooshPay's events in our inbox: processed again through the
/// normal path) and `merchant notifications replay` (our notifications to the merchant's
/// systems: sent again to every endpoint), by id or every `failed` one. The same as the
/// admin API's replay endpoints; audited as `cli`.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Replay WooshPay webhook events from the inbox.", subcommands: [Replay.self])

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make inbox events due again (by id, or every failed one); the running service processes them.")

        @OptionGroup var selection: ReplaySelection

        func run() async throws {
            let ids = try selection.validated()
            try await Startup.withDatabase { _, pool, _ in
                let inbox = PostgresWebhookInbox(pool: pool)
                let chosen =
                    selection.failed
                    ? try await inbox.events(WebhookEventListQuery(status: .failed, limit: 100)).items.map(\.id) : ids
                try await ReplaySelection.replay(chosen, what: "webhook event") { try await inbox.replay(id: $0, cause: .cli) != nil }
            }
        }
    }
}

struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "Replay notifications to the merchant's endpoints.", subcommands: [Replay.self])

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send notifications again to every endpoint (by id, or every failed one); the running service sends them.")

        @OptionGroup var selection: ReplaySelection

        func run() async throws {
            let ids = try selection.validated()
            try await Startup.withDatabase { _, pool, _ in
                let store = PostgresNotificationStore(pool: pool)
                let chosen =
                    selection.failed
                    ? try await store.notifications(OrderNotificationQuery(status: .failed, limit: 100)).items.map(\.id) : ids
                try await ReplaySelection.replay(chosen, what: "notification") { try await store.replay(id: $0, cause: .cli) != nil }
            }
        }
    }
}

/// Ids, or `--failed` (up to 100 at a time).
struct ReplaySelection: ParsableArguments {
    @Flag(help: "Replay every failed one (up to 100 per run).")
    var failed = false

    @Argument(help: "Ids (evt_...).")
    var ids: [String] = []

    func validated() throws -> [String] {
        guard failed != !ids.isEmpty else { throw ValidationError("give ids or --failed (not both)") }
        return ids
    }

    /// Replays each id, prints one line each; exit 1 when any was unknown.
    static func replay(_ ids: [String], what: String, _ one: (String) async throws -> Bool) async throws {
        var unknown = 0
        for id in ids {
            if try await one(id) {
                print("replayed \(what) \(id)")
            } else {
                print("no such \(what): \(id)")
                unknown += 1
            }
        }
        if ids.isEmpty { print("nothing to replay") }
        if unknown > 0 { throw ExitCode.failure }
    }
}
