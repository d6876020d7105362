import ArgumentParser
import Foundation
import MerchantServer
import OrderDomain
import PostgresStore

/// `merchant customers ...`: the customer's rights over the data we keep about them.
struct Customers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Act on a customer's personal data.",
        subcommands: [Erase.self])

    /// `merchant customers erase --email X`.
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a customer's name, e-mail and metadata from every order of that e-mail (amounts, ids and statuses stay).")

        @Option(help: "The customer's e-mail address (matched case-insensitively).")
        var email: String

        func run() async throws {
            let report = try await Startup.withDatabase { _, pool, _ in
                try await PostgresCustomerEraser(pool: pool).erase(email: email, actor: .cli)
            }
            print("erased \(report.orderIDs.count) order(s)")
            // The details on stderr, so stdout stays one line for scripts.
            FileHandle.standardError.write(
                Data(
                    """
                    order events: \(report.orderEvents), notifications: \(report.notifications), \
                    webhook events: \(report.webhookEvents), cached answers dropped: \(report.idempotencyRecords); \
                    audited as customer.erased\n
                    """.utf8))
        }
    }
}
