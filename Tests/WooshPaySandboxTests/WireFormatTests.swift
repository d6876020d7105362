import Foundation
import Testing

@testable import WooshPaySandbox

/// Pure tests of the sandbox's own JSON, form and schedule parsing.
@Suite struct WireFormatTests {
    @Test func jsonRoundTripKeepsIntegersAndEscapes() throws {
        let value: JSONValue = [
            "a": .int(9_007_199_254_740_993), "s": "quote\" slash\\ nl\n tab\t \u{01}", "b": true,
            "n": nil, "d": .double(1.5), "l": [1, "x"],
        ]
        let text = value.jsonString
        #expect(text.hasPrefix("{\"a\":9007199254740993,"))
        let parsed = try #require(JSONValue.parse(value.serialized))
        #expect(parsed["a"] == .int(9_007_199_254_740_993))
        #expect(parsed["s"] == value["s"])
        #expect(parsed["b"] == .bool(true))
        #expect(parsed["n"] == .null)
        #expect(parsed["d"] == .double(1.5))
        // Foundation parses the output too: it is valid JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(value.serialized))) != nil)
    }

    @Test func booleansAndNumbersAreNotConfused() throws {
        let parsed = try #require(JSONValue.parse(Array(#"{"t":true,"one":1,"zero":0,"f":false}"#.utf8)))
        #expect(parsed["t"] == .bool(true))
        #expect(parsed["one"] == .int(1))
        #expect(parsed["zero"] == .int(0))
        #expect(parsed["f"] == .bool(false))
    }

    @Test func canonicalBytesIgnoreKeyOrder() throws {
        let a = try #require(JSONValue.parse(Array(#"{"x":1,"y":{"b":2,"a":1}}"#.utf8)))
        let b: JSONValue = ["y": ["a": 1, "b": 2], "x": 1]
        #expect(a.canonicalBytes == b.canonicalBytes)
    }

    @Test func formBracketsBecomeTrees() {
        let tree = FormEncoding.tree(
            FormEncoding.pairs(
                "created%5Bgte%5D=10&limit=3&types[]=card&types[]=alipay&line_items[0][quantity]=2&name=a+b%21"))
        #expect(tree["created"]?["gte"] == .string("10"))
        #expect(tree["limit"] == .string("3"))
        #expect(tree["types"] == .array(["card", "alipay"]))
        #expect(tree["line_items"]?.arrayValue?.first?["quantity"] == .string("2"))
        #expect(tree["name"] == .string("a b!"))
    }

    @Test func retrySchedulesParse() {
        #expect(
            SandboxConfiguration.parseDurations("5s,30s,2m,10m,1h")
                == [.seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(3600)])
        #expect(SandboxConfiguration.parseDurations("250ms, 1") == [.milliseconds(250), .seconds(1)])
        #expect(SandboxConfiguration.parseDurations("") == [])
        #expect(SandboxConfiguration.parseDurations("5x") == nil)
        #expect(SandboxConfiguration.parseDurations("-1s") == nil)
    }

    @Test func luhnAndCardValidation() {
        #expect(TestPaymentMethods.luhn("4111111111111111"))
        #expect(TestPaymentMethods.luhn("4000000000003220"))
        #expect(!TestPaymentMethods.luhn("4111111111111112"))
        let now = (year: Int64(2030), month: Int64(6))
        #expect(TestPaymentMethods.validate(number: "4111111111111111", expMonth: 6, expYear: 30, cvc: "123", now: now) == nil)
        #expect(TestPaymentMethods.validate(number: "4111111111111111", expMonth: 5, expYear: 2030, cvc: "123", now: now)?.code == "expired_card")
        #expect(TestPaymentMethods.validate(number: "1234", expMonth: 1, expYear: 2031, cvc: nil, now: now)?.code == "incorrect_number")
        #expect(
            TestPaymentMethods.validate(number: "4111111111111111", expMonth: 13, expYear: 2031, cvc: nil, now: now)?.code
                == "invalid_expiry_month")
        #expect(
            TestPaymentMethods.validate(number: "4111111111111111", expMonth: 1, expYear: 2031, cvc: "12", now: now)?.code
                == "invalid_cvc")
    }

    @Test func idsGrowMonotonically() {
        var ids = IDGenerator()
        var last: Int64 = 0
        for _ in 0..<1000 {
            let next = ids.next(nowMilliseconds: 1_700_000_000_000)
            #expect(next > last)
            last = next
        }
        #expect(String(last).count == 19)
    }

    @Test func amountsFormatWithTheCurrencyExponent() {
        #expect(HostedPages.formatAmount(2000, currency: "usd") == "20.00 USD")
        #expect(HostedPages.formatAmount(5, currency: "GBP") == "0.05 GBP")
        #expect(HostedPages.formatAmount(300000, currency: "UGX") == "300000 UGX")
        #expect(HostedPages.formatAmount(1234, currency: "KWD") == "1.234 KWD")
        #expect(HostedPages.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
    }
}
