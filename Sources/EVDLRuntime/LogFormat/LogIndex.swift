import Foundation

/// The in-memory index of a log, rebuilt on open: where each event is, which events each stream holds, and
/// which events each command id caused. Streams are numbered in order of first appearance, so that indexing a
/// run of events of one stream hashes its name once.
struct LogIndex {
    /// `offsets[p - 1]`: the file offset of the event at global position `p`.
    private(set) var offsets: [Int64] = []
    /// Each stream's number.
    private var streamNumbers: [StreamID: Int] = [:]
    /// The global positions of each stream's events, by stream number: version `v` is at `[n][v - 1]`.
    private var streamPositions: [[Int64]] = []
    /// The global positions each command id caused (contiguous: one append).
    private(set) var commands: [UUID: ClosedRange<Int64>] = [:]

    /// The global position of the last indexed event.
    var head: Int64 { Int64(offsets.count) }

    /// The number of `stream`, if it has events.
    func number(of stream: StreamID) -> Int? {
        streamNumbers[stream]
    }

    /// The number of `stream`, giving it the next one if it is new.
    mutating func number(creating stream: StreamID) -> Int {
        if let number = streamNumbers[stream] { return number }
        let number = streamPositions.count
        streamNumbers[stream] = number
        streamPositions.append([])
        return number
    }

    /// The version of the stream numbered `number`, counting every indexed event.
    func version(ofNumber number: Int) -> Int64 {
        Int64(streamPositions[number].count)
    }

    /// The version of `stream` counting every indexed event.
    func version(of stream: StreamID) -> Int64 {
        number(of: stream).map(version(ofNumber:)) ?? 0
    }

    /// Indexes the next event, of the stream numbered `number`.
    mutating func add(offset: Int64, streamNumber number: Int, commandID: UUID?) {
        offsets.append(offset)
        let position = head
        streamPositions[number].append(position)
        if let commandID {
            if let range = commands[commandID] {
                if range.upperBound == position - 1 { commands[commandID] = range.lowerBound...position }
            } else {
                commands[commandID] = position...position
            }
        }
    }

    /// Indexes the next event.
    mutating func add(offset: Int64, stream: StreamID, commandID: UUID?) {
        add(offset: offset, streamNumber: number(creating: stream), commandID: commandID)
    }

    /// The number of `positions` (ascending) that are at most `head`.
    private func count(_ positions: [Int64], upTo head: Int64) -> Int {
        var end = positions.count
        while end > 0 && positions[end - 1] > head { end -= 1 }
        return end
    }

    /// The file offsets of `stream`'s events from `fromVersion` on, up to global position `head`.
    func offsets(of stream: StreamID, fromVersion: Int64, upTo head: Int64) -> [Int64] {
        guard let number = number(of: stream) else { return [] }
        let positions = streamPositions[number]
        let end = count(positions, upTo: head)
        let start = max(0, Int(fromVersion) - 1)
        guard start < end else { return [] }
        return positions[start..<end].map { offsets[Int($0) - 1] }
    }

    /// The version of `stream` counting only events up to global position `head`.
    func version(of stream: StreamID, upTo head: Int64) -> Int64 {
        guard let number = number(of: stream) else { return 0 }
        return Int64(count(streamPositions[number], upTo: head))
    }
}

/// Whether `bytes` holds exactly `other`.
@inline(__always)
func sameBytes(_ bytes: [UInt8], _ other: UnsafeRawBufferPointer) -> Bool {
    bytes.count == other.count && bytes.withUnsafeBytes { memcmp($0.baseAddress!, other.baseAddress!, other.count) == 0 }
}

/// Reads events at known offsets in big chunks: one `pread` per few megabytes, not one per event.
enum LogReader {
    /// Bytes read per `pread` when events are dense.
    static let chunkSize = 8 << 20
    /// Extra bytes read past the last event start in a chunk, in the hope it ends inside them.
    static let slack = 64 << 10

    /// Splits `offsets` (ascending) into contiguous runs, each spanning at most about `bytes` of the log.
    static func spans(of offsets: [Int64], bytes: Int) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var start = 0
        for index in offsets.indices where offsets[index] - offsets[start] >= Int64(bytes) {
            spans.append(start..<index)
            start = index
        }
        if start < offsets.count { spans.append(start..<offsets.count) }
        return spans
    }

    /// The events at `offsets` (ascending), decoded.
    ///
    /// Each chunk is read into its own `Data`. When the events fill most of a chunk, their payloads are slices of
    /// it (no copy, no allocation per event); when they are sparse, payloads are copied so that a few small events
    /// do not keep megabytes alive.
    static func read(_ file: LogFile, offsets: [Int64]) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        events.reserveCapacity(offsets.count)
        var reader = LogEventReader()
        try visit(file, offsets: offsets) { chunk, bytes, relative, dense in
            events.append(try reader.decode(bytes, at: relative) { range in
                dense ? chunk[range] : Data(UnsafeRawBufferPointer(rebasing: bytes[range]))
            })
        }
        return events
    }

    /// Calls `body` for each event at `offsets` (ascending), in order, with the chunk that holds it (as `Data` and
    /// as bytes), the event's offset in the chunk, and whether the chunk's events fill most of it.
    static func visit(
        _ file: LogFile, offsets: [Int64],
        _ body: (_ chunk: Data, _ bytes: UnsafeRawBufferPointer, _ relative: Int, _ dense: Bool) throws -> Void
    ) throws {
        var index = 0
        var minimumRead = 0
        while index < offsets.count {
            let start = offsets[index]
            var last = index
            while last + 1 < offsets.count && offsets[last + 1] - start < Int64(chunkSize - slack) {
                last += 1
            }
            let wanted = max(minimumRead, min(chunkSize, Int(offsets[last] - start) + slack))
            // Uninitialised memory handed to `Data` (zero-filling 8 MB per chunk only to overwrite it costs ~2%).
            guard let memory = malloc(wanted) else {
                throw EventStoreError(code: .ioFailure, message: "cannot allocate \(wanted) bytes to read `\(file.path)`", offset: start)
            }
            let count: Int
            do {
                count = try file.read(into: UnsafeMutableRawBufferPointer(start: memory, count: wanted), at: start)
            } catch {
                free(memory)
                throw error
            }
            let chunk = Data(bytesNoCopy: memory, count: wanted, deallocator: .free)
            let next = try chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> Int in
                let bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                // Which events lie wholly in the chunk, and how much of it they use.
                var fitting = index
                var used = 0
                while fitting <= last {
                    let relative = Int(offsets[fitting] - start)
                    guard let size = LogEventReader.eventSize(in: bytes, at: relative), relative + size <= count else { break }
                    used += size
                    fitting += 1
                }
                let dense = used * 2 >= count
                for position in index..<fitting {
                    do {
                        try body(chunk, bytes, Int(offsets[position] - start), dense)
                    } catch let error as LogDecodeFailure {
                        throw EventStoreError(code: .corruptLog, message: "event at byte \(offsets[position]) of `\(file.path)` is malformed: \(error.detail)", offset: offsets[position])
                    }
                }
                return fitting
            }
            if next == index {
                // The first event did not fit: read again with room for all of it.
                let size = chunk.withUnsafeBytes { LogEventReader.eventSize(in: UnsafeRawBufferPointer(rebasing: $0[0..<count]), at: 0) } ?? 0
                guard count == wanted, size > wanted else {
                    throw EventStoreError(code: .corruptLog, message: "event at byte \(start) of `\(file.path)` runs past the end of the file", offset: start)
                }
                minimumRead = size
            } else {
                minimumRead = 0
            }
            index = next
        }
    }
}
