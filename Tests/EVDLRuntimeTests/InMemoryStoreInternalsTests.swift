@testable import EVDLRuntime
import Foundation
import Testing

@Suite struct InMemoryStoreInternalsTests {
    @Test func streamsWhoseHashesCollideStayApart() {
        var table = InMemoryStreamTable()
        let (a, b, c): (StreamID, StreamID, StreamID) = ("a", "b", "c")
        table.add(a, hash: 7, indexes: 0..<2)
        table.add(b, hash: 7, indexes: 2..<3)
        let slotA = table.slot(of: a, hash: 7), slotB = table.slot(of: b, hash: 7)
        #expect(slotA != nil && slotB != nil && slotA != slotB)
        #expect(table.slot(of: c, hash: 7) == nil)
        table.append(3..<5, to: slotB!)
        #expect(table.count(of: slotA!) == 2)
        #expect(table.count(of: slotB!) == 3)
    }

    @Test func indexesAreFoundByTheRealHash() {
        var table = InMemoryStreamTable()
        table.append(4, to: "x")
        table.append(9, to: "x")
        table.append(5, to: "y")
        #expect(table.indexes(of: "x") == [4, 9])
        #expect(table.indexes(of: "y") == [5])
        #expect(table.indexes(of: "z") == nil)
    }

    @Test func theLogIndexesAcrossChunks() {
        var log = InMemoryEventLog()
        let stream: StreamID = "s"
        for index in 0..<10_000 {
            log.append(RecordedEvent(
                eventID: UUID(), streamID: stream, streamVersion: Int64(index + 1), globalPosition: Int64(index + 1), typeName: "T",
                schemaVersion: 1, timestamp: Date(), commandID: nil, causationID: nil, correlationID: nil, metadata: [:], payload: Data([UInt8(index & 0xFF)])
            ))
        }
        #expect(log.count == 10_000)
        #expect(log[0].globalPosition == 1)
        #expect(log[4095].globalPosition == 4096)
        #expect(log[4096].globalPosition == 4097)
        #expect(log[9999].payload == Data([UInt8(9999 & 0xFF)]))
        #expect(log.slice(4094..<4099).map(\.globalPosition) == [4095, 4096, 4097, 4098, 4099])
    }

    @Test func joinedConcatenatesUTF8() {
        #expect(joined("a", "é", "", "😀", "-") == "aé😀-")
        #expect(joined() == "")
    }

    @Test func theSpinningLockExcludesConcurrentWriters() async {
        final class Counter: @unchecked Sendable {
            let lock = SpinningLock()
            var value = 0
        }
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<20_000 {
                        counter.lock.withLock { counter.value += 1 }
                    }
                }
            }
        }
        #expect(counter.lock.withLock { counter.value } == 160_000)
    }
}
