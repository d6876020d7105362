internal import COpenSSL

/// AES-256-GCM authenticated encryption (OpenSSL's EVP interface): what the idempotency
/// store uses to keep stored responses unreadable without the caller's own secrets.
///
/// A sealed box is `nonce (12 bytes) || ciphertext || tag (16 bytes)`; the nonce is random
/// per seal, so one key may seal many messages.
public enum AEAD {
    /// Key length in bytes.
    public static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16

    /// Encrypts and authenticates `plaintext` under the 32-byte `key`.
    public static func seal(_ plaintext: [UInt8], key: [UInt8]) -> [UInt8] {
        precondition(key.count == keyLength, "AES-256-GCM needs a 32-byte key")
        let nonce = Crypto.randomBytes(nonceLength)
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagLength)
        var total: Int32 = 0
        let ok = withContext { ctx -> Bool in
            guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { return false }
            var n: Int32 = 0
            let input = plaintext.isEmpty ? [0] : plaintext
            guard EVP_EncryptUpdate(ctx, &out, &n, input, Int32(plaintext.count)) == 1 else { return false }
            total = n
            guard out.withUnsafeMutableBufferPointer({ EVP_EncryptFinal_ex(ctx, $0.baseAddress! + Int(total), &n) }) == 1
            else { return false }
            total += n
            return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag) == 1
        }
        // Encryption with a valid key cannot fail short of a broken libcrypto; storing the
        // plaintext instead would be the one wrong answer.
        precondition(ok, "AES-256-GCM encryption failed in libcrypto")
        return nonce + out.prefix(Int(total)) + tag
    }

    /// The plaintext of a box sealed under `key`, or `nil` when the key is wrong or the box
    /// was altered (the tag does not verify).
    public static func open(_ box: [UInt8], key: [UInt8]) -> [UInt8]? {
        guard key.count == keyLength, box.count >= nonceLength + tagLength else { return nil }
        let nonce = Array(box.prefix(nonceLength))
        let body = Array(box.dropFirst(nonceLength).dropLast(tagLength))
        var tag = Array(box.suffix(tagLength))
        var out = [UInt8](repeating: 0, count: body.count + 16)
        var total: Int32 = 0
        let ok = withContext { ctx -> Bool in
            guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { return false }
            var n: Int32 = 0
            let input = body.isEmpty ? [0] : body
            guard EVP_DecryptUpdate(ctx, &out, &n, input, Int32(body.count)) == 1 else { return false }
            total = n
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else { return false }
            return out.withUnsafeMutableBufferPointer({ EVP_DecryptFinal_ex(ctx, $0.baseAddress! + Int(total), &n) }) == 1
        }
        return ok ? Array(out.prefix(Int(total))) : nil
    }

    private static func withContext(_ body: (OpaquePointer) -> Bool) -> Bool {
        guard let ctx = EVP_CIPHER_CTX_new() else { return false }
        defer { EVP_CIPHER_CTX_free(ctx) }
        return body(ctx)
    }
}
