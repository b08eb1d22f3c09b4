import EVDLRuntime
import EVDLStoreConformance
import Foundation
import Testing

/// The two stores of this package under the shared conformance suite (`EVDLStoreConformance`, which
/// `Integrations/PostgreSQL` runs against its store too).
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
    @Test(arguments: StoreKind.allCases, EventStoreConformance.caseNames)
    func conformance(_ kind: StoreKind, _ caseName: String) async throws {
        let (store, directory) = try kind.make()
        defer { directory?.remove() }
        try await EventStoreConformance.run(caseName, on: store)
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
