/// An IPv4 or IPv6 address as 16 bytes (IPv4 as `::ffff:a.b.c.d`), parsed without
/// Foundation so the client-identity decision stays pure.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes, network order.
    public let bytes: [UInt8]
    /// Whether it was written as IPv4 (or is IPv4-mapped).
    public var isIPv4: Bool { bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF }

    /// Parses dotted IPv4 or RFC 4291 IPv6 text (a zone `%eth0` and brackets are dropped).
    public init?(_ text: some StringProtocol) {
        var s = Substring(text)
        if s.hasPrefix("["), s.hasSuffix("]") { s = s.dropFirst().dropLast() }
        if let zone = s.firstIndex(of: "%") { s = s[..<zone] }
        if let v4 = Self.ipv4(s) {
            bytes = Array(repeating: 0, count: 10) + [0xFF, 0xFF] + v4
        } else if let v6 = Self.ipv6(s) {
            bytes = v6
        } else {
            return nil
        }
    }

    private static func ipv4(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out = [UInt8]()
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let n = UInt8(p) else { return nil }
            out.append(n)
        }
        return out
    }

    private static func ipv6(_ s: Substring) -> [UInt8]? {
        guard s.contains(":"), s.count <= 45 else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var out = [UInt8]()
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, f) in fields.enumerated() {
                if i == fields.count - 1, f.contains("."), let v4 = ipv4(f) {
                    out += v4
                    continue
                }
                guard (1...4).contains(f.count), let n = UInt16(f, radix: 16) else { return nil }
                out += [UInt8(n >> 8), UInt8(n & 0xFF)]
            }
            return out
        }
        guard let head = groups(Substring(halves[0])) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(Substring(halves[1])), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Dotted for IPv4, else eight hex groups (not compressed: a stable key, not a display).
    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}

private extension Substring {
    func components(separatedBy separator: String) -> [Substring] {
        var out = [Substring]()
        var rest = self[...]
        while let range = rest.range(of: separator) {
            out.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        out.append(rest)
        return out
    }

    func range(of needle: String) -> Range<Index>? {
        let n = Array(needle)
        var i = startIndex
        while i < endIndex {
            var j = i
            var k = 0
            while k < n.count, j < endIndex, self[j] == n[k] {
                j = index(after: j)
                k += 1
            }
            if k == n.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}

/// A CIDR block such as `10.0.0.0/8` or `fd00::/8` (a bare address is a /32 or /128).
public struct CIDR: Sendable, Hashable {
    let network: IPAddress
    let prefixBits: Int

    /// Parses `address/bits`; `nil` when malformed.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        let bits = parts.count == 2 ? Int(parts[1]) : width
        guard let bits, (0...width).contains(bits) else { return nil }
        network = address
        prefixBits = address.isIPv4 ? 96 + bits : bits
    }

    /// Whether `address` lies in the block.
    public func contains(_ address: IPAddress) -> Bool {
        var left = prefixBits
        for i in 0..<16 where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
            if address.bytes[i] & mask != network.bytes[i] & mask { return false }
            left -= 8
        }
        return true
    }
}

/// Who a request comes from, for rate limits and stream caps.
public enum ClientIdentity {
    /// The client's address: the peer, unless the peer is a trusted proxy; then the
    /// `X-Forwarded-For` entries are read from the right (the proxies' end), skipping
    /// trusted proxies, and the first other address is the client. Reading from the left
    /// would let any caller choose its own identity by sending the header itself; a
    /// malformed entry stops the walk at the last proxy that wrote it.
    public static func resolve(peer: String?, forwardedFor: [String], trusted: [CIDR]) -> String {
        guard let peer, let peerAddress = IPAddress(peer) else { return peer ?? "unknown" }
        guard trusted.contains(where: { $0.contains(peerAddress) }) else { return peerAddress.description }
        var client = peerAddress
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingASCIISpaces }
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { break }
            client = address
            if !trusted.contains(where: { $0.contains(address) }) { break }
        }
        return client.description
    }
}

private extension Substring {
    var trimmingASCIISpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
