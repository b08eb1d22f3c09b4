@testable import EVDLPostgres
import EVDLRuntime
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// A broker double: records every confirmed message; can be told to fail some.
final class RecordingPublisher: MessagePublisher, Sendable {
    private let state = Mutex<(messages: [OutboundMessage], failures: [UUID: Int])>(([], [:]))

    /// Makes `publish` of `messageID` fail `times` times before it succeeds.
    func fail(_ messageID: UUID, times: Int) {
        state.withLock { $0.failures[messageID] = times }
    }

    func publish(_ message: OutboundMessage) async throws {
        try state.withLock { state in
            if let left = state.failures[message.messageID], left > 0 {
                state.failures[message.messageID] = left - 1
                throw PublishFailure()
            }
            state.messages.append(message)
        }
    }

    var messages: [OutboundMessage] { state.withLock { $0.messages } }

    struct PublishFailure: Error {}
}

let routes = OutboxRoutes([
    .init(eventType: "Order.OrderPlaced", topic: "orders.placed"),
    .init(eventType: "Order.OrderPlaced", topic: "audit"),
    .init(eventType: "Order.OrderShipped", topic: "orders.shipped"),
])

func placed(_ n: Int) -> NewEvent {
    NewEvent(typeName: "Order.OrderPlaced", correlationID: UUID(), metadata: ["n": "\(n)"], payload: Data("{\"n\":\(n),\"note\":\"it's\"}".utf8))
}

func shipped(_ n: Int) -> NewEvent {
    NewEvent(typeName: "Order.OrderShipped", payload: Data("{\"n\":\(n)}".utf8))
}

@Suite struct OutboxTableTests {
    @Test func routedEventsGetRowsInDebeziumsShapeInTheAppendsTransaction() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            let appended = try await store.append([placed(1), NewEvent(typeName: "Order.Noted", payload: Data("x".utf8)), shipped(1)], to: "Order-1", expectedVersion: .noStream)
            let rows = try await store.client.query("""
                SELECT id, aggregatetype, aggregateid, type, payload::text, topic, event_position FROM \(unescaped: store.schema.name).outbox ORDER BY event_position, topic
                """).decode((UUID, String, String, String, String, String, Int64).self)
            var found: [String] = []
            for try await (id, aggregateType, aggregateID, type, payload, topic, position) in rows {
                #expect(id == appended.events[Int(position) - 1].eventID)
                found.append("\(aggregateType)|\(aggregateID)|\(type)|\(payload)|\(topic)|\(position)")
            }
            #expect(found == [
                "Order|Order-1|Order.OrderPlaced|{\"n\":1,\"note\":\"it's\"}|audit|1",
                "Order|Order-1|Order.OrderPlaced|{\"n\":1,\"note\":\"it's\"}|orders.placed|1",
                "Order|Order-1|Order.OrderShipped|{\"n\":1}|orders.shipped|3",
            ])
            // A refused append writes no outbox row either.
            await #expect(throws: EventStoreError.self) { try await store.append([placed(2)], to: "Order-1", expectedVersion: .noStream) }
            #expect(try await PostgresOutboxRelay(store: store, publisher: RecordingPublisher()).pendingCount() == 3)
        }
    }

    @Test func aPublishedPayloadThatIsNotJSONIsRefusedWithItsEvents() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            let error = await #expect(throws: PostgresStoreError.self) {
                try await store.append([shipped(1), NewEvent(typeName: "Order.OrderShipped", payload: Data([0xFF]))], to: "Order-1", expectedVersion: .any)
            }
            #expect(error?.message.contains("Order-1") == true)
            let head = try await store.headPosition()
            #expect(head == 0)
        }
    }
}

@Suite struct PollingRelayTests {
    @Test func severalRelaysPublishEveryRowOnceBetweenThem() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            var expected: Set<String> = []
            for n in 0..<100 {
                let result = try await store.append([placed(n), shipped(n)], to: StreamID("Order-\(n % 7)"), expectedVersion: .any)
                for event in result.events {
                    for topic in routes.topics[event.typeName]! { expected.insert("\(event.eventID)|\(topic)") }
                }
            }
            let publishers = (0..<3).map { _ in RecordingPublisher() }
            let relays = publishers.map { PostgresOutboxRelay(store: store, publisher: $0, batchSize: 20) }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for relay in relays { group.addTask { try await relay.deliverPending() } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let published = publishers.flatMap(\.messages).map { "\($0.messageID)|\($0.topic)" }
            #expect(published.count == 300)
            #expect(Set(published) == expected)
            #expect(counts.reduce(0, +) == 300)
            #expect(try await relays[0].pendingCount() == 0)
            // Each relay published its rows in position order: per stream, versions never go back.
            for publisher in publishers {
                let byStream = Dictionary(grouping: publisher.messages, by: \.streamID)
                for (stream, messages) in byStream {
                    #expect(messages.map(\.streamVersion) == messages.map(\.streamVersion).sorted(), "\(stream)")
                }
            }
            let message = try #require(publishers.flatMap(\.messages).first { $0.typeName == "Order.OrderPlaced" && $0.metadata["n"] == "5" })
            #expect(message.streamID == "Order-5" && String(decoding: message.payload, as: UTF8.self) == "{\"n\":5,\"note\":\"it's\"}")
        }
    }

    @Test func aFailingMessageStaysPendingAndWhatWasConfirmedBeforeItIsMarked() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            let first = try await store.append([shipped(1)], to: "Order-1", expectedVersion: .any)
            let second = try await store.append([shipped(2)], to: "Order-2", expectedVersion: .any)
            try await store.append([shipped(3)], to: "Order-3", expectedVersion: .any)
            let publisher = RecordingPublisher()
            publisher.fail(second.events[0].eventID, times: 2)
            let relay = PostgresOutboxRelay(store: store, publisher: publisher, backoff: .immediate, maxAttempts: 2)
            let error = await #expect(throws: OutboxError.self) { try await relay.deliverPending() }
            #expect(error?.code == .publishFailed)
            #expect(publisher.messages.map(\.messageID) == [first.events[0].eventID])
            #expect(try await relay.pendingCount() == 2)
            #expect(try await relay.deliverPending() == 2)
            #expect(publisher.messages.map(\.streamID) == ["Order-1", "Order-2", "Order-3"])
        }
    }

    @Test func runPublishesNewAppendsAsTheyCommit() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            let publisher = RecordingPublisher()
            let relay = PostgresOutboxRelay(store: store, publisher: publisher)
            let running = Task { try await relay.run(pollInterval: .seconds(30)) }
            try await store.append([shipped(1)], to: "Order-1", expectedVersion: .any)
            // Woken by the append's notification, not the 30 s poll.
            let deadline = ContinuousClock.now + .seconds(10)
            while publisher.messages.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            running.cancel()
            #expect(publisher.messages.map(\.streamID) == ["Order-1"])
        }
    }
}

@Suite struct CDCRelayTests {
    @Test func insertsAreReadFromTheLogAndTheSlotAdvancesOnlyPastConfirmedTransactions() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            let publisher = RecordingPublisher()
            let relay = PostgresCDCRelay(store: store, publisher: publisher, backoff: .immediate, maxAttempts: 1)
            #expect(try await relay.createSlot())
            #expect(try await !relay.createSlot())
            let a = try await store.append([placed(1), shipped(1)], to: "Order-1", expectedVersion: .noStream)
            try await store.append([NewEvent(typeName: "Order.Noted", payload: Data("{}".utf8))], to: "Order-1", expectedVersion: .any)
            let b = try await store.append([shipped(2)], to: "Order-2", expectedVersion: .noStream)
            let c = try await store.append([shipped(3)], to: "Order-3", expectedVersion: .noStream)
            // The publisher refuses b's message once: a's transaction is acknowledged, b and c stay in the slot.
            publisher.fail(b.events[0].eventID, times: 1)
            await #expect(throws: OutboxError.self) { try await relay.deliverPending() }
            #expect(publisher.messages.map(\.topic) == ["orders.placed", "audit", "orders.shipped"])
            #expect(try await relay.deliverPending() == 2)
            #expect(try await relay.deliverPending() == 0)
            let messages = publisher.messages
            #expect(messages.map(\.messageID) == [a.events[0].eventID, a.events[0].eventID, a.events[1].eventID, b.events[0].eventID, c.events[0].eventID])
            let first = messages[0]
            #expect(first.streamID == "Order-1" && first.streamVersion == 1 && first.typeName == "Order.OrderPlaced")
            #expect(first.payload == Data("{\"n\":1,\"note\":\"it's\"}".utf8))
            #expect(first.metadata == ["n": "1"] && first.correlationID == a.events[0].correlationID)
            #expect(first.timestamp == a.events[0].timestamp)
            try await relay.dropSlot()
        }
    }

    @Test func aRelayRestartedBeforeAcknowledgingPublishesAgainWithTheSameIDs() async throws {
        try await TestDatabase.withStore(outbox: routes) { store in
            let relay = PostgresCDCRelay(store: store, publisher: RecordingPublisher(), slot: "\(store.schema.name)_restart")
            try await relay.createSlot()
            let appended = try await store.append([shipped(1)], to: "Order-1", expectedVersion: .noStream)
            // A publisher that confirms nothing (the process dies before it answers): nothing is acknowledged.
            let dead = RecordingPublisher()
            dead.fail(appended.events[0].eventID, times: 1)
            await #expect(throws: OutboxError.self) {
                try await PostgresCDCRelay(store: store, publisher: dead, slot: relay.slot, backoff: .immediate, maxAttempts: 1).deliverPending()
            }
            let next = RecordingPublisher()
            #expect(try await PostgresCDCRelay(store: store, publisher: next, slot: relay.slot).deliverPending() == 1)
            #expect(next.messages.map(\.messageID) == [appended.events[0].eventID])
            try await relay.dropSlot()
        }
    }
}

@Suite struct OutboxLineParsingTests {
    @Test func testDecodingInsertsParse() throws {
        let line = "table evdl.outbox: INSERT: id[uuid]:'6f1c0e0a-1b2c-4d5e-8f90-0a1b2c3d4e5f' type[text]:'it''s' n[bigint]:42 gone[uuid]:null \"Odd Name\"[text]:'a b' payload[json]:'{\"x\":\"y z\"}'"
        guard case .insert(let table, let columns) = try TestDecodingLine.parse(line) else {
            Issue.record("not an insert")
            return
        }
        #expect(table == "evdl.outbox")
        #expect(columns["type"] == .some("it's"))
        #expect(columns["n"] == .some("42"))
        #expect(columns["gone"] == .some(nil))
        #expect(columns["Odd Name"] == .some("a b"))
        #expect(columns["payload"] == .some("{\"x\":\"y z\"}"))
        #expect(throws: PostgresStoreError.self) { try TestDecodingLine.parse("table evdl.outbox: INSERT: id[uuid]:'unterminated") }
        #expect(try TestDecodingLine.parse("table evdl.outbox: UPDATE: id[uuid]:'x'") == .other)
    }

    @Test func utcTimestampsParseToMilliseconds() {
        #expect(parseUTCTimestamp("2027-01-15 08:00:00.123+00") == 1_800_000_000_123)
        #expect(parseUTCTimestamp("1970-01-01 00:00:00+00") == 0)
        #expect(parseUTCTimestamp("2000-02-29 23:59:59.9+00") == 951_868_799_900)
        #expect(parseUTCTimestamp("2027-01-15 08:00:00.123+01") == nil)
    }
}
