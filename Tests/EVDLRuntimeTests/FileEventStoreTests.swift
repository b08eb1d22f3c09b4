import EVDLRuntime
import Foundation
import Testing

func fileSize(_ path: String) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
}

@Suite struct FileEventStoreTests {
    /// Three appends (2 + 1 + 2 events) on two streams; returns the file size after each append (record ends).
    func writeThreeAppends(_ path: String, marking: FileEventStore.CommitMarking = .withNextSync) async throws -> [Int] {
        let store = try FileEventStore(path: path, durability: .fsyncPerAppend, preallocation: 64 << 10, commitMarking: marking)
        var ends: [Int] = []
        try await store.append([event("T.A", "{\"n\":1}", command: id(1)), event("T.A", "{\"n\":2}", command: id(1))], to: "S-1", expectedVersion: .noStream)
        ends.append(Int(await store.logSize))
        try await store.append([event("T.B", "{\"n\":3}", metadata: ["k": "v"])], to: "S-2", expectedVersion: .noStream)
        ends.append(Int(await store.logSize))
        try await store.append([event("T.A", "{\"n\":4}"), event("T.C", "{\"n\":5}")], to: "S-1", expectedVersion: .exact(2))
        ends.append(Int(await store.logSize))
        #expect(await store.syncCount == 3)
        // Zeros are written ahead of the log while it is open, and cut off by a clean close.
        #expect(try fileSize(path) > ends[2])
        await store.close()
        #expect(try fileSize(path) == ends[2])
        return ends
    }

    @Test func reopenAfterCleanCloseRestoresEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await writeThreeAppends(path)
        let store = try FileEventStore(path: path, preallocation: 64 << 10)
        // A clean close leaves the commit mark at the end of the log.
        #expect(store.recovery == LogRecovery(events: 5, validBytes: Int64(ends[2]), truncatedBytes: 0, committedBytes: Int64(ends[2])))
        #expect(try await store.headPosition() == 5)
        #expect(try await store.streamVersion("S-1") == 4)
        #expect(try await store.readStream("S-1").map { String(decoding: $0.payload, as: UTF8.self) } == ["{\"n\":1}", "{\"n\":2}", "{\"n\":4}", "{\"n\":5}"])
        #expect(try await store.readStream("S-2").first?.metadata == ["k": "v"])
        #expect(try await store.events(forCommand: id(1))?.map(\.globalPosition) == [1, 2])
        await #expect(throws: EventStoreError.self) {
            try await store.append([event(command: id(1))], to: "S-3", expectedVersion: .any)
        }
        try await store.append([event()], to: "S-1", expectedVersion: .exact(4))
        await store.close()
        await #expect(throws: EventStoreError(code: .closed, message: "the event store `\(path)` is closed")) {
            try await store.headPosition()
        }
        #expect(try await FileEventStore(path: path, preallocation: 64 << 10).readAll(fromPosition: 1, limit: 100).map(\.streamVersion) == [1, 2, 1, 3, 4, 5])
    }

    @Test func aSecondStoreOnTheSameFileIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileEventStore(path: directory.path("events.log"), preallocation: 64 << 10)
        do {
            _ = try FileEventStore(path: directory.path("events.log"), preallocation: 64 << 10)
            Issue.record("expected the file to be locked")
        } catch let error as EventStoreError {
            #expect(error.code == .ioFailure)
            #expect(error.message.contains("already open"))
        }
        await store.close()
        _ = try FileEventStore(path: directory.path("events.log"), preallocation: 64 << 10)
    }

    /// Cuts the log inside its last record at `cut` bytes past the record's start (negative: from its end): in a
    /// format-1 log closed cleanly (no commit mark: judged by its bytes alone), and in the image of a format-2 log
    /// taken while it was open (its commit mark lags behind the last append).
    @Test(arguments: [1, 3, 8, 11, 12, 13, 30, 100, -1], [FileEventStore.CommitMarking.off, .withNextSync])
    func tornTailIsSetAsideAndTheStoreKeepsWorking(cut: Int, marking: FileEventStore.CommitMarking) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends: [Int]
        if marking == .off {
            ends = try await writeThreeAppends(path, marking: .off)
        } else {
            ends = try await threeAppendsCrashImage(directory, at: path)
        }
        let length = cut >= 0 ? ends[1] + cut : ends[2] + cut
        try #require(length > ends[1] && length < ends[2])
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try original.prefix(length).write(to: URL(fileURLWithPath: path))

        let lines = LogLines()
        let store = try FileEventStore(path: path, preallocation: 64 << 10, log: lines.add)
        let kept = "\(path).discarded-\(ends[1])"
        // The torn tail runs to its last non-zero byte; zeros after it (the cut may fall inside a length field) are
        // reported as zeros.
        let torn = withoutTrailingZeros(original[ends[1]..<length])
        #expect(store.recovery.validBytes == Int64(ends[1]) && store.recovery.truncatedBytes == Int64(length - ends[1]))
        #expect(store.recovery.committedBytes == (marking == .off ? nil : Int64(ends[1])))
        #expect(store.recovery.discarded.map(\.reason) == (torn.count == length - ends[1] ? [.tornTail] : [.tornTail, .zeroFill]))
        #expect(store.recovery.discarded.first?.offset == Int64(ends[1]) && store.recovery.discarded.first?.length == Int64(torn.count))
        #expect(store.recovery.discarded.map(\.length).reduce(0, +) == Int64(length - ends[1]))
        #expect(store.recovery.discarded.first?.keptAt == kept)
        #expect(try Data(contentsOf: URL(fileURLWithPath: kept)) == torn)
        #expect(lines.all.count == store.recovery.discarded.count)
        #expect(lines.all.first?.contains("set aside a torn tail at byte \(ends[1]), \(torn.count) bytes") == true)
        #expect(try fileSize(path) == ends[1])
        #expect(try await store.streamVersion("S-1") == 2)
        #expect(try await store.headPosition() == 3)
        try await store.append([event("T.D")], to: "S-1", expectedVersion: .exact(2))
        await store.close()
        let reopened = try FileEventStore(path: path, preallocation: 64 << 10, log: lines.add)
        #expect(reopened.recovery.truncatedBytes == 0 && reopened.recovery.discarded.isEmpty)
        #expect(lines.all.count == store.recovery.discarded.count)
        #expect(try await reopened.readStream("S-1").map(\.typeName) == ["T.A", "T.A", "T.D"])
    }

    /// `writeThreeAppends` under `marking`, but the log is copied while the store is open, as a crash leaves it
    /// (zeros written ahead included); returns the record ends.
    func threeAppendsCrashImage(_ directory: TemporaryDirectory, at path: String, marking: FileEventStore.CommitMarking = .withNextSync) async throws -> [Int] {
        let live = directory.path("live.log")
        let store = try FileEventStore(path: live, durability: .fsyncPerAppend, preallocation: 64 << 10, commitMarking: marking)
        var ends: [Int] = []
        try await store.append([event("T.A", "{\"n\":1}", command: id(1)), event("T.A", "{\"n\":2}", command: id(1))], to: "S-1", expectedVersion: .noStream)
        ends.append(Int(await store.logSize))
        try await store.append([event("T.B", "{\"n\":3}", metadata: ["k": "v"])], to: "S-2", expectedVersion: .noStream)
        ends.append(Int(await store.logSize))
        try await store.append([event("T.A", "{\"n\":4}"), event("T.C", "{\"n\":5}")], to: "S-1", expectedVersion: .exact(2))
        ends.append(Int(await store.logSize))
        try FileManager.default.copyItem(atPath: live, toPath: path)
        await store.close()
        return ends
    }

    @Test func zeroFilledTailIsTruncated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await writeThreeAppends(path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: 4096))
        try handle.close()
        let store = try FileEventStore(path: path, preallocation: 64 << 10, tail: .refuse, log: nil)
        let zeros = DiscardedBytes(offset: Int64(ends[2]), length: 4096, reason: .zeroFill, detail: "zeros after the log (space written ahead of it)")
        #expect(store.recovery == LogRecovery(events: 5, validBytes: Int64(ends[2]), truncatedBytes: 4096, committedBytes: Int64(ends[2]), discarded: [zeros]))
        #expect(try fileSize(path) == ends[2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["events.log"])
    }

    /// Flips one byte inside the second record: in its length, its length check, its checksum, and its body.
    @Test(arguments: [0, 5, 9, 12, 20, 60, -1])
    func flippedByteInTheMiddleIsReportedWithItsOffset(within: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await writeThreeAppends(path)
        let target = within >= 0 ? ends[0] + within : ends[1] + within
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[target] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try FileEventStore(path: path, preallocation: 64 << 10)
            Issue.record("expected corruption to be reported")
        } catch let error as EventStoreError {
            #expect(error.code == .corruptLog)
            #expect(error.offset == Int64(ends[0]))
            #expect(error.message.contains("is damaged at byte \(ends[0])"))
        }
        // Nothing was truncated: the damaged log is left for a human to look at.
        #expect(try fileSize(path) == ends[2])
    }

    @Test(arguments: [0, 9, 20, -1])
    func flippedByteInTheLastRecordOfACleanlyClosedLogIsCorruption(within: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await writeThreeAppends(path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[within >= 0 ? ends[1] + within : ends[2] + within] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try FileEventStore(path: path, preallocation: 64 << 10)
            Issue.record("expected corruption to be reported")
        } catch let error as EventStoreError {
            #expect(error.code == .corruptLog)
            #expect(error.offset == Int64(ends[1]))
        }
    }

    /// A crash while the store is open leaves the zeros written ahead of the log, and perhaps a last record only
    /// partly written into them: both are a torn tail.
    @Test(arguments: [nil, 1, 5, 12, 20, 40] as [Int?])
    func crashWithZerosWrittenAheadRecoversEveryCompleteAppend(keptOfLastRecord: Int?) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let store = try FileEventStore(path: path, durability: .fsyncPerAppend, preallocation: 64 << 10)
        try await store.append([event("T.A")], to: "S", expectedVersion: .noStream)
        let firstEnd = Int(await store.logSize)
        try await store.append([event("T.B", "{\"long\":\"\(String(repeating: "z", count: 60))\"}")], to: "S", expectedVersion: .exact(1))
        let secondEnd = Int(await store.logSize)
        // The crash: the file as it is on disk while the store is open.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > secondEnd)
        #expect(bytes[secondEnd...].allSatisfy { $0 == 0 })
        if let kept = keptOfLastRecord {
            bytes.replaceSubrange(firstEnd + kept..<secondEnd, with: Data(count: secondEnd - firstEnd - kept))
        }
        let crashed = directory.path("crashed.log")
        try bytes.write(to: URL(fileURLWithPath: crashed))
        let reopened = try FileEventStore(path: crashed, preallocation: 64 << 10)
        let survivors = keptOfLastRecord == nil ? 2 : 1
        #expect(reopened.recovery.events == Int64(survivors))
        #expect(reopened.recovery.validBytes == Int64(survivors == 2 ? secondEnd : firstEnd))
        #expect(try fileSize(crashed) == (survivors == 2 ? secondEnd : firstEnd))
        #expect(try await reopened.readStream("S").map(\.typeName) == Array(["T.A", "T.B"].prefix(survivors)))
        await store.close()
    }

    @Test func replayDecodesStraightFromTheLogLikeReadingTheStream() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileEventStore(path: directory.path("events.log"), durability: .noSync)
        let repository = Repository(aggregate: Order(swiftDecisions: Warehouse()), store: store)
        _ = try await repository.execute(place(1))
        _ = try await repository.execute(place(2, customer: 7))
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
        _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")))
        let stream = Order.streamID(for: id(1))
        let direct = try await store.replay(Order.self, stream: stream, fromVersion: 1, onto: Order.State(), codec: .standard)
        let viaEvents = try Order.replay(recorded: try await store.readStream(stream), from: Order.State(), codec: .standard)
        #expect(direct.state == viaEvents)
        #expect(direct.state.status == .shipped)
        #expect(direct.lastVersion == 3)
        #expect(direct.count == 3)
        let tail = try await store.replay(Order.self, stream: stream, fromVersion: 3, onto: Order.State(), codec: .standard)
        #expect(tail.count == 1 && tail.lastVersion == 3 && tail.state.status == .shipped)
        let none = try await store.replay(Order.self, stream: "Order-none", fromVersion: 1, onto: Order.State(), codec: .standard)
        #expect(none.count == 0 && none.lastVersion == nil)
        #expect(try await repository.load(id(1)).version == 3)

        try await store.append([NewEvent(typeName: "Order.OrderRefunded", payload: Data("{}".utf8))], to: stream, expectedVersion: .exact(3))
        do {
            _ = try await repository.load(id(1))
            Issue.record("expected a decoding error")
        } catch let error as EventDecodingError {
            #expect(error.code == .unknownEventType)
            #expect(error.streamID == stream)
            #expect(error.streamVersion == 4)
        }
    }

    /// A stream spanning more than two read chunks is decoded in parallel spans and evolved in order.
    @Test func replayOfALongStreamDecodesSpansInParallelAndKeepsTheOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileEventStore(path: directory.path("events.log"), durability: .noSync)
        let stream = Order.streamID(for: id(1))
        let codec = PayloadCodec.standard
        let padding = String(repeating: "p", count: 300_000)
        var events: [Order.Event] = []
        for index in 0..<120 {
            // Placed, then cancelled with a long reason; the last event decides the final state.
            events.append(index % 2 == 0 ? placed(1, total: Decimal(index)) : .orderCancelled(Order.OrderCancelled(orderId: id(1), reason: "\(index) \(padding)")))
        }
        events.append(.orderConfirmed(Order.OrderConfirmed(orderId: id(1))))
        for (index, event) in events.enumerated() {
            try await store.append([try NewEvent(event, context: CommandContext(now: date(index)), codec: codec)], to: stream, expectedVersion: .exact(Int64(index)))
        }
        let outcome = try await store.replay(Order.self, stream: stream, fromVersion: 1, onto: Order.State(), codec: codec)
        #expect(outcome.count == 121)
        #expect(outcome.lastVersion == 121)
        #expect(outcome.state == Order.replay(events))
        #expect(outcome.state.status == .confirmed)
        #expect(outcome.state.total == 118)

        // A bad event far into the stream is reported with its place, as in the sequential path.
        try await store.append([NewEvent(typeName: "Order.OrderLost", payload: Data("{}".utf8))], to: stream, expectedVersion: .exact(121))
        try await store.append([try NewEvent(events[0], context: CommandContext(), codec: codec)], to: stream, expectedVersion: .exact(122))
        do {
            _ = try await store.replay(Order.self, stream: stream, fromVersion: 1, onto: Order.State(), codec: codec)
            Issue.record("expected a decoding error")
        } catch let error as EventDecodingError {
            #expect(error.code == .unknownEventType)
            #expect(error.typeName == "Order.OrderLost")
            #expect(error.streamVersion == 122)
        }
    }

    @Test func aFileThatIsNotAnEventLogIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        try Data("hello, this is not a log".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EventStoreError.self) { try FileEventStore(path: path, preallocation: 64 << 10) }
        do { _ = try FileEventStore(path: path, preallocation: 64 << 10) } catch let error as EventStoreError { #expect(error.code == .unsupportedFormat) }
    }

    @Test func groupCommitAppendsAreAllDurableAndOrdered() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let store = try FileEventStore(path: path, durability: .groupCommit, preallocation: 64 << 10)
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for writer in 0..<200 {
                group.addTask {
                    try await store.append([event("T.W", "{\"writer\":\(writer)}")], to: StreamID("W-\(writer % 20)"), expectedVersion: .any)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 200)
        let syncs = await store.syncCount
        #expect(syncs >= 1 && syncs < 200, "200 concurrent appends took \(syncs) syncs")
        await store.close()

        let reopened = try FileEventStore(path: path, preallocation: 64 << 10)
        let all = try await reopened.readAll(fromPosition: 1, limit: 1000)
        #expect(all.map(\.globalPosition) == Array(1...200))
        #expect(Set(all.map { String(decoding: $0.payload, as: UTF8.self) }).count == 200)
        // Each append returned exactly what was stored, and each stream's versions are dense and ordered.
        #expect(Set(results.flatMap(\.events).map(\.eventID)) == Set(all.map(\.eventID)))
        for stream in 0..<20 {
            let events = try await reopened.readStream(StreamID("W-\(stream)"))
            #expect(events.map(\.streamVersion) == Array(1...10))
            #expect(events.map(\.globalPosition) == events.map(\.globalPosition).sorted())
        }
    }

    @Test func largeAndManyEventsAreReadAcrossChunks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileEventStore(path: directory.path("events.log"), durability: .noSync)
        let big = String(repeating: "x", count: 9 << 20)
        let medium = String(repeating: "y", count: 100_000)
        try await store.append([event("T.Big", big)], to: "A", expectedVersion: .any)
        for index in 0..<200 {
            try await store.append([event("T.M", medium + "\(index)")], to: index % 2 == 0 ? "A" : "B", expectedVersion: .any)
        }
        try await store.append([event("T.Big", big + "!")], to: "A", expectedVersion: .any)
        let a = try await store.readStream("A")
        #expect(a.count == 102)
        #expect(a.first?.payload.count == 9 << 20)
        #expect(a.last?.payload.count == (9 << 20) + 1)
        #expect(a.dropFirst().dropLast().map { String(decoding: $0.payload.suffix(3), as: UTF8.self) }.allSatisfy { Int($0.filter(\.isNumber)).map { $0 % 2 == 0 } ?? false })
        #expect(try await store.readStream("B").map(\.streamVersion) == Array(1...100))
        #expect(try await store.readAll(fromPosition: 1, limit: 500).count == 202)
    }

    /// A log of ~11 MB (1,000 appends of 10 events of ~1 KB), so that opening it verifies checksums in parallel
    /// across more than one 8 MB buffer; returns the record ends.
    func writeLargeLog(_ path: String) async throws -> [Int] {
        let store = try FileEventStore(path: path, durability: .noSync)
        var ends: [Int] = []
        for append in 0..<1000 {
            let events = (0..<10).map { index in event("T.Big", "{\"n\":\(append * 10 + index),\"fill\":\"\(String(repeating: "f", count: 1000))\"}") }
            try await store.append(events, to: StreamID("S-\(append % 3)"), expectedVersion: .any)
            ends.append(Int(await store.logSize))
        }
        await store.close()
        return ends
    }

    /// Damage in any record of a large log, before, inside or after the first buffer, is reported at that record's
    /// offset, as in a small log; the file is left as it was.
    @Test(arguments: [0, 400, 760, 999])
    func flippedByteInALargeLogIsReportedAtItsRecord(record: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await writeLargeLog(path)
        #expect(ends.last! > 10 << 20)
        let start = record == 0 ? LogFormatHeaderSize : ends[record - 1]
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[start + 12 + 500] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try FileEventStore(path: path)
            Issue.record("expected corruption to be reported")
        } catch let error as EventStoreError {
            #expect(error.code == .corruptLog)
            #expect(error.offset == Int64(start))
        }
        #expect(try fileSize(path) == ends.last!)
    }

    @Test func largeLogReopensWholeAndATornTailIsCut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await writeLargeLog(path)
        // Written with `.noSync`: the commit mark stays at the header, so the end is judged by its bytes alone.
        let reopened = try FileEventStore(path: path, durability: .noSync)
        #expect(reopened.recovery == LogRecovery(events: 10_000, validBytes: Int64(ends.last!), truncatedBytes: 0, committedBytes: 24))
        #expect(try await reopened.readStream("S-1").count == 3330)
        await reopened.close()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(ends[998] + 300))
        try handle.close()
        let torn = try FileEventStore(path: path, log: nil)
        #expect(torn.recovery.events == 9_990 && torn.recovery.validBytes == Int64(ends[998]) && torn.recovery.truncatedBytes == 300)
        #expect(torn.recovery.discarded.map(\.reason) == [.tornTail])
        #expect(try await torn.readAll(fromPosition: 9_980, limit: 100).count == 11)
        await torn.close()
    }
}

/// The size of a format-2 log's header (magic, version, commit mark).
let LogFormatHeaderSize = 24

/// Collects the lines a store logs.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// Records one line (pass as a store's `log`).
    var add: @Sendable (String) -> Void {
        { line in self.lock.withLock { self.lines.append(line) } }
    }

    /// Every line so far.
    var all: [String] { lock.withLock { lines } }
}

/// `data` without its trailing zero bytes.
func withoutTrailingZeros(_ data: Data) -> Data {
    data.prefix(through: data.lastIndex { $0 != 0 } ?? data.startIndex - 1)
}
