import Foundation

/// A failure of the PostgreSQL integration that is not one of the runtime's own errors (those — a version
/// conflict, a duplicate command — are thrown as `EventStoreError`, like every store's).
public struct PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// A URL, schema name or option is not usable.
        case invalidConfiguration
        /// The database's schema is newer than this code, or a migration failed.
        case migrationFailed
        /// A row does not decode into what the runtime expects (the message names the table and key).
        case corruptRow
        /// The server refused or failed a statement.
        case databaseFailure
        /// The logical replication slot is missing or its output does not parse.
        case replicationFailure
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation naming the place (table, position, key).
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}
