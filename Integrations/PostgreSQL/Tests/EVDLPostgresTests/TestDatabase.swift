import EVDLPostgres
import EVDLRuntime
import Foundation
import Logging
import PostgresNIO
import Testing

/// The database the tests run against: `EVDL_TEST_DATABASE_URL` (set by `Scripts/with-postgres`). One client per
/// test process; each test works in a schema of its own, dropped at its end, so tests run in parallel.
final class TestDatabase: Sendable {
    static let shared: Result<TestDatabase, any Error> = Result { try TestDatabase() }

    let url: PostgresURL
    let client: PostgresClient

    private init() throws {
        guard let string = ProcessInfo.processInfo.environment["EVDL_TEST_DATABASE_URL"] else {
            throw PostgresStoreError(
                code: .invalidConfiguration,
                message: "EVDL_TEST_DATABASE_URL is not set: run the tests through `Scripts/with-postgres swift test`, which starts a throw-away server"
            )
        }
        url = try PostgresURL(string)
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = 80
        client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "evdl.test"))
        let client = client
        Task.detached { await client.run() }
    }

    /// A new, empty, migrated schema.
    static func freshSchema() async throws -> (PostgresClient, PostgresSchema) {
        let database = try shared.get()
        let schema = try PostgresSchema("t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())
        try await schema.migrate(database.client)
        return (database.client, schema)
    }

    /// Runs `body` with a store over a fresh schema; closes the store and drops the schema afterwards.
    static func withStore<T>(
        outbox: OutboxRoutes = .none, pollInterval: Duration = .milliseconds(500), notifications: Bool = true,
        _ body: (PostgresEventStore) async throws -> T
    ) async throws -> T {
        let (client, schema) = try await freshSchema()
        let store = PostgresEventStore(client: client, schema: schema, outbox: outbox, pollInterval: pollInterval, notifications: notifications)
        do {
            let result = try await body(store)
            store.close()
            try await schema.drop(client)
            return result
        } catch {
            store.close()
            try? await schema.drop(client)
            throw error
        }
    }
}
