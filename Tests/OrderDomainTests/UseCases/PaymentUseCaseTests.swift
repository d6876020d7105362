import DomainTestSupport
import Synchronization
import Testing

@testable import OrderDomain

/// The start and sync use cases over the strict stub gateway and the in-memory store: which
/// WooshPay calls they make, with which keys, and what the order's ledger records, with no
/// database or network. An endpoint a test does not set fails it if called.
@Suite("Payment use cases over a stub gateway and an in-memory store") struct PaymentUseCaseTests {
    /// Idempotency keys the stub was called with.
    final class Keys: Sendable {
        private let keys = Mutex<[String]>([])
        func add(_ key: String) { keys.withLock { $0.append(key) } }
        var all: [String] { keys.withLock { $0 } }
    }

    static func setUp(_ gateway: StubPaymentGateway) async -> (InMemoryPaymentAttemptStore, PaymentStarter, PaymentSynchronizer) {
        let store = InMemoryPaymentAttemptStore()
        await store.add(Fixture.order(), token: "tok")
        var settings = PaymentSettings()
        settings.maxPaymentFailuresPerOrder = 2
        let calls = AttemptGatewayCalls(store: store, gateway: gateway, publicBaseURL: "https://shop.example")
        return (
            store, PaymentStarter(calls: calls, settings: settings, now: { 0 }),
            PaymentSynchronizer(calls: calls, duplicateRefunds: nil)
        )
    }

    @Test("an SDK start creates one intent under the attempt's key; a sync reading it succeeded pays the order")
    func startThenSync() async throws {
        let keys = Keys()
        var gateway = StubPaymentGateway()
        gateway.createPaymentIntent = { request, key in
            keys.add(key)
            #expect(request.amount == 3000)
            return Fixture.intent(.requiresPaymentMethod)
        }
        gateway.retrievePaymentIntent = { _ in Fixture.intent(.succeeded, received: 3000) }
        let (store, starter, synchronizer) = await Self.setUp(gateway)
        let started = try await starter.start(orderID: "ord_1", clientToken: "tok", request: StartPaymentRequest(mode: .sdk))
        #expect(started.created)
        #expect(keys.all == ["merchant-\(started.attempt.id)"])
        let synced = try await synchronizer.sync(attemptID: started.attempt.id, cause: .webhook(eventID: "evt_1"))
        #expect(synced.status == .succeeded)
        #expect(try await store.order(id: "ord_1")?.status == .paid)
        #expect(await store.eventTypes == ["payment.started", "payment.requires_payment_method", "payment.succeeded", "order.paid"])
        // Paid: a second start is refused before any gateway call (createPaymentIntent would record a second key).
        await #expect { _ = try await starter.start(orderID: "ord_1", clientToken: "tok", request: StartPaymentRequest(mode: .sdk)) } throws: {
            ($0 as? DomainError)?.errorCode == .orderAlreadyPaid
        }
        #expect(keys.all.count == 1)
    }

    @Test("a lost answer leaves the attempt pending; the webhook sync re-sends the same call with the same key")
    func lostAnswer() async throws {
        let keys = Keys()
        var gateway = StubPaymentGateway()
        gateway.createPaymentIntent = { _, key throws(GatewayError) in
            keys.add(key)
            if keys.all.count == 1 { throw .outcomeUnknown(reason: "timeout") }
            return Fixture.intent(.requiresPaymentMethod)
        }
        let (store, starter, synchronizer) = await Self.setUp(gateway)
        var attemptID = ""
        do {
            _ = try await starter.start(orderID: "ord_1", clientToken: "tok", request: StartPaymentRequest(mode: .sdk))
            Issue.record("the lost answer must fail the start")
        } catch let failure as GatewayCallFailure {
            #expect(failure.error.errorCode == .gatewayUnavailable)
            attemptID = failure.attemptID
        }
        #expect(try await store.attempt(id: attemptID)?.status == .pending)
        let synced = try await synchronizer.sync(attemptID: attemptID, cause: .poll)
        #expect(synced.paymentIntentID == "pi_1")
        #expect(keys.all == ["merchant-\(attemptID)", "merchant-\(attemptID)"])
    }

    @Test("the browser paths never re-send a lost creating call")
    func browserDoesNotCreate() async throws {
        var gateway = StubPaymentGateway()
        gateway.createPaymentIntent = { _, _ throws(GatewayError) in throw .outcomeUnknown(reason: "timeout") }
        let (store, starter, _) = await Self.setUp(gateway)
        _ = try? await starter.start(orderID: "ord_1", clientToken: "tok", request: StartPaymentRequest(mode: .sdk))
        let attempt = try #require(try await store.attempts(orderID: "ord_1").first)
        // Nothing else is set on this stub: a create (or any read) from the browser path fails the test.
        let browser = PaymentSynchronizer(
            calls: AttemptGatewayCalls(store: store, gateway: StubPaymentGateway(), publicBaseURL: ""),
            duplicateRefunds: nil, spacing: .init(resendsLostCalls: false))
        #expect(try await browser.sync(attempt, cause: .return).status == .pending)
    }

    @Test("a decline is card_declined to the storefront, counted on the order, and past the cap no call is made")
    func declines() async throws {
        let keys = Keys()
        var gateway = StubPaymentGateway()
        gateway.createPaymentIntent = { _, key throws(GatewayError) in
            keys.add(key)
            throw .cardDeclined(code: "card_declined", declineCode: "stolen_card", message: "Declined.", paymentIntentID: nil, requestID: nil)
        }
        let (store, starter, _) = await Self.setUp(gateway)
        for _ in 0..<2 {
            await #expect { _ = try await starter.start(orderID: "ord_1", clientToken: "tok", request: StartPaymentRequest(mode: .sdk)) } throws: {
                ($0 as? GatewayCallFailure)?.error.errorCode == .cardDeclined
                    && ($0 as? GatewayCallFailure)?.error.message.contains("stolen") == false
            }
        }
        #expect(try await store.order(id: "ord_1")?.paymentFailures == 2)
        #expect(keys.all.count == 2)
        await #expect { _ = try await starter.start(orderID: "ord_1", clientToken: "tok", request: StartPaymentRequest(mode: .sdk)) } throws: {
            ($0 as? DomainError)?.errorCode == .tooManyAttempts
        }
        #expect(keys.all.count == 2, "past the cap WooshPay is not called")
    }
}
