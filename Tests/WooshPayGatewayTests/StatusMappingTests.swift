import OrderDomain
import Testing

@testable import WooshPayGateway

/// Every WooshPay status string, and what happens to one we do not know.
@Suite("Status mapping")
struct StatusMappingTests {
    static let intentStatuses: [(String, GatewayPaymentStatus)] = [
        ("requires_payment_method", .requiresPaymentMethod),
        ("requires_confirmation", .requiresConfirmation),
        ("requires_action", .requiresAction),
        ("processing", .processing),
        ("requires_capture", .requiresCapture),
        ("succeeded", .succeeded),
        ("canceled", .canceled),
        ("cancelled", .canceled),
        ("failed", .failed),
        ("requires_source", .requiresPaymentMethod),
        ("requires_source_action", .requiresAction),
        ("SUCCEEDED", .succeeded),
    ]

    @Test("payment intent statuses", arguments: intentStatuses)
    func intentStatus(_ raw: String, _ expected: GatewayPaymentStatus) throws {
        #expect(WirePaymentIntentStatus.domainStatus(raw) == expected)
        // And through a full decode, keeping the raw spelling.
        let pi = try WooshPayDecoding.paymentIntent(
            from: Array(#"{"id":"pi_1","amount":1,"currency":"USD","status":"\#(raw)"}"#.utf8))
        #expect(pi.status == expected)
        #expect(pi.gatewayStatus == raw)
    }

    @Test("unknown or missing statuses become .unknown with the raw text, never a guess")
    func unknownStatuses() throws {
        #expect(WirePaymentIntentStatus.domainStatus("requires_more_coffee") == .unknown("requires_more_coffee"))
        #expect(WirePaymentIntentStatus.domainStatus("") == .unknown(""))
        let pi = try WooshPayDecoding.paymentIntent(from: Array(#"{"id":"pi_1","amount":1,"currency":"USD"}"#.utf8))
        #expect(pi.status == .unknown(""))
        #expect(WireCheckoutSessionStatus.domainStatus("archived") == .unknown("archived"))
        #expect(WireCheckoutPaymentStatus.domainStatus("partially_paid") == .unknown("partially_paid"))
        #expect(WireRefundStatus.domainStatus("reversed") == .unknown("reversed"))
        #expect(WireCaptureMethod.domainMethod("later") == .unknown("later"))
    }

    @Test("checkout session statuses and payment statuses")
    func sessionStatuses() {
        #expect(WireCheckoutSessionStatus.domainStatus("open") == .open)
        #expect(WireCheckoutSessionStatus.domainStatus("complete") == .complete)
        #expect(WireCheckoutSessionStatus.domainStatus("expired") == .expired)
        #expect(WireCheckoutPaymentStatus.domainStatus("unpaid") == .unpaid)
        #expect(WireCheckoutPaymentStatus.domainStatus("paid") == .paid)
        #expect(WireCheckoutPaymentStatus.domainStatus("no_payment_required") == .noPaymentRequired)
    }

    @Test("refund statuses")
    func refundStatuses() {
        let expected: [(String, GatewayRefundStatus)] = [
            ("pending", .pending), ("requires_action", .requiresAction), ("succeeded", .succeeded),
            ("failed", .failed), ("canceled", .canceled), ("cancelled", .canceled),
        ]
        for (raw, status) in expected {
            #expect(WireRefundStatus.domainStatus(raw) == status, "\(raw)")
        }
    }

    @Test("capture methods; absent means WooshPay's default, automatic")
    func captureMethods() {
        #expect(WireCaptureMethod.domainMethod("automatic") == .automatic)
        #expect(WireCaptureMethod.domainMethod("automatic_async") == .automatic)
        #expect(WireCaptureMethod.domainMethod("manual") == .manual)
        #expect(WireCaptureMethod.domainMethod(nil) == .automatic)
    }

    @Test("terminal statuses")
    func terminal() {
        #expect(GatewayPaymentStatus.succeeded.isTerminal)
        #expect(GatewayPaymentStatus.failed.isTerminal)
        #expect(GatewayPaymentStatus.canceled.isTerminal)
        #expect(!GatewayPaymentStatus.requiresCapture.isTerminal)
        #expect(!GatewayPaymentStatus.unknown("x").isTerminal)
    }
}
