import ArgumentParser
import Foundation
import Logging
import MerchantServer

/// `merchant doctor`: checks configuration, database, migrations, WooshPay keys and the
/// webhook set-up, one line each, and says what to do about each problem. Exit 0 when
/// nothing fails (warnings allowed), 1 otherwise.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check configuration, database, migrations, WooshPay keys and webhooks; say what is wrong.")

    func run() async throws {
        var logger = Logger(label: "merchant-doctor")
        logger.logLevel = .critical
        let checks = await Doctor.run(environment: ProcessInfo.processInfo.environment, logger: logger)
        for check in checks {
            print(
                "\(check.outcome.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0))\(check.area.padding(toLength: 15, withPad: " ", startingAt: 0))\(check.detail)"
            )
        }
        let failed = checks.filter { $0.outcome == .fail }.count
        print(failed == 0 ? "\nno problems found" : "\n\(failed) problem(s): fix the FAIL lines above")
        if failed > 0 { throw ExitCode.failure }
    }
}
