import OrderDomain

/// A price on the wire: `{"currency":"USD","unit_amount":1250}`.
struct PriceBody: Codable, Sendable {
    /// ISO code as sent.
    var currency: String?
    /// Minor units as sent.
    var unitAmount: Int64?

    enum CodingKeys: String, CodingKey {
        case currency
        case unitAmount = "unit_amount"
    }

    /// The domain's unvalidated input.
    var input: PriceInput { PriceInput(currency: currency, unitAmount: unitAmount) }
}

/// `POST /v1/admin/products`. Every field is optional here so that a missing one is
/// reported by the domain's rules with its own code (`invalid_sku`, `invalid_price`...).
struct CreateProductBody: Decodable, Sendable {
    var sku: String?
    var name: String?
    var description: String?
    var active: Bool?
    var stock: Int?
    var prices: [PriceBody]?

    /// The domain's unvalidated draft.
    var draft: ProductDraft {
        ProductDraft(
            sku: sku, name: name, description: description, active: active, stock: stock,
            prices: prices?.map(\.input))
    }
}

/// `PATCH /v1/admin/products/{sku}`: absent fields stay unchanged; `"stock": null` stops
/// tracking stock, which is why `stock` is decoded by hand.
struct UpdateProductBody: Decodable, Sendable {
    var name: String?
    var description: String?
    var active: Bool?
    /// Absent: unchanged; `null`: stop tracking; a number: set the count.
    var stock: Int??
    var prices: [PriceBody]?

    enum CodingKeys: String, CodingKey {
        case name, description, active, stock, prices
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
        prices = try container.decodeIfPresent([PriceBody].self, forKey: .prices)
        if container.contains(.stock) {
            stock = .some(try container.decodeNil(forKey: .stock) ? nil : try container.decode(Int.self, forKey: .stock))
        }
    }

    /// The domain's unvalidated patch.
    var patch: ProductPatch {
        ProductPatch(name: name, description: description, active: active, stock: stock, prices: prices?.map(\.input))
    }
}
