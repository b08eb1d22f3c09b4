import Foundation
import PostgresNIO

/// A connection URL (`EVDL_DATABASE_URL`), turned into a postgres-nio client configuration.
///
/// Accepted forms (libpq's URI subset): `postgres://user[:password]@host[:port]/database` and, for a unix socket,
/// `postgres://user@/database?host=/path/to/socket/directory` (the socket file `.s.PGSQL.<port>` in that directory).
/// `postgresql://` works too. TLS is not negotiated: the store is meant for a server on the same host or network
/// (a URL with `sslmode=require` is refused rather than silently sent in clear).
public struct PostgresURL: Sendable, Equatable {
    /// The user name.
    public var user: String
    /// The password, if any.
    public var password: String?
    /// The host name, or `nil` for a unix socket.
    public var host: String?
    /// The port (default 5432).
    public var port: Int
    /// The unix socket directory, when `host` is `nil`.
    public var socketDirectory: String?
    /// The database name.
    public var database: String

    /// Parses `string`; throws `PostgresStoreError(.invalidConfiguration)` naming what is wrong.
    public init(_ string: String) throws {
        func fail(_ reason: String) -> PostgresStoreError {
            PostgresStoreError(code: .invalidConfiguration, message: "the database URL `\(PostgresURL.redacted(string))` \(reason)")
        }
        guard let components = URLComponents(string: string) else { throw fail("does not parse") }
        guard components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw fail("must start with postgres:// or postgresql://")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if let mode = query["sslmode"], mode != "disable", mode != "prefer", mode != "allow" {
            throw fail("asks for sslmode=\(mode), which this store does not negotiate")
        }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }) ?? query["user"], !user.isEmpty else {
            throw fail("names no user")
        }
        self.user = user
        password = components.password.flatMap { $0.removingPercentEncoding } ?? query["password"]
        port = components.port ?? query["port"].flatMap { Int($0) } ?? 5432
        let database = String(components.path.drop(while: { $0 == "/" })).removingPercentEncoding ?? ""
        guard !database.isEmpty else { throw fail("names no database") }
        self.database = database
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"]
        if let host, host.hasPrefix("/") {
            self.host = nil
            socketDirectory = host
        } else if let host {
            self.host = host
            socketDirectory = nil
        } else {
            throw fail("names no host (use ?host=/socket/directory for a unix socket)")
        }
    }

    /// The URL with its password replaced by `***` (for messages).
    public static func redacted(_ string: String) -> String {
        guard var components = URLComponents(string: string), components.password != nil else { return string }
        components.password = "***"
        return components.string ?? "<unprintable URL>"
    }

    /// A postgres-nio client configuration for this URL.
    public var clientConfiguration: PostgresClient.Configuration {
        if let host {
            return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }
        let path = "\(socketDirectory ?? "/tmp")/.s.PGSQL.\(port)"
        return PostgresClient.Configuration(unixSocketPath: path, username: user, password: password, database: database)
    }
}
