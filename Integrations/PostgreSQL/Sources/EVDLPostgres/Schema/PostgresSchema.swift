import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema (namespace) that holds one EVDL store's tables, and its versioned migrations.
///
/// Every table lives in this schema (`evdl` by default), so several stores — or a test per schema — share one
/// database. `migrate(_:)` brings the schema to `Migrations.latest`, each version in its own transaction, under a
/// transaction-scoped advisory lock, so processes that start together migrate once; applied versions are recorded in
/// `<schema>.schema_migrations`. A database whose schema is newer than this code is refused.
public struct PostgresSchema: Sendable, Equatable {
    /// The schema name: lower-case letters, digits and `_`, starting with a letter or `_`, at most 63 bytes
    /// (so it needs no quoting anywhere it is spliced into SQL).
    public let name: String

    /// The schema `name`; throws `PostgresStoreError(.invalidConfiguration)` for a name outside the rule above.
    public init(_ name: String = "evdl") throws {
        let valid = !name.isEmpty && name.utf8.count <= 63 && name.utf8.enumerated().allSatisfy { index, byte in
            (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || (index > 0 && byte >= 0x30 && byte <= 0x39)
        }
        guard valid else {
            throw PostgresStoreError(code: .invalidConfiguration, message: "`\(name)` is not a schema name this store uses: lower-case letters, digits and _, not starting with a digit, at most 63 bytes")
        }
        self.name = name
    }

    /// The LISTEN/NOTIFY channel on which appends announce the new head position.
    public var channel: String { "\(name)_events" }

    /// The applied migration versions (empty for a database without this schema).
    public func appliedVersions(_ client: PostgresClient) async throws -> [Int] {
        let exists = try await client.query("SELECT to_regclass(\(name + ".schema_migrations")) IS NOT NULL").decode(Bool.self).first { _ in true } ?? false
        guard exists else { return [] }
        var versions: [Int] = []
        for try await version in try await client.query("SELECT version FROM \(unescaped: name).schema_migrations ORDER BY version").decode(Int.self) {
            versions.append(version)
        }
        return versions
    }

    /// Applies every migration not applied yet, in order; returns the versions it applied.
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger = Logger(label: "evdl.postgres")) async throws -> [Int] {
        var applied: [Int] = []
        for migration in Migrations.all(self) {
            let didApply = try await client.transaction("migrating schema `\(name)` to version \(migration.version)", logger: logger) { connection -> Bool in
                // One migrator at a time per schema (the lock ends with the transaction).
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("evdl.migrate." + name)))", logger: logger)
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: name)", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS \(unescaped: name).schema_migrations (version int PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: logger
                )
                let newest = try await connection.query("SELECT coalesce(max(version), 0) FROM \(unescaped: name).schema_migrations", logger: logger)
                    .decode(Int.self).first { _ in true } ?? 0
                guard newest <= Migrations.latest else {
                    throw PostgresStoreError(code: .migrationFailed, message: "schema `\(name)` is at version \(newest), newer than this code's \(Migrations.latest)")
                }
                guard migration.version > newest else { return false }
                for statement in migration.statements {
                    do {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    } catch let error as PSQLError {
                        throw PostgresStoreError(code: .migrationFailed, message: "migration \(migration.version) (\(migration.description)) of schema `\(name)` failed: \(serverMessage(error))")
                    }
                }
                try await connection.query(
                    "INSERT INTO \(unescaped: name).schema_migrations (version, description) VALUES (\(migration.version), \(migration.description))",
                    logger: logger
                )
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// Drops the schema and everything in it (tests and benchmarks).
    public func drop(_ client: PostgresClient) async throws {
        try await client.query("DROP SCHEMA IF EXISTS \(unescaped: name) CASCADE")
    }
}

/// The server's message and detail of `error`, or its description.
func serverMessage(_ error: PSQLError) -> String {
    guard let info = error.serverInfo else { return "\(error.code)" }
    var text = info[.message] ?? "\(error.code)"
    if let detail = info[.detail] { text += " (\(detail))" }
    if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
    return text
}
