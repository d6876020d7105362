import CryptoPrimitives
import OrderDomain

extension CatalogSQL {
    /// A product as the audit trail records it before and after a change: every field, the
    /// prices as `{"EUR": 1299}` (so a price set to 1 cent and back leaves both values).
    static func auditJSON(_ product: Product) -> String {
        var out = Array("{\"sku\":".utf8)
        JSONString.append(product.sku, to: &out)
        out += Array(",\"name\":".utf8)
        JSONString.append(product.name, to: &out)
        out += Array(",\"description\":".utf8)
        JSONString.append(product.description, to: &out)
        out += Array(",\"active\":\(product.active),\"stock\":\(product.stock.map(String.init) ?? "null"),\"prices\":{".utf8)
        for (index, price) in product.prices.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(price.currency.code, to: &out)
            out += Array(":\(price.amount)".utf8)
        }
        out += Array("}}".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
