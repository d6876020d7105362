import CryptoPrimitives
import OrderDomain

/// Generation, hashing and checking of admin key secrets. Only the SHA-256 of a secret is
/// ever stored; a plain (unsalted) hash is enough because secrets are 256 random bits.
public enum AdminKeySecrets {
    /// A fresh key: 8 random bytes of id, 32 random bytes of secret.
    public static func generate() -> AdminKeyToken {
        let id = Hex.encode(Crypto.randomBytes(AdminKeyToken.idHexLength / 2))
        let secret = Hex.encode(Crypto.randomBytes(AdminKeyToken.secretHexLength / 2))
        guard let token = AdminKeyToken(idHex: id, secret: secret) else {
            // Hex.encode yields lower-case hex of exactly twice the byte count.
            preconditionFailure("generated key parts are always lower-case hex of the right length")
        }
        return token
    }

    /// The stored form of a secret: lower-case hex SHA-256 of its text.
    public static func hash(_ secret: String) -> String {
        Crypto.sha256Hex(secret)
    }

    /// Whether `secret` hashes to `storedHash`, compared in constant time so a caller
    /// cannot learn the stored hash byte by byte from response times.
    public static func matches(_ secret: String, storedHash: String) -> Bool {
        Crypto.constantTimeEquals(Array(hash(secret).utf8), Array(storedHash.utf8))
    }
}
