import HTTPTypes
import Hummingbird
import OrderDomain

/// The catalog endpoints: `GET /v1/products` for the storefront, and product management
/// under `/v1/admin/products` (the caller mounts those behind `AdminAuthMiddleware`).
public struct CatalogRoutes: Sendable {
    private let repository: any CatalogRepository
    private let currencies: [Currency]

    /// Creates the routes over `repository`; prices are accepted only in `currencies`.
    public init(repository: any CatalogRepository, currencies: [Currency]) {
        self.repository = repository
        self.currencies = currencies
    }

    /// Registers `GET /v1/products`: active products, their prices and availability.
    public func registerPublic<Context: RequestContext>(on router: some RouterMethods<Context>) {
        router.get("/v1/products") { _, _ -> Response in
            let products = try await repository.products(activeOnly: true)
            return try JSONRequest.response(ProductListResponse(data: products.map(PublicProductResponse.init)), status: .ok)
        }
    }

    /// Registers the admin routes on `admin`, a group already mounted at `/v1/admin` and
    /// guarded by `AdminAuthMiddleware`.
    public func registerAdmin<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let currencies = currencies
        let repository = repository
        admin.post("/products") { request, context -> Response in
            let body = try await JSONRequest.decode(CreateProductBody.self, from: request)
            let product = try body.draft.validated(currencies: currencies)
            let created = try await repository.create(product, by: context.adminActor)
            return try JSONRequest.response(AdminProductResponse(created), status: .created)
        }
        admin.get("/products") { _, _ -> Response in
            let products = try await repository.products(activeOnly: false)
            return try JSONRequest.response(ProductListResponse(data: products.map(AdminProductResponse.init)), status: .ok)
        }
        admin.get("/products/{sku}") { _, context -> Response in
            let sku = try context.parameters.require("sku")
            guard let product = try await repository.product(sku: sku) else { throw CatalogErrors.productNotFound(sku) }
            return try JSONRequest.response(AdminProductResponse(product), status: .ok)
        }
        admin.patch("/products/{sku}") { request, context -> Response in
            let sku = try context.parameters.require("sku")
            let patch = try await JSONRequest.decode(UpdateProductBody.self, from: request).patch
            let updated = try await repository.update(sku: sku, by: context.adminActor, action: "product.updated") {
                product throws(DomainError) in
                try patch.applied(to: product, currencies: currencies)
            }
            return try JSONRequest.response(AdminProductResponse(updated), status: .ok)
        }
        // Deactivation, not deletion: past orders keep referring to the SKU.
        admin.delete("/products/{sku}") { _, context -> Response in
            let sku = try context.parameters.require("sku")
            let updated = try await repository.update(sku: sku, by: context.adminActor, action: "product.deactivated") {
                product throws(DomainError) in
                try ProductPatch.deactivate.applied(to: product, currencies: currencies)
            }
            return try JSONRequest.response(AdminProductResponse(updated), status: .ok)
        }
    }
}
