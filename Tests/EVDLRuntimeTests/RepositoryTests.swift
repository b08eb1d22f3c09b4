import EVDLRuntime
import Foundation
import Testing

@Suite struct RepositoryTests {
    let order = Order(swiftDecisions: Warehouse())

    @Test func acceptsCommandsAndRebuildsStateByReplay() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        let first = try await repository.execute(place(1), context: CommandContext(now: date(1)))
        #expect(first.version == 1)
        #expect(first.events == [placed(1, at: 1)])
        #expect(first.recorded.map(\.typeName) == ["Order.OrderPlaced"])
        #expect(first.recorded[0].streamID == StreamID("Order-\(id(1))"))
        let second = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
        #expect(second.version == 2)
        let loaded = try await repository.load(id(1))
        #expect(loaded.version == 2)
        #expect(loaded.replayedEvents == 2)
        #expect(loaded.state.status == .confirmed)
        #expect(loaded.state.customerId == id(100))
    }

    @Test func rejectionPropagatesAndAppendsNothing() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        _ = try await repository.execute(place(1))
        await #expect(throws: CommandRejection("only a placed order can be shipped")) {
            _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
            _ = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "r")))
            _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")))
        }
        #expect(await store.streamVersion(Order.streamID(for: id(1))) == 3)
    }

    @Test func aCommandForAnAggregateThatDoesNotExistIsRejectedBeforeDecide() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        do {
            _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(9))))
            Issue.record("expected a rejection")
        } catch let rejection as CommandRejection {
            #expect(rejection.code == .aggregateNotFound)
            #expect(rejection.aggregate == "Order")
            #expect(rejection.aggregateID == id(9).description)
            #expect(rejection.message == "`Order.ConfirmOrder` needs an existing `Order`, but `Order` `\(id(9))` does not exist")
        }
        #expect(await store.streamVersion(Order.streamID(for: id(9))) == 0)
    }

    @Test func creatingTwiceIsRejectedBeforeDecide() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        _ = try await repository.execute(place(1))
        do {
            _ = try await repository.execute(place(1))
            Issue.record("expected a rejection")
        } catch let rejection as CommandRejection {
            #expect(rejection.code == .aggregateAlreadyExists)
            #expect(rejection.message == "`Order.PlaceOrder` creates `Order` `\(id(1))`, which already exists (version 1)")
        }
        #expect(await store.streamVersion(Order.streamID(for: id(1))) == 1)
        // A rule's rejection keeps its source-compatible shape: code `.rule`, no aggregate.
        #expect(CommandRejection("no") == CommandRejection(code: .rule, message: "no"))
    }

    @Test func commandsDecidedInSwiftFollowTheSameRule() async throws {
        let repository = Repository(aggregate: order, store: InMemoryEventStore())
        await #expect(throws: CommandRejection(code: .aggregateNotFound, aggregate: "Order", aggregateID: id(3).description,
                                               message: "`Order.ShipOrder` needs an existing `Order`, but `Order` `\(id(3))` does not exist")) {
            try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(3), tracking: "T")))
        }
    }

    @Test func commandIdIsIdempotent() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        let context = CommandContext(now: date(1), commandID: id(900))
        let first = try await repository.execute(place(1), context: context)
        let again = try await repository.execute(place(1), context: context)
        #expect(!first.wasDuplicate)
        #expect(again.wasDuplicate)
        #expect(again.events == first.events)
        #expect(again.version == first.version)
        #expect(again.recorded == first.recorded)
        #expect(await store.headPosition() == 1)
        #expect(first.recorded[0].commandID == id(900))
    }

    @Test func staleClientIsToldInsteadOfOverwriting() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        _ = try await repository.execute(place(1))
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
        do {
            _ = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "r")), expectedVersion: 1)
            Issue.record("expected a stale error")
        } catch let error as CommandHandlingError {
            #expect(error.code == .staleVersion)
            #expect(error.expected == 1)
            #expect(error.actual == 2)
            #expect(error.message.contains("reload"))
        }
        #expect(await store.streamVersion(Order.streamID(for: id(1))) == 2)
        let current = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "r")), expectedVersion: 2)
        #expect(current.version == 3)
    }

    @Test func losingARaceDecidesAgainOnTheNewState() async throws {
        let base = InMemoryEventStore()
        // Before the first append of the repository under test lands, another writer confirms the order.
        let store = InterferingStore(base: base) { base in
            let other = Repository(aggregate: Order(swiftDecisions: Warehouse()), store: base)
            _ = try await other.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
        }
        _ = try await Repository(aggregate: order, store: base).execute(place(1))
        let repository = Repository(aggregate: order, store: store)
        let result = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")))
        #expect(await store.appendAttempts == 2)
        #expect(result.version == 3)
        let types = try await base.readStream(Order.streamID(for: id(1))).map(\.typeName)
        #expect(types == ["Order.OrderPlaced", "Order.OrderConfirmed", "Order.OrderShipped"])
    }

    @Test func concurrentWritersOnOneStreamAllSucceedWithOneEffect() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store, maxConflictRetries: 20)
        _ = try await repository.execute(place(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<10 {
                group.addTask {
                    _ = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "writer \(writer)")))
                }
            }
            try await group.waitForAll()
        }
        let types = try await store.readStream(Order.streamID(for: id(1))).map(\.typeName)
        #expect(types == ["Order.OrderPlaced", "Order.OrderCancelled"])
    }

    @Test func givesUpAfterTooManyConflicts() async throws {
        let base = InMemoryEventStore()
        _ = try await Repository(aggregate: order, store: base).execute(place(1))
        let store = InterferingStore(base: base, everyTime: true) { base in
            let stream = Order.streamID(for: id(1))
            try await base.append([NewEvent(typeName: Order.OrderConfirmed.typeName, payload: Data("{\"orderId\":\"\(id(1))\"}".utf8))], to: stream, expectedVersion: .any)
        }
        let repository = Repository(aggregate: order, store: store, maxConflictRetries: 2)
        do {
            _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")))
            Issue.record("expected too many conflicts")
        } catch let error as CommandHandlingError {
            #expect(error.code == .tooManyConflicts)
            #expect(await store.appendAttempts == 3)
        }
    }

    @Test func unknownEventTypeInTheStoreIsAClearError() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        _ = try await repository.execute(place(1))
        try await store.append([NewEvent(typeName: "Order.OrderRefunded", payload: Data("{}".utf8))], to: Order.streamID(for: id(1)), expectedVersion: .exact(1))
        do {
            _ = try await repository.load(id(1))
            Issue.record("expected a decoding error")
        } catch let error as EventDecodingError {
            #expect(error.code == .unknownEventType)
            #expect(error.typeName == "Order.OrderRefunded")
            #expect(error.streamID == Order.streamID(for: id(1)))
            #expect(error.streamVersion == 2)
            #expect(error.description.contains("unknown event type `Order.OrderRefunded` for aggregate `Order`"))
            #expect(error.description.contains("`Order.OrderShipped`"))
        }
    }

    @Test func newerSchemaVersionAndBadPayloadAreClearErrors() async throws {
        let store = InMemoryEventStore()
        let stream = Order.streamID(for: id(1))
        try await store.append([NewEvent(typeName: Order.OrderConfirmed.typeName, schemaVersion: 2, payload: Data("{\"orderId\":\"\(id(1))\"}".utf8))], to: stream, expectedVersion: .noStream)
        let repository = Repository(aggregate: order, store: store)
        await #expect(throws: EventDecodingError.self) { try await repository.load(id(1)) }
        do { _ = try await repository.load(id(1)) } catch let error as EventDecodingError { #expect(error.code == .unsupportedSchemaVersion) }
        try await store.append([NewEvent(typeName: Order.OrderConfirmed.typeName, payload: Data("{}".utf8))], to: Order.streamID(for: id(2)), expectedVersion: .noStream)
        do {
            _ = try await repository.load(id(2))
            Issue.record("expected a decoding error")
        } catch let error as EventDecodingError {
            #expect(error.code == .invalidPayload)
        }
    }
}

/// Wraps a store and runs `interfere` against the base store just before forwarding the first append (or every
/// append), simulating a writer that wins the race.
actor InterferingStore: EventStore {
    let base: any EventStore
    let everyTime: Bool
    let interfere: @Sendable (any EventStore) async throws -> Void
    private(set) var appendAttempts = 0

    init(base: any EventStore, everyTime: Bool = false, interfere: @escaping @Sendable (any EventStore) async throws -> Void) {
        self.base = base
        self.everyTime = everyTime
        self.interfere = interfere
    }

    func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        appendAttempts += 1
        if appendAttempts == 1 || everyTime {
            try await interfere(base)
        }
        return try await base.append(events, to: stream, expectedVersion: expectedVersion)
    }

    func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent] { try await base.readStream(stream, fromVersion: fromVersion) }
    func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent] { try await base.readAll(fromPosition: fromPosition, limit: limit) }
    func streamVersion(_ stream: StreamID) async throws -> Int64 { try await base.streamVersion(stream) }
    func headPosition() async throws -> Int64 { try await base.headPosition() }
    func events(forCommand commandID: UUID) async throws -> [RecordedEvent]? { try await base.events(forCommand: commandID) }
    nonisolated func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> { base.follow(fromPosition: fromPosition) }
}
