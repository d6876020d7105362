import DomainTestSupport
import Testing

@testable import OrderDomain

/// A direct start with a method's details sends them as checked, not as typed.
@Suite("Method details in a direct start") struct MethodDetailsUseCaseTests {
    @Test("the details WooshPay receives are the checked ones (the country code upper-cased)")
    func normalisedDetailsAreSent() async throws {
        guard let gbp = Currency(code: "GBP") else { return }
        var order = Fixture.order()
        order.currency = gbp
        order.total = Money(amount: 3000, currency: gbp)
        order.refunded = Money(amount: 0, currency: gbp)
        let store = InMemoryPaymentAttemptStore()
        await store.add(order, token: "tok")
        var settings = PaymentSettings()
        settings.paymentMethodTypes = ["card", "bank_transfer_uk"]
        var gateway = StubPaymentGateway()
        gateway.createPaymentIntent = { request, _ in
            guard case .redirectMethod(let type, let details)? = request.paymentMethod else {
                Issue.record("the start sent no method")
                return Fixture.intent(.requiresAction)
            }
            #expect(type == "bank_transfer_uk")
            #expect(details.billing.value(of: .country) == "GB")
            return Fixture.intent(.requiresAction)
        }
        let calls = AttemptGatewayCalls(store: store, gateway: gateway, publicBaseURL: "https://shop.example")
        let starter = PaymentStarter(calls: calls, settings: settings, now: { 0 })
        let payer = BillingDetails([.name: "Ann Lee", .email: "ann@example.com", .country: "gb"])
        let request = StartPaymentRequest(
            mode: .direct, paymentMethod: .redirectMethod(type: "bank_transfer_uk", details: PaymentMethodDetails(billing: payer)))
        let result = try await starter.start(orderID: "ord_1", clientToken: "tok", request: request)
        #expect(result.attempt.detailsWithheld)
    }
}
