import EVDLRuntime
import Foundation
#if canImport(EVDLPostgres)
import EVDLPostgres
#endif

/// Publishes the outbox's entries: the runtime's `OutboxRelay` in memory, `PostgresOutboxRelay` in PostgreSQL.
package protocol OutboxDelivery: Sendable {
    /// Publishes every undelivered entry; returns how many messages were published.
    func deliverPending() async throws -> Int
}

extension OutboxRelay: OutboxDelivery {}

#if canImport(EVDLPostgres)
extension PostgresOutboxRelay: OutboxDelivery {}

/// The database of every PostgreSQL shop of this process.
private let database: Result<PostgresDatabase, any Error> = Result {
    try PostgresDatabase(url: ProcessInfo.processInfo.environment["EVDL_DATABASE_URL"] ?? "")
}
#endif

extension Shop {
    /// Where `make` keeps shops: "PostgreSQL" when the package was built and is run with `EVDL_DATABASE_URL` set,
    /// else "memory".
    package static var storage: String {
        #if canImport(EVDLPostgres)
        if ProcessInfo.processInfo.environment["EVDL_DATABASE_URL"] != nil { return "PostgreSQL" }
        #endif
        return "memory"
    }

    /// A shop in `storage`: in PostgreSQL, each shop gets a schema of its own (`checkout_<random>`, migrated
    /// here), so shops do not see each other's events; the store, read models, checkpoints and outbox are
    /// `PostgresEventStore`, `PostgresReadModelStore` and `PostgresOutboxRelay`.
    package static func make(flow: Flow, start: Date = Date(timeIntervalSince1970: 1_767_261_600)) async throws -> Shop {
        #if canImport(EVDLPostgres)
        if storage == "PostgreSQL" {
            let client = try database.get().client
            let schema = try PostgresSchema("checkout_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())
            let store = try await PostgresEventStore.open(client: client, schema: schema, outbox: .checkout)
            let readModels = PostgresReadModelStore(client: client, schema: schema)
            let broker = InMemoryBroker()
            let clock = ManualClock(start: start)
            return try Shop(
                flow: flow, clock: clock, store: store, readModels: readModels, checkpoints: readModels, broker: broker,
                outbox: PostgresOutboxRelay(store: store, publisher: broker, clock: clock, backoff: .immediate)
            )
        }
        #endif
        return try Shop(flow: flow, start: start)
    }

    /// A new relay over this shop's store, publishing to `publisher` (delivery marks are in the store, so it
    /// publishes only what no relay has delivered).
    package func newOutboxRelay(publisher: any MessagePublisher) -> any OutboxDelivery {
        #if canImport(EVDLPostgres)
        if let store = store as? PostgresEventStore {
            return PostgresOutboxRelay(store: store, publisher: publisher, backoff: .immediate)
        }
        #endif
        return OutboxRelay(store: store, publisher: publisher, backoff: .immediate)
    }
}
