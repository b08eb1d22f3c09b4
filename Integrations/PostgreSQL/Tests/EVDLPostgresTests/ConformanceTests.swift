import EVDLPostgres
import EVDLRuntime
import EVDLStoreConformance
import Testing

/// The event-store conformance suite (the same cases the in-memory and file stores pass) on PostgreSQL.
@Suite struct PostgresConformanceTests {
    @Test(arguments: EventStoreConformance.caseNames)
    func conformance(_ caseName: String) async throws {
        try await TestDatabase.withStore { store in
            try await EventStoreConformance.run(caseName, on: store)
        }
    }

    /// The follower cases without LISTEN/NOTIFY: a follower that only polls still sees everything.
    @Test(arguments: ["follow delivers stored then new events in order", "followers see concurrent writers' events once, in order, without gaps"])
    func conformanceByPollingAlone(_ caseName: String) async throws {
        try await TestDatabase.withStore(pollInterval: .milliseconds(20), notifications: false) { store in
            try await EventStoreConformance.run(caseName, on: store)
        }
    }
}
