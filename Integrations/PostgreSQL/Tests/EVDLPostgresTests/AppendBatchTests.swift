@testable import EVDLPostgres
import EVDLRuntime
import Foundation
import Testing

/// Appends sent together in one transaction (`AppendQueue`): each succeeds or is refused on its own.
@Suite struct AppendBatchTests {
    @Test func eachAppendOfABatchIsCheckedOnItsOwn() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            try await store.append([placed(0)], to: "Order-0", expectedVersion: .noStream)
            let command = UUID()
            let requests = try [
                AppendRequest([placed(1), shipped(1)], to: "Order-1", expectedVersion: .noStream, outbox: routes),  // ok
                AppendRequest([placed(2)], to: "Order-0", expectedVersion: .noStream, outbox: routes),  // conflict
                AppendRequest([NewEvent(typeName: "T", commandID: command, payload: Data("{}".utf8))], to: "C-1", expectedVersion: .any, outbox: routes),  // ok
                AppendRequest([NewEvent(typeName: "T", commandID: command, payload: Data("{}".utf8))], to: "C-2", expectedVersion: .any, outbox: routes),  // duplicate
                AppendRequest([NewEvent(typeName: "Order.OrderShipped", payload: Data([0xFF]))], to: "Order-3", expectedVersion: .any, outbox: routes),  // not JSON
                AppendRequest([], to: "Order-1", expectedVersion: .exact(2), outbox: routes),  // empty: checks only, sees the first
                AppendRequest([shipped(4)], to: "Order-1", expectedVersion: .exact(2), outbox: routes),  // ok, after the first
            ]
            let outcomes = await store.send(requests)
            #expect(outcomes.count == requests.count)
            #expect(try outcomes[0].get() == (2, 2))
            #expect((outcomes[1].failureValue as? EventStoreError)?.code == .wrongExpectedVersion)
            #expect((outcomes[1].failureValue as? EventStoreError)?.actual == 1)
            #expect(try outcomes[2].get() == (1, 4))
            #expect((outcomes[3].failureValue as? EventStoreError)?.code == .duplicateCommand)
            #expect((outcomes[3].failureValue as? EventStoreError)?.commandID == command)
            #expect((outcomes[4].failureValue as? PostgresStoreError)?.message.contains("not UTF-8 JSON") == true)
            #expect(try outcomes[5].get().0 == 2)
            #expect(try outcomes[6].get() == (3, 5))
            let stored = try await store.readAll(fromPosition: 1, limit: 100)
            #expect(stored.map(\.streamID) == ["Order-0", "Order-1", "Order-1", "C-1", "Order-1"])
            #expect(stored.map(\.globalPosition) == [1, 2, 3, 4, 5])
            #expect(try await store.streamVersion("C-2") == 0)
            #expect(try await store.streamVersion("Order-3") == 0)
            // The outbox rows of the refused appends are gone with them; the others' are there.
            #expect(try await PostgresOutboxRelay(store: store, publisher: RecordingPublisher()).pendingCount() == 6)
        }
    }

    @Test func concurrentCallersShareTransactions() async throws {
        try await TestDatabase.withStore { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        for n in 0..<20 {
                            try await store.append([NewEvent(typeName: "T", payload: Data("{}".utf8))], to: StreamID("W-\(writer)"), expectedVersion: .exact(Int64(n)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.headPosition() == 320)
            // Fewer transactions than appends: the appends were grouped (`recorded_at` is the transaction's start).
            let transactions = try await store.client.query("""
                SELECT count(DISTINCT recorded_at) FROM \(unescaped: store.schema.name).events
                """).decode(Int64.self).first { _ in true } ?? 0
            #expect(transactions < 320)
        }
    }
}

extension AppendBatchTests {
    /// Two store objects (as two processes would) grouping appends to the same streams at once: batches lock their
    /// streams in one order before the head row, so they never deadlock with each other or with single appends.
    @Test func batchesOfTwoStoresOnSharedStreamsDoNotDeadlock() async throws {
        try await TestDatabase.withStore { first in
            let second = PostgresEventStore(client: first.client, schema: first.schema)
            defer { second.close() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<16 {
                    let store = writer % 2 == 0 ? first : second
                    group.addTask {
                        for n in 0..<25 {
                            try await store.append(
                                [NewEvent(typeName: "T", payload: Data("{}".utf8))], to: StreamID("S-\((writer + n) % 5)"), expectedVersion: .any
                            )
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await first.headPosition() == 400)
            var total: Int64 = 0
            for stream in 0..<5 { total += try await first.streamVersion(StreamID("S-\(stream)")) }
            #expect(total == 400)
        }
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
