extension GatewayNextAction {
    /// The action as it may be stored: a redirect URL can carry the intent's client secret
    /// in its query (`client_secret=pi_..._secret_...`, WooshPay's 3-D Secure and wallet
    /// pages do), a bearer secret that must not rest in the database. Stored attempts keep
    /// the URL without such parameters; the storefront gets the live URL from the gateway's
    /// answer (`PaymentStartResult.attempt`), never from a stored row.
    /// The payment code and other fields are not stored either: the storefront gets them
    /// live with the URL.
    public var storable: GatewayNextAction {
        GatewayNextAction(type: type, redirectURL: redirectURL.map(Self.withoutSecretParameters))
    }

    /// Whether a field may reach the storefront or rest in a URL we store: never one whose
    /// name ends in `client_secret` or whose value holds a secret (`pi_..._secret_...`).
    public static func isShareable(name: some StringProtocol, value: some StringProtocol) -> Bool {
        !name.lowercased().hasSuffix("client_secret") && !value.contains("_secret_")
    }

    /// `url` without query parameters whose name ends in `client_secret` or whose value
    /// holds `_secret_`; the rest of the URL (fragment included) is kept as it was.
    static func withoutSecretParameters(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let base = url[..<question]
        var query = url[url.index(after: question)...]
        var fragment = Substring("")
        if let hash = query.firstIndex(of: "#") {
            fragment = query[hash...]
            query = query[..<hash]
        }
        let kept = query.split(separator: "&", omittingEmptySubsequences: false).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return isShareable(name: name, value: pair)
        }
        return String(base) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&")) + String(fragment)
    }
}
