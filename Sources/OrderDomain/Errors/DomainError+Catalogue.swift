/// The refusals raised in more than one place, each code with its message spelled once.
extension DomainError {
    /// 404: no order with this id (the admin API, operations).
    public static let orderNotFound = DomainError(code: .orderNotFound, message: "No such order.")
    /// 404: no order with this id and token; another order's token looks like no order.
    public static let orderNotFoundForToken = DomainError(code: .orderNotFound, message: "No such order for this token.")
    /// 404: no payment attempt with this id.
    public static let paymentNotFound = DomainError(code: .paymentNotFound, message: "No such payment attempt.")
    /// 404: no refund with this id.
    public static let refundNotFound = DomainError(code: .refundNotFound, message: "No such refund.")
    /// 409: a cancel of a paid order.
    public static let orderPaidRefundInstead = DomainError(
        code: .orderAlreadyPaid,
        message: "The order is paid: refund it instead of canceling it.")
    /// 409: an admin key's name is taken (names say who acts in the audit trail).
    public static let keyNameExists = DomainError(
        code: .keyNameExists, message: "A key with this name already exists.",
        param: "name")

    /// 400: a page's `starting_after` names no `item` of the list.
    public static func invalidCursor(naming item: String) -> DomainError {
        DomainError(code: .invalidCursor, message: "starting_after names no \(item).", param: "starting_after")
    }

    /// 409: not enough of `sku` is in stock; `param` is the request field at fault.
    public static func outOfStock(sku: String, param: String) -> DomainError {
        DomainError(code: .outOfStock, message: "Not enough \(sku) in stock.", param: param)
    }
}
