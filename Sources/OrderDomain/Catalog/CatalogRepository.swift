/// The catalog's storage port. Implementations report a missing product as
/// `CatalogErrors.productNotFound` and a taken SKU as `CatalogErrors.skuExists`.
public protocol CatalogRepository: Sendable {
    /// Stores a new product and its `product.created` audit row by `actor` (atomically);
    /// throws `sku_exists` when the SKU is taken.
    func create(_ product: Product, by actor: AdminActor) async throws -> Product

    /// The product with `sku`, or `nil`.
    func product(sku: String) async throws -> Product?

    /// Every product ordered by SKU; only those on sale when `activeOnly`.
    func products(activeOnly: Bool) async throws -> [Product]

    /// Reads the product under a lock, stores `change(product)` and returns it, atomically,
    /// so concurrent partial updates cannot lose each other's fields. Throws
    /// `product_not_found`, or whatever `change` throws (then nothing is written). A real
    /// change is audited as `action` by `actor`, with the product before and after, atomically.
    func update(
        sku: String, by actor: AdminActor, action: String, _ change: @escaping @Sendable (Product) throws(DomainError) -> Product
    ) async throws -> Product
}

/// The catalog's refusals that come from state rather than from input.
public enum CatalogErrors {
    /// No product has this SKU (404).
    public static func productNotFound(_ sku: String) -> DomainError {
        DomainError(code: .productNotFound, message: "No product has this SKU.", param: "sku")
    }

    /// Another product already has this SKU (409).
    public static func skuExists(_ sku: String) -> DomainError {
        DomainError(code: .skuExists, message: "A product with this SKU already exists.", param: "sku")
    }
}
