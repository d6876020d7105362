import Testing

@testable import OrderDomain

/// Addresses as keys: every spelling of one address is one key, so a client cannot
/// multiply its allowance by writing its address differently.
@Suite("An address has one key however it is written") struct IPAddressTests {
    @Test(
        "spellings of one address give one key",
        arguments: [
            ("203.0.113.9", "203.0.113.9"), ("::ffff:203.0.113.9", "203.0.113.9"), ("::FFFF:cb00:7109", "203.0.113.9"),
            ("[2001:db8::1]", "2001:db8:0:0:0:0:0:1"), ("2001:DB8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:1"),
            ("2001:0db8::0001", "2001:db8:0:0:0:0:0:1"), ("fe80::1%eth0", "fe80:0:0:0:0:0:0:1"), ("::", "0:0:0:0:0:0:0:0"),
            ("1::", "1:0:0:0:0:0:0:0"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("64:ff9b::192.0.2.33", "64:ff9b:0:0:0:0:c000:221"),
        ])
    func oneKey(_ text: String, _ key: String) throws {
        #expect(try #require(IPAddress(text)).description == key)
    }

    @Test(
        "what is not an address is refused",
        arguments: [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "1:2:3", "1::2::3", ":::", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8::", "12345::", "g::1", "localhost", "١.٢.٣.٤",
        ])
    func refused(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test(
        "an unreadable peer is its own key, a missing one is unknown",
        arguments: [
            (String?.none, "unknown"), ("unix:/tmp/socket", "unix:/tmp/socket"), ("[::1]", "0:0:0:0:0:0:0:1"),
        ])
    func peers(_ peer: String?, _ client: String) {
        #expect(ClientIdentity.resolve(peer: peer, forwardedFor: ["203.0.113.9"], trusted: []) == client)
    }

    @Test(
        "forwarded hops are read across headers from the right, spaces and tabs trimmed",
        arguments: [
            (["6.6.6.6", "203.0.113.9,10.0.0.5"], "203.0.113.9"), (["203.0.113.9\t, 10.0.0.5 "], "203.0.113.9"),
            (["203.0.113.9", "10.0.0.5"], "203.0.113.9"), (["203.0.113.9, , 10.0.0.5"], "10.0.0.5"),
            (["2001:db8::7, 10.0.0.5"], "2001:db8:0:0:0:0:0:7"),
        ])
    func hops(_ forwarded: [String], _ client: String) {
        let trusted = [CIDR("10.0.0.0/8")!]
        #expect(ClientIdentity.resolve(peer: "10.0.0.2", forwardedFor: forwarded, trusted: trusted) == client)
    }
}
