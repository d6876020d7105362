/// A WooshPay list page: `{"object": "list", "has_more": bool, "data": [...]}`.
struct WireList<Element: Decodable>: Decodable {
    /// The page's objects.
    let data: [Element]
    /// Whether another page follows.
    let hasMore: Bool

    private enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }

    /// Decodes a page; a missing `data` is an empty page.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decodeIfPresent([Element].self, forKey: .data) ?? []
        hasMore = c.json(.hasMore)?.boolValue ?? false
    }
}
