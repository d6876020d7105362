import CryptoPrimitives
import Testing

@Suite("HMAC-SHA256 (RFC 4231 test vectors)")
struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let hmac: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        .init(
            name: "case 1", key: .init(repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            hmac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        .init(
            name: "case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            hmac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        .init(
            name: "case 3", key: .init(repeating: 0xaa, count: 20), data: .init(repeating: 0xdd, count: 50),
            hmac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        .init(
            name: "case 4", key: Array(1...25), data: .init(repeating: 0xcd, count: 50),
            hmac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        .init(
            name: "case 6", key: .init(repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            hmac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        .init(
            name: "case 7", key: .init(repeating: 0xaa, count: 131),
            data: Array(
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                    .utf8),
            hmac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func vector(_ v: Vector) {
        #expect(Hex.encode(Crypto.hmacSHA256(key: v.key, message: v.data)) == v.hmac)
    }

    @Test("case 5: truncated to 128 bits")
    func truncated() {
        let tag = Crypto.hmacSHA256(key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(Hex.encode(tag.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func emptyKeyAndMessage() {
        // Python: hmac.new(b"", b"", sha256).hexdigest()
        #expect(Hex.encode(Crypto.hmacSHA256(key: [], message: [])) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}

@Suite("SHA-256, compare, random, hex")
struct PrimitiveTests {
    @Test func sha256Vectors() {
        #expect(Crypto.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Crypto.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func constantTimeEquals() {
        #expect(Crypto.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(Crypto.constantTimeEquals([UInt8](), []))
    }

    @Test func randomBytesDiffer() {
        let a = Crypto.randomBytes(32)
        let b = Crypto.randomBytes(32)
        #expect(a.count == 32)
        #expect(a != b)
        #expect(Crypto.randomToken(prefix: "ord_", byteCount: 8).count == 4 + 16)
    }

    @Test func hexRoundTrip() {
        #expect(Hex.encode([0x00, 0xff, 0x10]) == "00ff10")
        #expect(Hex.decode("00FF10") == [0x00, 0xff, 0x10])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
