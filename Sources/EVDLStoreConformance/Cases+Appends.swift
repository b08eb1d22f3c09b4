import EVDLRuntime
import Foundation

extension EventStoreConformance {
    static let appendCases: [ConformanceCase] = [
        ConformanceCase(name: "expected versions are enforced and conflicts name both versions") { store, check in
            let stream: StreamID = "Order-1"
            let first = try await store.append([event(), event()], to: stream, expectedVersion: .noStream)
            try check.equal(first.streamVersion, 2, "stream version after the first append")
            try check.equal(first.events.map(\.streamVersion), [1, 2], "stream versions of the first append")
            try check.equal(first.events.map(\.globalPosition), [1, 2], "global positions of the first append")
            let noStream = try await check.storeError("appending at no stream to an existing stream") {
                try await store.append([event()], to: stream, expectedVersion: .noStream)
            }
            try check.equal(noStream.code, .wrongExpectedVersion, "error code")
            try check.equal(noStream.expected, .noStream, "expected version in the error")
            try check.equal(noStream.actual, 2, "actual version in the error")
            try check.equal(noStream.streamID, stream, "stream in the error")
            try check.equal(
                noStream.description, "wrongExpectedVersion: stream `Order-1` was expected at no stream but is at version 2", "error description"
            )
            let stale = try await check.storeError("appending at a stale version") {
                try await store.append([event()], to: stream, expectedVersion: .exact(1))
            }
            try check.equal(stale.expected, .exact(1), "expected version in the error")
            try check.equal(stale.actual, 2, "actual version in the error")
            let ahead = try await check.storeError("appending at a version the stream has not reached") {
                try await store.append([event()], to: "Order-3", expectedVersion: .exact(1))
            }
            try check.equal(ahead.actual, 0, "actual version of a missing stream")
            try check.equal(try await store.append([event()], to: stream, expectedVersion: .exact(2)).streamVersion, 3, "version after an exact append")
            try check.equal(try await store.append([event()], to: stream, expectedVersion: .any).streamVersion, 4, "version after an any append")
            try check.expect(try await store.append([], to: stream, expectedVersion: .exact(4)).events.isEmpty, "an empty append records nothing")
            let emptyConflict = try await check.storeError("an empty append still checks the version") {
                try await store.append([], to: stream, expectedVersion: .exact(3))
            }
            try check.equal(emptyConflict.actual, 4, "actual version in the error of an empty append")
            try check.equal(
                try await store.append([event()], to: "Order-2", expectedVersion: .exact(0)).events[0].globalPosition, 5,
                "position after the failed appends (failures leave no gap)"
            )
            try check.equal(try await store.headPosition(), 5, "head position")
        },

        ConformanceCase(name: "a command id is committed once") { store, check in
            let command = uuid(7)
            let appended = try await store.append([event(command: command), event(command: command)], to: "A", expectedVersion: .any)
            let duplicate = try await check.storeError("a second append with the same command id") {
                try await store.append([event(command: command)], to: "B", expectedVersion: .any)
            }
            try check.equal(duplicate.code, .duplicateCommand, "error code")
            try check.equal(duplicate.commandID, command, "command id in the error")
            try check.equal(try await store.events(forCommand: command), appended.events, "events of the command")
            try check.equal(try await store.events(forCommand: uuid(8)), nil, "events of an unknown command")
            try check.equal(try await store.headPosition(), 2, "head position")
            try check.equal(try await store.streamVersion("B"), 0, "the refused append created no stream")
        },

        ConformanceCase(name: "a refused append writes nothing and leaves no gap") { store, check in
            try await store.append([event(command: uuid(1))], to: "A", expectedVersion: .noStream)
            // A batch whose second event carries a committed command id: none of the batch is written.
            _ = try await check.storeError("a batch carrying a committed command id") {
                try await store.append([event(command: uuid(2)), event(command: uuid(1))], to: "B", expectedVersion: .any)
            }
            try check.equal(try await store.events(forCommand: uuid(2)), nil, "the refused batch's other command")
            _ = try await check.storeError("a batch with a stale expected version") {
                try await store.append([event(), event(), event()], to: "A", expectedVersion: .noStream)
            }
            try check.equal(try await store.headPosition(), 1, "head position after refused appends")
            try check.equal(try await store.readAll(fromPosition: 1, limit: 10).count, 1, "events stored")
            let next = try await store.append([event(command: uuid(2)), event()], to: "B", expectedVersion: .noStream)
            try check.equal(next.events.map(\.globalPosition), [2, 3], "positions after refused appends")
            try check.equal(try await store.events(forCommand: uuid(2))?.map(\.globalPosition), [2], "the command appended now")
        },

        ConformanceCase(name: "the envelope is kept with millisecond timestamps") { store, check in
            let new = NewEvent(
                eventID: uuid(1), typeName: "Order.OrderPlaced", schemaVersion: 3, timestamp: Date(timeIntervalSince1970: 1_800_000_000.123_456),
                commandID: uuid(2), causationID: uuid(3), correlationID: uuid(4), metadata: ["user": "ada", "ip": "::1", "note": "ü \"q\" 🚀"],
                payload: Data("{\"a\":1}".utf8)
            )
            let appended = try await store.append([new], to: "Order-1", expectedVersion: .noStream)
            let read = try await store.readStream("Order-1", fromVersion: 1)
            try check.equal(read, appended.events, "the stream read back equals the append's result")
            guard let recorded = read.first else { return try check.expect(false, "the stream is empty") }
            try check.equal(recorded.eventID, uuid(1), "event id")
            try check.equal(recorded.streamID, "Order-1", "stream")
            try check.equal(recorded.typeName, "Order.OrderPlaced", "type")
            try check.equal(recorded.schemaVersion, 3, "schema version")
            try check.equal(recorded.timestamp, Date(millisecondsSince1970: 1_800_000_000_123), "timestamp")
            try check.equal(recorded.commandID, uuid(2), "command id")
            try check.equal(recorded.causationID, uuid(3), "causation id")
            try check.equal(recorded.correlationID, uuid(4), "correlation id")
            try check.equal(recorded.metadata, ["user": "ada", "ip": "::1", "note": "ü \"q\" 🚀"], "metadata")
            try check.equal(recorded.payload, Data("{\"a\":1}".utf8), "payload")
            try check.equal(try await store.readAll(fromPosition: 1, limit: 1), appended.events, "readAll equals the append's result")
        },

        ConformanceCase(name: "payload bytes are kept exactly") { store, check in
            let payloads = [
                Data(), Data([0xFF, 0x00, 0xFE]), Data("{\"text\":\"line\\nbreak\", \"é\": [1, 2.5e3, null]}".utf8),
                Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }),
            ]
            let new = payloads.map { NewEvent(typeName: "Test.Bytes", payload: $0) }
            try await store.append(new, to: "Bytes-'quoted' \"name\" ✓", expectedVersion: .noStream)
            let read = try await store.readStream("Bytes-'quoted' \"name\" ✓", fromVersion: 1)
            try check.equal(read.count, payloads.count, "events read")
            for (index, recorded) in read.enumerated() {
                try check.expect(recorded.payload == payloads[index], "payload \(index) (\(payloads[index].count) bytes) came back as \(recorded.payload.count) different bytes")
            }
        },
    ]
}
