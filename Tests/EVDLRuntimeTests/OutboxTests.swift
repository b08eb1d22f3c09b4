import EVDLRuntime
import Foundation
import Testing

/// A broker double: records every message it confirms; can fail its next deliveries.
actor FakeBroker: MessagePublisher {
    private(set) var received: [OutboundMessage] = []
    private var failNext = 0

    func failNext(_ count: Int) { failNext = count }

    func publish(_ message: OutboundMessage) async throws {
        if failNext > 0 {
            failNext -= 1
            throw Unavailable(what: "broker")
        }
        received.append(message)
    }

    var ids: [UUID] { received.map(\.messageID) }
}

private let routes = OutboxRoutes([.init(Order.OrderPlaced.self, topic: "orders.placed"), .init(Order.OrderShipped.self, topic: "orders.shipped")])

private func placedEvent(_ number: Int) throws -> NewEvent {
    try NewEvent(placed(number), context: CommandContext(now: date(number)))
}

@Suite struct OutboxTests {
    /// Both stores, with the outbox routes.
    private func stores(_ directory: TemporaryDirectory) throws -> [any EventStore] {
        [InMemoryEventStore(outbox: routes), try FileEventStore(path: directory.path("log"), durability: .noSync, outbox: routes)]
    }

    @Test func entriesAreCommittedInTheSameAppendAsTheirEventsInBothStores() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for store in try stores(directory) {
            let stream = Order.streamID(for: id(1))
            let appended = try await store.append([try placedEvent(1)], to: stream, expectedVersion: .noStream)
            #expect(appended.events.count == 1)  // the caller sees its own events only
            // A routed event that loses its append leaves no entry either.
            await #expect(throws: EventStoreError.self) {
                try await store.append([try placedEvent(1)], to: stream, expectedVersion: .noStream)
            }
            // An event that is not routed gets no entry.
            try await store.append([try NewEvent(Order.Event.orderConfirmed(.init(orderId: id(1))), context: CommandContext())], to: stream, expectedVersion: .exact(1))
            let entries = try await store.readStream(OutboxRoutes.stream, fromVersion: 1)
            #expect(entries.count == 1)
            let entry = try OutboxEntry(decoding: entries[0])
            #expect(entry == OutboxEntry(eventPosition: appended.events[0].globalPosition, eventID: appended.events[0].eventID, topic: "orders.placed"))
            #expect(entries[0].globalPosition == appended.events[0].globalPosition + 1)
            #expect(try await store.headPosition() == 3)
        }
    }

    @Test func aTornAppendLosesTheEventAndItsEntryTogether() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("log")
        let store = try FileEventStore(path: path, durability: .noSync, outbox: routes)
        try await store.append([try placedEvent(1)], to: Order.streamID(for: id(1)), expectedVersion: .noStream)
        await store.close()
        let before = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let again = try FileEventStore(path: path, durability: .noSync, outbox: routes)
        try await again.append([try placedEvent(2)], to: Order.streamID(for: id(2)), expectedVersion: .noStream)
        await again.close()
        let after = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let full = try Data(contentsOf: URL(fileURLWithPath: path))
        for cut in stride(from: before + 1, to: after, by: max(1, (after - before) / 7)) {
            try full.prefix(cut).write(to: URL(fileURLWithPath: path))
            let reopened = try FileEventStore(path: path, durability: .noSync, outbox: routes)
            #expect(reopened.recovery.truncatedBytes == Int64(cut - before))
            #expect(try await reopened.readStream(Order.streamID(for: id(2))).isEmpty)
            #expect(try await reopened.readStream(OutboxRoutes.stream).count == 1)
            await reopened.close()
        }
        try full.write(to: URL(fileURLWithPath: path))
        let whole = try FileEventStore(path: path, durability: .noSync, outbox: routes)
        #expect(try await whole.readStream(OutboxRoutes.stream).count == 2)
        await whole.close()
    }

    @Test func aCrashBetweenAppendAndPublishIsDeliveredAfterTheRestart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("log")
        let store = try FileEventStore(path: path, durability: .noSync, outbox: routes)
        let appended = try await store.append([try placedEvent(1), try placedEvent(2)].enumerated().map { var e = $1; e.eventID = id(700 + $0); return e }, to: Order.streamID(for: id(1)), expectedVersion: .noStream)
        await store.close()  // the process dies before any relay ran

        let broker = FakeBroker()
        let reopened = try FileEventStore(path: path, durability: .noSync, outbox: routes)
        let relay = OutboxRelay(store: reopened, publisher: broker, backoff: .immediate)
        #expect(try await relay.deliverPending() == 2)
        #expect(await broker.ids == appended.events.map(\.eventID))
        #expect(await broker.received.map(\.topic) == ["orders.placed", "orders.placed"])
        #expect(await broker.received[0].payload == appended.events[0].payload)
        #expect(try await relay.deliveredThrough().entries == 2)
        // Delivered means marked: a second pass publishes nothing.
        #expect(try await relay.deliverPending() == 0)
        await reopened.close()
    }

    @Test func aCrashBeforeTheDeliveryMarkRepublishesWithTheSameIds() async throws {
        let store = InMemoryEventStore(outbox: routes)
        try await store.append([try placedEvent(1)], to: Order.streamID(for: id(1)), expectedVersion: .noStream)
        let broker = FakeBroker()
        // The broker confirms, but the mark cannot be written: the process "dies" there.
        let dying = OutboxRelay(store: CrashingStore(store, budget: 0), publisher: broker, backoff: .immediate)
        await #expect(throws: SimulatedCrash.self) { try await dying.deliverPending() }
        let relay = OutboxRelay(store: store, publisher: broker, backoff: .immediate)
        #expect(try await relay.deliverPending() == 1)
        let ids = await broker.ids
        #expect(ids.count == 2)
        #expect(ids[0] == ids[1])
        #expect(try await relay.deliverPending() == 0)
    }

    @Test func aFailingPublisherIsRetriedAndAnEntryIsNeverSkipped() async throws {
        let store = InMemoryEventStore(outbox: routes)
        try await store.append([try placedEvent(1)], to: Order.streamID(for: id(1)), expectedVersion: .noStream)
        try await store.append([try placedEvent(2)], to: Order.streamID(for: id(2)), expectedVersion: .noStream)
        let broker = FakeBroker()
        await broker.failNext(2)
        let relay = OutboxRelay(store: store, publisher: broker, backoff: .immediate, maxAttempts: 3)
        #expect(try await relay.deliverPending() == 2)
        #expect(await broker.received.count == 2)
        // Failing for good: the pass stops, nothing is marked past the failure, the next pass delivers it.
        try await store.append([try placedEvent(3)], to: Order.streamID(for: id(3)), expectedVersion: .noStream)
        await broker.failNext(3)
        await #expect(throws: OutboxError.self) { try await relay.deliverPending() }
        #expect(try await relay.deliveredThrough().entries == 2)
        #expect(try await relay.deliverPending() == 1)
        #expect(await broker.received.count == 3)
    }
}
