/// The one table of WooshPay's payment methods: what each needs in a direct start, in which
/// currencies, from which page (see the README's method table and the fidelity review §3.1).
/// A type WooshPay lists without documenting its input is `checkout`-only.
public enum PaymentMethodCatalog {
    /// The spec of `type`; types not in the table are checkout-only, family `other`.
    public static func spec(for type: String) -> PaymentMethodSpec {
        known[type] ?? PaymentMethodSpec(type: type, family: .other, requirements: nil, currencies: nil, source: "not documented")
    }

    private static let known: [String: PaymentMethodSpec] = Dictionary(
        uniqueKeysWithValues: table.map { ($0.type, $0) })

    private typealias R = PaymentMethodSpec.Requirement
    private static func spec(
        _ type: String, _ family: PaymentMethodSpec.Family, _ requirements: [R]?, _ currencies: [String]?, _ source: String
    ) -> PaymentMethodSpec {
        PaymentMethodSpec(type: type, family: family, requirements: requirements, currencies: currencies.map(Set.init), source: source)
    }

    static let table: [PaymentMethodSpec] = [
        // The card itself (raw, pm_ or the SDK's) is checked by the flow, not by this table.
        spec("card", .card, [], nil, "docs.wooshpay.com/api-112149659, doc-3858959"),
        spec("alipay", .wallet, [.terminalType], ["CNY", "GBP", "USD", "EUR", "HKD"], "wooshpay.com/docs/alipay"),
        spec("alipayplus", .wallet, [.terminalType], ["CNY", "HKD", "GBP", "IDR", "MYR", "PHP", "THB"], "wooshpay.com/docs/alipay-plus"),
        spec(
            "upi", .wallet,
            [R(field: .option("app_type"), label: "UPI app", kind: .choice(["googlepay", "phonepe", "paytm", "other"])), .email],
            ["INR"], "docs.guanglian.co/5413632m0"),
        spec("promptpay", .qr, [], ["THB"], "docs.wooshpay.com/doc-2539071"),
        spec("paynow", .qr, R.payer, ["SGD"], "wooshpay.com/docs/paynow"),
        spec("pix", .qr, R.payer, ["BRL"], "docs.wooshpay.com/doc-3568363"),
        spec(
            "spei", .bankTransfer,
            [R(field: .option("curp"), label: "CURP", kind: .text), R(field: .option("rfc_pf"), label: "RFC", kind: .text), .name],
            ["MXN"], "docs.wooshpay.com/doc-5514692"),
        spec("bank_transfer_id", .bankTransfer, [], ["IDR"], "docs.wooshpay.com/doc-2539003"),
        spec("bank_transfer_uk", .bankTransfer, R.payer, ["GBP"], "wooshpay.com/docs/bank-transfer-in-united-kingdom"),
        spec("bank_transfer_eu", .bankTransfer, R.payer, ["EUR"], "wooshpay.com/docs/bank-transfer-in-europe"),
        spec("bank_transfer_vn", .bankTransfer, [], ["VND"], "OBSERVED: a third-party script's type-only start"),
        spec(
            "mobile_money", .mobileMoney,
            [
                R(field: .methodData("phone_number"), label: "Mobile number", kind: .tel),
                R(field: .methodData("provider_code"), label: "Provider (mtn_ug, mpesa_ke...)", kind: .text),
            ],
            ["XAF", "GHS", "KES", "RWF", "TZS", "UGX"], "docs.wooshpay.com/7196715m0"),
        // Listed by WooshPay, input not retrievable: hosted checkout only.
        spec("wechat_pay", .wallet, nil, ["CNY", "GBP", "USD", "EUR", "HKD"], "docs.wooshpay.com/doc-1724181 (input not retrieved)"),
        spec("alipay_hk", .wallet, nil, nil, "enum only"),
        spec("qris", .qr, nil, ["IDR"], "enum only"),
    ]
}
