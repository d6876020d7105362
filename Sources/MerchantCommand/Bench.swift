import ArgumentParser
import Foundation
import MerchantServer
import OrderDomain
import PostgresStore
import Workers

/// `merchant bench-tick`: times sync-poller ticks for `make bench` (scripts/bench.sh).
///
/// Builds the same `SyncPoller` the service runs (same queue, same sync path over the
/// configured gateway), with the batch raised to `--batch` so one tick can take every due
/// attempt, runs `--ticks` ticks back to back and prints one JSON line per tick:
/// `{"tick":1,"claimed":1000,"synced":1000,"expired_orders":0,"seconds":1.234}`.
/// Nothing is made due here: the caller sets `next_sync_at` before each run. A measurement
/// hook only; the service never runs it.
struct BenchTick: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-tick",
        abstract: "Benchmark hook: time sync-poller ticks over the due payment attempts (make bench).")

    @Option(help: "Most attempts one tick claims (the service's SYNC_BATCH is capped at 500; this is not).")
    var batch: Int = 1000

    @Option(help: "Ticks to run back to back.")
    var ticks: Int = 1

    func run() async throws {
        guard (1...100_000).contains(batch), (1...100).contains(ticks) else {
            Startup.fail("--batch must be 1-100000 and --ticks 1-100", exit: false)
            throw ExitCode(2)
        }
        let configuration = Startup.configuration()
        let lines = try await Startup.withDatabase(configuration) { configuration, pool, logger in
            let services = PaymentServices.live(configuration: configuration, pool: pool, logger: logger)
            var settings = configuration.settlement
            settings.batchSize = batch
            let poller = services.syncPoller(settings: settings, pool: pool, logger: logger)
            // Open every pool connection first, so a tick does not pay for connecting.
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<configuration.databasePoolSize {
                    group.addTask { _ = try? await pool.withConnection { conn in _ = try conn.query("SELECT 1") } }
                }
            }
            var lines: [String] = []
            let clock = ContinuousClock()
            for n in 1...ticks {
                let start = clock.now
                let report = await poller.tick()
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                lines.append(
                    "{\"tick\":\(n),\"claimed\":\(report.claimed),\"synced\":\(report.synced),"
                        + "\"expired_orders\":\(report.expiredOrders),\"seconds\":\(String(format: "%.4f", seconds))}")
            }
            return lines
        }
        for line in lines { print(line) }
    }
}
