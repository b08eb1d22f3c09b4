import EVDLRuntime
import Foundation
import Testing

/// Two writers on one stream: optimistic concurrency with the generated aggregate.
@Suite struct ConcurrencyTests {
    @Test func twoWritersRacingToPlaceTheSameOrderCommitExactlyOnce() async throws {
        let store = InMemoryEventStore()
        let writerA = Fixture.repository(store)
        let writerB = Fixture.repository(store)
        for round in 1...20 {
            async let a: Result<Int, any Error> = Self.outcome { try await writerA.execute(Fixture.place(round, total: 10)).events.count }
            async let b: Result<Int, any Error> = Self.outcome { try await writerB.execute(Fixture.place(round, total: 20)).events.count }
            let outcomes = await [a, b]
            let accepted = outcomes.filter { if case .success(1) = $0 { true } else { false } }
            let rejected = outcomes.compactMap { outcome -> CommandRejection? in
                if case .failure(let error) = outcome { error as? CommandRejection } else { nil }
            }
            // The loser re-read the stream after the conflict and was rejected: `PlaceOrder creates`, and the order exists.
            #expect(accepted.count == 1, "round \(round): \(outcomes)")
            #expect(rejected.map(\.code) == [.aggregateAlreadyExists], "round \(round)")
            #expect(await store.streamVersion(Order.streamID(for: Fixture.id(round))) == 1)
        }
    }

    @Test func theWriterThatLosesTheRaceDecidesAgainOnTheNewState() async throws {
        let inner = InMemoryEventStore()
        let other = Fixture.repository(inner)
        _ = try await other.execute(Fixture.place(1))
        // Writer B loads (placed), then A confirms before B appends: B's append conflicts, B reloads and cancels
        // the confirmed order.
        let racing = InterleavingStore(inner: inner) {
            _ = try await other.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        }
        let writerB = Fixture.repository(racing)
        let result = try await writerB.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "late")))
        #expect(await racing.appendAttempts == 2)
        #expect(result.version == 3)
        let types = try await inner.readStream(Order.streamID(for: Fixture.id(1))).map(\.typeName)
        #expect(types == ["Order.OrderPlaced", "Order.OrderConfirmed", "Order.OrderCancelled"])
    }

    @Test func theWriterThatLosesTheRaceIsRejectedWhenTheNewStateForbidsItsCommand() async throws {
        let inner = InMemoryEventStore()
        let other = Fixture.repository(inner)
        _ = try await other.execute(Fixture.place(1))
        _ = try await other.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        // A ships between B's load and B's append; B's cancel, decided again, meets the spec's `require`.
        let racing = InterleavingStore(inner: inner) {
            _ = try await other.execute(.shipOrder(Order.ShipOrder(orderId: Fixture.id(1), tracking: "T")))
        }
        let writerB = Fixture.repository(racing)
        await #expect(throws: CommandRejection("a shipped order cannot be cancelled")) {
            try await writerB.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "late")))
        }
        #expect(await racing.appendAttempts == 1)
        #expect(await inner.streamVersion(Order.streamID(for: Fixture.id(1))) == 3)
    }

    @Test func aClientThatSawAnOlderVersionIsToldItIsStale() async throws {
        let repository = Fixture.repository(InMemoryEventStore())
        let placed = try await repository.execute(Fixture.place(1))
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))), expectedVersion: placed.version)
        do {
            _ = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "x")), expectedVersion: placed.version)
            Issue.record("a stale client overwrote a newer state")
        } catch let error as CommandHandlingError {
            #expect(error.code == .staleVersion)
            #expect(error.expected == 1)
            #expect(error.actual == 2)
        }
    }

    static func outcome(_ body: () async throws -> Int) async -> Result<Int, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
