import Foundation

/// What opening a log found and did.
public struct LogRecovery: Sendable, Equatable {
    /// Events found in the log.
    public var events: Int64
    /// Bytes of valid log (the header and every complete record).
    public var validBytes: Int64
    /// Bytes of torn tail (an incomplete last record) cut off on open; 0 when the log ended cleanly.
    public var truncatedBytes: Int64

    /// Creates a report.
    public init(events: Int64, validBytes: Int64, truncatedBytes: Int64) {
        self.events = events
        self.validBytes = validBytes
        self.truncatedBytes = truncatedBytes
    }
}

/// Rebuilds a log's index on open: reads the file in big chunks, verifies every record's checksum, truncates a
/// torn tail, and reports anything else that is damaged with its byte offset.
///
/// A torn tail is what a crash during the last append leaves: a record cut off by the end of the file, or a
/// damaged record (bad header or checksum) followed only by zeros (the space `FileEventStore` writes ahead of
/// the log). A damaged record followed by more data, or one that ends the file, is corruption.
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

    /// Scans `file`, creating the header of an empty one; truncates a torn tail.
    static func scan(_ file: LogFile) throws(EventStoreError) -> (LogIndex, LogRecovery) {
        var size = try file.size()
        if size < Int64(LogFormat.header.count) {
            // An empty file, or a header torn while the log was being created: start over.
            try file.truncate(to: 0)
            try file.write(LogFormat.header, at: 0)
            try file.sync()
            size = Int64(LogFormat.header.count)
        }
        var scanner = LogScanner(file: file, fileSize: size)
        defer { scanner.buffer.deallocate() }
        return try scanner.run()
    }

    private mutating func run() throws(EventStoreError) -> (LogIndex, LogRecovery) {
        let header = try load(at: 0, count: LogFormat.header.count)
        guard header.elementsEqual(LogFormat.header) else {
            throw EventStoreError(code: .unsupportedFormat, message: "`\(file.path)` is not an EVDL event log (format 1)", offset: 0)
        }
        var index = LogIndex()
        var offset = Int64(LogFormat.header.count)
        var lastStream: (bytes: [UInt8], id: StreamID, number: Int)?
        while offset < fileSize {
            let remaining = fileSize - offset
            guard remaining >= Int64(LogFormat.recordHeaderSize) else { break }  // torn inside a record header
            let head = try load(at: offset, count: LogFormat.recordHeaderSize)
            let length = head.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian
            let check = head.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
            let crc = head.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
            guard LogFormat.isValidHeader(length: length, check: check) else {
                if try restIsZero(from: offset + Int64(LogFormat.recordHeaderSize)) { break }  // torn into zeros written ahead
                throw corrupt(at: offset, "record header is damaged (length \(length), check \(check))")
            }
            let recordSize = Int64(LogFormat.recordHeaderSize) + Int64(length)
            guard recordSize <= remaining else { break }  // torn: the last record is incomplete
            let record = try load(at: offset, count: Int(recordSize))
            let body = UnsafeRawBufferPointer(rebasing: record[LogFormat.recordHeaderSize...])
            guard checksumMatches(at: offset, body, crc) else {
                // The last write, cut short inside zeros written ahead of the log, is a torn tail; a complete record
                // followed by more log, or ending the file, is damage.
                if recordSize < remaining, try restIsZero(from: offset + recordSize) { break }
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
        let truncated = fileSize - offset
        if truncated > 0 {
            try file.truncate(to: offset)
        }
        return (index, LogRecovery(events: index.head, validBytes: offset, truncatedBytes: truncated))
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
