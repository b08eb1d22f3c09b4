import Foundation

/// Rebuilds a log's index on open: reads the file in big chunks, verifies every record's checksum, reports damage
/// followed by more log with its byte offset, and describes what follows the last complete record
/// (`LogTailScan`) for `RecoveryPlan` to judge. It changes nothing but the header of a new (or torn new) log.
///
/// A torn tail is what a crash during the last append leaves: a record cut off by the end of the file, or a
/// damaged record (bad header or checksum) followed only by zeros (the space `FileEventStore` writes ahead of
/// the log). A damaged record followed by more data is corruption; one that ends the file is judged by the plan.
struct LogScanner {
    let file: LogFile
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferStart: Int64 = 0
    private var bufferCount = 0
    private let fileSize: Int64
    /// The records that lie wholly in the buffer, with whether each body matched its checksum: computed on all
    /// cores each time the buffer is filled, then consumed in log order by `run()`.
    private var checked: [(offset: Int64, matches: Bool)] = []
    private var checkedCursor = 0

    private init(file: LogFile, fileSize: Int64) {
        self.file = file
        self.fileSize = fileSize
        buffer = .allocate(byteCount: LogReader.chunkSize, alignment: 16)
    }

    /// Scans `file`, creating the header of an empty one (format 2 with a commit mark when `commitMark`, else
    /// format 1). Returns the index of every complete record, the header's size, and what follows the last record.
    static func scan(_ file: LogFile, commitMark: Bool) throws(EventStoreError) -> (index: LogIndex, headerSize: Int64, tail: LogTailScan) {
        var size = try file.size()
        let start = try file.read(count: LogFormat.headerSizeV2, at: 0)
        let tornV2 = start.count >= LogFormat.header.count && start[..<7].elementsEqual(LogFormat.magic) && start[7] == 2
            && start.count < LogFormat.headerSizeV2
        if size < Int64(LogFormat.header.count) || tornV2 {
            // An empty file, or a header torn while the log was being created (no record can follow it): start over.
            let header = commitMark ? CommitMark.newHeader : LogFormat.header
            try file.truncate(to: 0)
            try file.write(header, at: 0)
            try file.sync()
            size = Int64(header.count)
        }
        var scanner = LogScanner(file: file, fileSize: size)
        defer { scanner.buffer.deallocate() }
        return try scanner.run()
    }

    private mutating func run() throws(EventStoreError) -> (index: LogIndex, headerSize: Int64, tail: LogTailScan) {
        let magic = try load(at: 0, count: LogFormat.header.count)
        let version = magic[7]
        guard magic.prefix(7).elementsEqual(LogFormat.magic), version == 1 || version == 2 else {
            throw EventStoreError(code: .unsupportedFormat, message: "`\(file.path)` is not an EVDL event log (formats 1 and 2)", offset: 0)
        }
        var committed: Int64?
        if version == 2 {
            committed = CommitMark.decode(try load(at: LogFormat.markOffset, count: 16))
            if let mark = committed, mark < Int64(LogFormat.headerSizeV2) { committed = nil }
        }
        let headerSize = Int64(version == 2 ? LogFormat.headerSizeV2 : LogFormat.header.count)
        var index = LogIndex()
        var offset = headerSize
        var tail = LogTailScan.Tail.none
        var lastStream: (bytes: [UInt8], id: StreamID, number: Int)?
        scanning: while offset < fileSize {
            let remaining = fileSize - offset
            guard remaining >= Int64(LogFormat.recordHeaderSize) else {
                tail = .torn("\(remaining) bytes, less than a record header")
                break
            }
            let head = try load(at: offset, count: LogFormat.recordHeaderSize)
            let length = head.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian
            let check = head.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
            let crc = head.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
            guard LogFormat.isValidHeader(length: length, check: check) else {
                if try restIsZero(from: offset + Int64(LogFormat.recordHeaderSize)) {  // torn into zeros written ahead
                    tail = .torn("record header is damaged (length \(length), check \(check)) and only zeros follow")
                    break
                }
                throw corrupt(at: offset, "record header is damaged (length \(length), check \(check))")
            }
            let recordSize = Int64(LogFormat.recordHeaderSize) + Int64(length)
            guard recordSize <= remaining else {
                tail = .torn("a record of \(recordSize) bytes is cut off by the end of the file after \(remaining) bytes")
                break
            }
            let record = try load(at: offset, count: Int(recordSize))
            let body = UnsafeRawBufferPointer(rebasing: record[LogFormat.recordHeaderSize...])
            guard checksumMatches(at: offset, body, crc) else {
                // The last write, cut short inside zeros written ahead of the log, is a torn tail; a complete record
                // followed by more log is damage; one ending the file is damage unless the plan is told otherwise.
                if recordSize < remaining, try restIsZero(from: offset + recordSize) {
                    tail = .torn("a record of \(recordSize) bytes fails its checksum and only zeros follow")
                    break scanning
                }
                if recordSize == remaining {
                    tail = .damagedAtEnd("the last record (\(recordSize) bytes) fails its checksum")
                    break scanning
                }
                throw corrupt(at: offset, "record checksum does not match (\(recordSize) bytes)")
            }
            let eventCount = Int(body.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian)
            var cursor = LogFormat.recordHeaderSize + 4
            for _ in 0..<eventCount {
                let event: IndexedEvent
                do {
                    event = try IndexedEvent(record, at: cursor, recordEnd: record.count)
                } catch {
                    throw corrupt(at: offset, "malformed event at byte \(offset + Int64(cursor)): \(error.detail)")
                }
                let stream: StreamID
                let number: Int
                if let last = lastStream, sameBytes(last.bytes, event.stream) {
                    stream = last.id
                    number = last.number
                } else {
                    stream = StreamID(String(decoding: event.stream, as: UTF8.self))
                    number = index.number(creating: stream)
                    lastStream = (Array(event.stream), stream, number)
                }
                let expectedVersion = index.version(ofNumber: number) + 1
                guard event.position == index.head + 1, event.version == expectedVersion else {
                    throw corrupt(at: offset, "event at byte \(offset + Int64(cursor)) has position \(event.position) and version \(event.version) of `\(stream)`; expected \(index.head + 1) and \(expectedVersion)")
                }
                index.add(offset: offset + Int64(cursor), streamNumber: number, commandID: event.commandID)
                cursor = event.end
            }
            guard cursor == record.count else {
                throw corrupt(at: offset, "record has \(record.count - cursor) bytes after its \(eventCount) events")
            }
            offset += recordSize
        }
        // The loop leaves `tail` at `.none` only when it reached the end of the file.
        let dataEnd = offset < fileSize ? try lastNonZeroEnd(from: offset) : offset
        if dataEnd == offset, offset < fileSize, case .torn = tail { tail = .zeros }
        return (index, headerSize, LogTailScan(validEnd: offset, fileSize: fileSize, dataEnd: dataEnd, committed: committed, tail: tail))
    }

    private func corrupt(at offset: Int64, _ detail: String) -> EventStoreError {
        EventStoreError(code: .corruptLog, message: "`\(file.path)` is damaged at byte \(offset): \(detail)", offset: offset)
    }

    /// The bytes `[offset, offset + count)`, read in big chunks.
    private mutating func load(at offset: Int64, count: Int) throws(EventStoreError) -> UnsafeRawBufferPointer {
        if offset < bufferStart || offset + Int64(count) > bufferStart + Int64(bufferCount) {
            if count > buffer.count {
                buffer.deallocate()
                buffer = .allocate(byteCount: count + LogReader.slack, alignment: 16)
            }
            bufferStart = offset
            bufferCount = try file.read(into: buffer, at: offset)
            guard bufferCount >= count else {
                throw EventStoreError(code: .ioFailure, message: "`\(file.path)` changed while it was being opened", offset: offset)
            }
            checkRecordsInBuffer()
        }
        let start = Int(offset - bufferStart)
        return UnsafeRawBufferPointer(rebasing: buffer[start..<start + count])
    }

    /// Whether the body of the record at `offset` matches `crc`: looked up among the records checked in parallel
    /// when the buffer was filled, computed here otherwise.
    private mutating func checksumMatches(at offset: Int64, _ body: UnsafeRawBufferPointer, _ crc: UInt32) -> Bool {
        while checkedCursor < checked.count && checked[checkedCursor].offset < offset { checkedCursor += 1 }
        if checkedCursor < checked.count && checked[checkedCursor].offset == offset {
            return checked[checkedCursor].matches
        }
        return CRC32.checksum(body) == crc
    }

    /// Verifies the checksum of every record that lies wholly in the freshly filled buffer (the buffer starts at a
    /// record), splitting them by bytes over the processors. Records with a damaged header end the walk; `run()`
    /// handles them (and anything after) itself.
    private mutating func checkRecordsInBuffer() {
        checked.removeAll(keepingCapacity: true)
        checkedCursor = 0
        var records: [(start: Int, length: Int, crc: UInt32)] = []
        var cursor = 0
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<bufferCount])
        while bytes.count - cursor >= LogFormat.recordHeaderSize {
            let length = bytes.loadUnaligned(fromByteOffset: cursor, as: UInt32.self).littleEndian
            let check = bytes.loadUnaligned(fromByteOffset: cursor + 4, as: UInt32.self).littleEndian
            guard LogFormat.isValidHeader(length: length, check: check),
                  bytes.count - cursor - LogFormat.recordHeaderSize >= Int(length) else { break }
            records.append((cursor, Int(length), bytes.loadUnaligned(fromByteOffset: cursor + 8, as: UInt32.self).littleEndian))
            cursor += LogFormat.recordHeaderSize + Int(length)
        }
        // Below ~1 MB, or on one core, a second thread costs more than it saves: `checksumMatches` computes them.
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, cursor >> 20, records.count)
        guard workers > 1 else { return }
        // Part boundaries: record indices that split the bytes evenly.
        var bounds = [0]
        var target = cursor / workers
        for (index, record) in records.enumerated() where record.start >= target && bounds.count < workers {
            bounds.append(index)
            target += cursor / workers
        }
        bounds.append(records.count)
        let matches = UnsafeMutableBufferPointer<Bool>.allocate(capacity: records.count)
        defer { matches.deallocate() }
        matches.initialize(repeating: false)
        records.withUnsafeBufferPointer { records in
            let work = ChecksumWork(bytes: bytes, records: records, matches: matches, bounds: bounds)
            DispatchQueue.concurrentPerform(iterations: work.bounds.count - 1) { part in work.run(part: part) }
        }
        checked.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            checked.append((bufferStart + Int64(record.start), matches[index]))
        }
    }

    /// One past the last non-zero byte from `offset` to the end of the file (`offset` when all are zero).
    private mutating func lastNonZeroEnd(from offset: Int64) throws(EventStoreError) -> Int64 {
        var position = offset
        var end = offset
        while position < fileSize {
            let count = Int(min(Int64(LogReader.chunkSize), fileSize - position))
            let bytes = try load(at: position, count: count)
            if let last = bytes.lastIndex(where: { $0 != 0 }) { end = position + Int64(last) + 1 }
            position += Int64(count)
        }
        return end
    }

    /// Whether every byte from `offset` to the end of the file is zero.
    private mutating func restIsZero(from offset: Int64) throws(EventStoreError) -> Bool {
        var position = offset
        while position < fileSize {
            let count = Int(min(Int64(LogReader.chunkSize), fileSize - position))
            let bytes = try load(at: position, count: count)
            if bytes.contains(where: { $0 != 0 }) { return false }
            position += Int64(count)
        }
        return true
    }
}

/// The checksums one buffer's records are verified against, shared by the workers of `checkRecordsInBuffer`:
/// every worker reads the buffer and writes only its own part of `matches`, and `concurrentPerform` returns after
/// all of them.
private struct ChecksumWork: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let records: UnsafeBufferPointer<(start: Int, length: Int, crc: UInt32)>
    let matches: UnsafeMutableBufferPointer<Bool>
    /// Part `p` is the records `bounds[p]..<bounds[p + 1]`.
    let bounds: [Int]

    func run(part: Int) {
        for index in bounds[part]..<bounds[part + 1] {
            let record = records[index]
            let bodyStart = record.start + LogFormat.recordHeaderSize
            matches[index] = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<bodyStart + record.length])) == record.crc
        }
    }
}
