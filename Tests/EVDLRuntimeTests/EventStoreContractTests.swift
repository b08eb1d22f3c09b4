import EVDLRuntime
import Foundation
import Testing

/// The two stores under the same contract.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory, file

    var testDescription: String { rawValue }

    func make() throws -> (any EventStore, TemporaryDirectory?) {
        switch self {
        case .inMemory:
            return (InMemoryEventStore(), nil)
        case .file:
            let directory = try TemporaryDirectory()
            return (try FileEventStore(path: directory.path("events.log"), durability: .groupCommit, preallocation: 64 << 10), directory)
        }
    }
}

func event(_ type: String = "Test.Happened", _ body: String = "{}", command: UUID? = nil, at seconds: Int = 0, metadata: [String: String] = [:]) -> NewEvent {
    NewEvent(typeName: type, timestamp: date(seconds), commandID: command, metadata: metadata, payload: Data(body.utf8))
}

@Suite struct EventStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func expectedVersionsAreEnforcedAndConflictsNameBothVersions(_ kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory?.remove() }
        let stream: StreamID = "Order-1"
        let first = try await store.append([event(), event()], to: stream, expectedVersion: .noStream)
        #expect(first.streamVersion == 2)
        #expect(first.events.map(\.streamVersion) == [1, 2])
        #expect(first.events.map(\.globalPosition) == [1, 2])
        do {
            try await store.append([event()], to: stream, expectedVersion: .noStream)
            Issue.record("expected a conflict")
        } catch let error as EventStoreError {
            #expect(error.code == .wrongExpectedVersion)
            #expect(error.expected == .noStream)
            #expect(error.actual == 2)
            #expect(error.description == "wrongExpectedVersion: stream `Order-1` was expected at no stream but is at version 2")
        }
        do {
            try await store.append([event()], to: stream, expectedVersion: .exact(1))
            Issue.record("expected a conflict")
        } catch let error as EventStoreError {
            #expect(error.expected == .exact(1))
            #expect(error.actual == 2)
        }
        #expect(try await store.append([event()], to: stream, expectedVersion: .exact(2)).streamVersion == 3)
        #expect(try await store.append([event()], to: stream, expectedVersion: .any).streamVersion == 4)
        #expect(try await store.append([], to: stream, expectedVersion: .exact(4)).events.isEmpty)
        #expect(try await store.append([event()], to: "Order-2", expectedVersion: .exact(0)).events[0].globalPosition == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func readsStreamsAndEverythingInOrder(_ kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory?.remove() }
        for index in 0..<10 {
            try await store.append([event("T.E", "{\"n\":\(index)}", metadata: ["n": "\(index)"])], to: StreamID("S-\(index % 3)"), expectedVersion: .any)
        }
        let s1 = try await store.readStream("S-1")
        #expect(s1.map(\.globalPosition) == [2, 5, 8])
        #expect(s1.map(\.streamVersion) == [1, 2, 3])
        #expect(s1.map { String(decoding: $0.payload, as: UTF8.self) } == ["{\"n\":1}", "{\"n\":4}", "{\"n\":7}"])
        #expect(s1.map { $0.metadata["n"] } == ["1", "4", "7"])
        #expect(try await store.readStream("S-1", fromVersion: 3).map(\.globalPosition) == [8])
        #expect(try await store.readStream("S-1", fromVersion: 4).isEmpty)
        #expect(try await store.readStream("nope").isEmpty)
        #expect(try await store.readAll(fromPosition: 4, limit: 3).map(\.globalPosition) == [4, 5, 6])
        #expect(try await store.readAll(fromPosition: 9, limit: 100).map(\.globalPosition) == [9, 10])
        #expect(try await store.readAll(fromPosition: 11, limit: 100).isEmpty)
        #expect(try await store.headPosition() == 10)
        #expect(try await store.streamVersion("S-0") == 4)
        #expect(try await store.streamVersion("nope") == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aCommandIdIsCommittedOnce(_ kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory?.remove() }
        let command = id(7)
        let appended = try await store.append([event(command: command), event(command: command)], to: "A", expectedVersion: .any)
        do {
            try await store.append([event(command: command)], to: "B", expectedVersion: .any)
            Issue.record("expected a duplicate command")
        } catch let error as EventStoreError {
            #expect(error.code == .duplicateCommand)
            #expect(error.commandID == command)
        }
        #expect(try await store.events(forCommand: command) == appended.events)
        #expect(try await store.events(forCommand: id(8)) == nil)
        #expect(try await store.headPosition() == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func envelopeIsKeptWithMillisecondTimestamps(_ kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory?.remove() }
        let new = NewEvent(
            eventID: id(1), typeName: "Order.OrderPlaced", schemaVersion: 3, timestamp: Date(timeIntervalSince1970: 1_800_000_000.123_456),
            commandID: id(2), causationID: id(3), correlationID: id(4), metadata: ["user": "ada", "ip": "::1"], payload: Data("{\"a\":1}".utf8)
        )
        try await store.append([new], to: "Order-1", expectedVersion: .noStream)
        let recorded = try #require(try await store.readStream("Order-1").first)
        #expect(recorded.eventID == id(1))
        #expect(recorded.typeName == "Order.OrderPlaced")
        #expect(recorded.schemaVersion == 3)
        #expect(recorded.timestamp == Date(millisecondsSince1970: 1_800_000_000_123))
        #expect(recorded.commandID == id(2))
        #expect(recorded.causationID == id(3))
        #expect(recorded.correlationID == id(4))
        #expect(recorded.metadata == ["user": "ada", "ip": "::1"])
        #expect(recorded.payload == Data("{\"a\":1}".utf8))
    }

    @Test(arguments: StoreKind.allCases)
    func followDeliversStoredThenNewEventsInOrder(_ kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory?.remove() }
        try await store.append([event(), event()], to: "A", expectedVersion: .any)
        let reader = Task {
            var positions: [Int64] = []
            for try await recorded in store.follow(fromPosition: 2) {
                positions.append(recorded.globalPosition)
                if positions.count == 4 { break }
            }
            return positions
        }
        for _ in 0..<3 {
            try await store.append([event()], to: "B", expectedVersion: .any)
        }
        #expect(try await reader.value == [2, 3, 4, 5])
    }
}

@Suite struct StoredEventJSONTests {
    @Test func shapeIsStableAndDocumented() throws {
        let recorded = RecordedEvent(
            eventID: id(1), streamID: "Order-1", streamVersion: 2, globalPosition: 7, typeName: "Order.OrderPlaced",
            schemaVersion: 1, timestamp: Date(millisecondsSince1970: 1_800_000_000_123), commandID: id(2), causationID: nil,
            correlationID: id(3), metadata: ["user": "ada"], payload: Data("{\"total\":10}".utf8)
        )
        let json = String(decoding: try StoredEventJSON.jsonLines([recorded]), as: UTF8.self)
        #expect(json == """
        {"causationId":null,"commandId":"00000000-0000-0000-0000-000000000002","correlationId":"00000000-0000-0000-0000-000000000003",\
        "eventId":"00000000-0000-0000-0000-000000000001","globalPosition":7,"metadata":{"user":"ada"},"payload":"{\\"total\\":10}",\
        "schemaVersion":1,"streamId":"Order-1","streamVersion":2,"timestamp":"2027-01-15T08:00:00.123Z","type":"Order.OrderPlaced"}

        """)
        let decoded = try JSONDecoder().decode(StoredEventJSON.self, from: Data(json.utf8.dropLast()))
        #expect(try decoded.recordedEvent() == recorded)
    }

    @Test func nonUTF8PayloadRoundTripsAsBase64() throws {
        let recorded = RecordedEvent(
            eventID: id(1), streamID: "S", streamVersion: 1, globalPosition: 1, typeName: "T", schemaVersion: 1,
            timestamp: Date(millisecondsSince1970: 0), commandID: nil, causationID: nil, correlationID: nil, metadata: [:],
            payload: Data([0xFF, 0x00, 0xFE])
        )
        let data = try StoredEventJSON.jsonLines([recorded]).dropLast()
        #expect(String(decoding: data, as: UTF8.self).contains("\"payloadBase64\":\"/wD+\""))
        #expect(try JSONDecoder().decode(StoredEventJSON.self, from: data).recordedEvent() == recorded)
    }
}

@Suite struct CRC32Tests {
    @Test func knownVectors() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func continuingEqualsOneShotAtEveryLength() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [0, 1, 7, 8, 9, 150, 299, 300] {
            let first = bytes[..<split].withUnsafeBytes { CRC32.checksum($0) }
            let both = bytes[split...].withUnsafeBytes { CRC32.checksum($0, continuing: first) }
            #expect(both == CRC32.checksum(bytes), "split at \(split)")
        }
    }
}
