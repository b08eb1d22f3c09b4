import Foundation
import Logging
import PostgresNIO

/// A running `PostgresClient` for a URL: the client, and the task that runs it (postgres-nio's pool needs `run()`
/// for as long as it is used). For programs that have no service group of their own; with swift-service-lifecycle,
/// run the client as a service instead.
public final class PostgresDatabase: Sendable {
    /// The client, running.
    public let client: PostgresClient
    private let running: Task<Void, Never>

    /// Connects to `url` (see `PostgresURL`) with at most `maximumConnections` connections.
    public init(url: String, maximumConnections: Int = 20, logger: Logger = Logger(label: "evdl.postgres")) throws {
        var configuration = try PostgresURL(url).clientConfiguration
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
    }

    /// Stops the client (its connections close).
    public func close() {
        running.cancel()
    }

    deinit {
        running.cancel()
    }
}
