@testable import EVDLRuntime
import Foundation
import Testing

/// Recovery that tells: what opening a log discards is reported, logged and kept; the commit mark tells
/// committed bytes from a torn tail; `.refuse` changes nothing.
@Suite struct FileStoreRecoveryTests {
    private let base = FileEventStoreTests()

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    private func write(_ data: Data, _ path: String) throws { try data.write(to: URL(fileURLWithPath: path)) }

    /// The crash image with its zeros written ahead: the last append lies past the commit mark, and is whole.
    @Test func aCrashImageKeepsEveryCompleteAppendAndReportsTheZeros() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.threeAppendsCrashImage(directory, at: path)
        let size = try fileSize(path)
        let lines = LogLines()
        let store = try FileEventStore(path: path, preallocation: 64 << 10, log: lines.add)
        // `.withNextSync`: the third append's sync wrote the mark for the first two.
        #expect(store.recovery.committedBytes == Int64(ends[1]))
        #expect(store.recovery.events == 5)
        #expect(store.recovery.discarded == [DiscardedBytes(offset: Int64(ends[2]), length: Int64(size - ends[2]), reason: .zeroFill, detail: "zeros after the log (space written ahead of it)")])
        #expect(lines.all == ["FileEventStore `\(path)`: cut zeros at byte \(ends[2]), \(size - ends[2]) bytes (zeros after the log (space written ahead of it))"])
        await store.close()
        // Closed cleanly: the mark now covers the whole log.
        #expect(try FileEventStore(path: path, log: lines.add).recovery.committedBytes == Int64(ends[2]))
    }

    @Test func refuseLeavesATornLogUntouchedAndNamesTheOffset() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.threeAppendsCrashImage(directory, at: path)
        let cut = try bytes(path).prefix(ends[2] - 5)
        try write(cut, path)
        let lines = LogLines()
        do {
            _ = try FileEventStore(path: path, tail: .refuse, log: lines.add)
            Issue.record("expected the torn tail to be refused")
        } catch let error as EventStoreError {
            #expect(error.code == .tornTail)
            #expect(error.offset == Int64(ends[1]))
            #expect(error.message.contains("torn tail at byte \(ends[1]) (\(ends[2] - 5 - ends[1]) bytes"))
        }
        #expect(try bytes(path) == cut)
        #expect(lines.all.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["events.log", "live.log"])
        // The default sets it aside.
        let store = try FileEventStore(path: path, log: lines.add)
        #expect(store.recovery.discarded.map(\.reason) == [.tornTail])
        #expect(lines.all.count == 1)
    }

    /// After a clean close the commit mark covers everything: a log cut short inside its last record, or at a record
    /// boundary, or with its last record damaged, is corruption naming the offset, and the file is left alone.
    @Test(arguments: ["inside", "boundary", "flip", "zeros"])
    func damageToCommittedBytesAtTheEndIsReportedNotCut(how: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.writeThreeAppends(path)
        var data = try bytes(path)
        switch how {
        case "inside": data = data.prefix(ends[2] - 7)
        case "boundary": data = data.prefix(ends[1])
        case "flip": data[ends[2] - 3] ^= 0x10
        default: data.replaceSubrange(ends[1] + 20..<ends[2], with: Data(count: ends[2] - ends[1] - 20))
        }
        try write(data, path)
        let lines = LogLines()
        do {
            _ = try FileEventStore(path: path, log: lines.add)
            Issue.record("expected committed damage to be reported")
        } catch let error as EventStoreError {
            #expect(error.code == .corruptLog)
            #expect(error.offset == Int64(ends[1]))
            #expect(error.message.contains("damaged at byte \(ends[1])"))
            #expect(error.message.contains("committed"))
        }
        #expect(try bytes(path) == data)
        #expect(lines.all.isEmpty)

        // The operator accepts the loss: the damage is set aside and kept, the mark lowered, and the log works.
        let store = try FileEventStore(path: path, preallocation: 64 << 10, tail: .setAsideDamage, log: lines.add)
        let reasons = store.recovery.discarded.map(\.reason)
        #expect(reasons == (how == "boundary" ? [.missingCommittedBytes] : how == "inside" ? [.damagedRecord, .missingCommittedBytes] : [.damagedRecord]))
        #expect(store.recovery.discarded.first?.offset == Int64(ends[1]))
        // Everything from the damage to the old mark is accounted for.
        #expect(store.recovery.discarded.map(\.length).reduce(0, +) == Int64(ends[2] - ends[1]))
        if how != "boundary" {
            let kept = try #require(store.recovery.discarded.first?.keptAt)
            #expect(try bytes(kept) == withoutTrailingZeros(data[ends[1]...]))
        }
        #expect(lines.all.count == reasons.count)
        #expect(try await store.headPosition() == 3)
        try await store.append([event("T.E")], to: "S-2", expectedVersion: .exact(1))
        await store.close()
        let reopened = try FileEventStore(path: path, log: lines.add)
        #expect(reopened.recovery.discarded.isEmpty)
        #expect(try await reopened.readStream("S-2").map(\.typeName) == ["T.B", "T.E"])
    }

    /// `.beforeAcknowledging`: the mark covers every acknowledged append, so even the last one, damaged in a crash
    /// image, is reported as corruption rather than cut as torn.
    @Test func beforeAcknowledgingTellsTheLastAcknowledgedAppendFromATornOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.threeAppendsCrashImage(directory, at: path, marking: .beforeAcknowledging)
        var data = try bytes(path)
        let image = data
        data[ends[2] - 3] ^= 0x10
        try write(data, path)
        #expect(throws: EventStoreError.self) { try FileEventStore(path: path, commitMarking: .beforeAcknowledging, log: nil) }
        // The undamaged image opens whole, its mark at the last acknowledged append.
        try write(image, path)
        let store = try FileEventStore(path: path, commitMarking: .beforeAcknowledging, log: nil)
        #expect(store.recovery.committedBytes == Int64(ends[2]))
        #expect(try await store.headPosition() == 5)
    }

    @Test func formatOneHasNoMarkAndStillOpens() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.writeThreeAppends(path, marking: .off)
        #expect(try bytes(path).prefix(8) == Data("EVDLLOG".utf8 + [1]))
        // A format-1 log stays format 1 when opened with marks on.
        let store = try FileEventStore(path: path, durability: .fsyncPerAppend, log: nil)
        #expect(store.recovery.committedBytes == nil && store.recovery.validBytes == Int64(ends[2]))
        try await store.append([event("T.F")], to: "S-3", expectedVersion: .noStream)
        await store.close()
        #expect(try bytes(path).prefix(8) == Data("EVDLLOG".utf8 + [1]))
        #expect(try FileEventStore(path: path, log: nil).recovery.events == 6)
    }

    @Test func aDamagedMarkIsReadAsAbsentAndLogged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.writeThreeAppends(path)
        var data = try bytes(path)
        data[9] ^= 0x01
        try write(data, path)
        let lines = LogLines()
        let store = try FileEventStore(path: path, log: lines.add)
        #expect(store.recovery.committedBytes == nil && store.recovery.events == 5 && store.recovery.validBytes == Int64(ends[2]))
        #expect(lines.all.count == 1 && lines.all[0].contains("commit mark"))
        await store.close()
        // The next clean close wrote a good mark again.
        #expect(try FileEventStore(path: path, log: lines.add).recovery.committedBytes == Int64(ends[2]))
    }

    @Test func twoRecoveriesAtOneOffsetKeepTwoFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("events.log")
        let ends = try await base.threeAppendsCrashImage(directory, at: path)
        let image = try bytes(path)
        var kept: [String] = []
        for cut in [ends[2] - 1, ends[2] - 9] {
            try write(image.prefix(cut), path)
            let store = try FileEventStore(path: path, durability: .noSync, log: nil)
            kept.append(try #require(store.recovery.discarded.first?.keptAt))
            #expect(try bytes(kept.last!) == withoutTrailingZeros(image[ends[1]..<cut]))
            await store.close()
        }
        #expect(kept == ["\(path).discarded-\(ends[1])", "\(path).discarded-\(ends[1]).1"])
    }

    /// The plan alone, for cases the files above do not reach.
    @Test func thePlanJudgesEachTail() throws {
        func scan(_ tail: LogTailScan.Tail, valid: Int64 = 100, size: Int64 = 150, data: Int64 = 120, mark: Int64? = nil) -> LogTailScan {
            LogTailScan(validEnd: valid, fileSize: size, dataEnd: data, committed: mark, tail: tail)
        }
        let clean = try RecoveryPlan.decide(scan(.none, size: 100, data: 100, mark: 100), path: "l", policy: .refuse)
        #expect(clean == RecoveryPlan.Plan())
        let torn = try RecoveryPlan.decide(scan(.torn("t"), mark: 80), path: "l", policy: .setAsideTornTail)
        #expect(torn.discards.map(\.reason) == [.tornTail, .zeroFill])
        #expect(torn.discards.map(\.length) == [20, 30] && torn.truncateTo == 100 && torn.lowerMark == nil)
        #expect(throws: EventStoreError.self) { try RecoveryPlan.decide(scan(.torn("t"), mark: 101), path: "l", policy: .setAsideTornTail) }
        let accepted = try RecoveryPlan.decide(scan(.torn("t"), mark: 101), path: "l", policy: .setAsideDamage)
        #expect(accepted.discards.map(\.reason) == [.damagedRecord, .zeroFill] && accepted.lowerMark == 100)
        #expect(throws: EventStoreError.self) { try RecoveryPlan.decide(scan(.damagedAtEnd("d"), size: 120, data: 120), path: "l", policy: .refuse) }
        let zeros = try RecoveryPlan.decide(scan(.zeros, data: 100), path: "l", policy: .refuse)
        #expect(zeros.discards.map(\.reason) == [.zeroFill] && zeros.truncateTo == 100)
        let zeroedCommitted = try RecoveryPlan.decide(scan(.zeros, data: 100, mark: 150), path: "l", policy: .setAsideDamage)
        #expect(zeroedCommitted.discards.map(\.reason) == [.damagedRecord] && zeroedCommitted.discards[0].length == 50)
    }
}
