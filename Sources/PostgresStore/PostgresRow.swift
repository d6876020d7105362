/// The rows a statement returned, already copied out of libpq's result.
public struct PostgresRows: Sendable, Sequence {
    /// Column names in result order.
    public let columns: [String]
    /// One entry per row.
    public let rows: [PostgresRow]
    /// Rows changed by an INSERT/UPDATE/DELETE (from `PQcmdTuples`), or 0.
    public let affectedRows: Int

    /// Iterates rows.
    public func makeIterator() -> IndexingIterator<[PostgresRow]> { rows.makeIterator() }

    /// The only row, or `nil` when there is none.
    public var first: PostgresRow? { rows.first }
    /// Number of rows.
    public var count: Int { rows.count }
}

/// One row: text values by column, decoded on demand into Swift types.
public struct PostgresRow: Sendable {
    let index: ColumnIndex
    let values: [String?]

    /// Decodes column `name`; throws `.decoding` if it is missing, NULL or malformed.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let text = try raw(name) else {
            throw .decoding(column: name, message: "unexpected NULL")
        }
        guard let value = T(postgresText: text) else {
            throw .decoding(column: name, message: "cannot read \(T.self) from the column's text")
        }
        return value
    }

    /// Decodes column `name`, allowing NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T? {
        guard let text = try raw(name) else { return nil }
        guard let value = T(postgresText: text) else {
            throw .decoding(column: name, message: "cannot read \(T.self) from the column's text")
        }
        return value
    }

    /// The column's text value, `nil` for NULL.
    public func raw(_ name: String) throws(PostgresError) -> String? {
        guard let position = index.positions[name] else {
            throw .decoding(column: name, message: "no such column in the result")
        }
        return values[position]
    }
}

/// Column name -> position, shared by all rows of one result.
final class ColumnIndex: Sendable {
    let positions: [String: Int]
    init(_ columns: [String]) {
        var positions = [String: Int]()
        for (i, name) in columns.enumerated() where positions[name] == nil { positions[name] = i }
        self.positions = positions
    }
}
