extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`, rolling back if it throws.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            // The rollback's own failure (e.g. connection lost) must not hide the cause.
            _ = try? execute("ROLLBACK")
            throw error
        }
        try execute("COMMIT")
        return value
    }
}
