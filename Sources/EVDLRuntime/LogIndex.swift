import Foundation

/// The in-memory index of a log, rebuilt on open: where each event is, which events each stream holds, and
/// which events each command id caused.
struct LogIndex {
    /// `offsets[p - 1]`: the file offset of the event at global position `p`.
    private(set) var offsets: [Int64] = []
    /// The global positions of each stream's events: version `v` is at `streams[s][v - 1]`.
    private(set) var streams: [StreamID: [Int64]] = [:]
    /// The global positions each command id caused (contiguous: one append).
    private(set) var commands: [UUID: ClosedRange<Int64>] = [:]

    /// The global position of the last indexed event.
    var head: Int64 { Int64(offsets.count) }

    /// The version of `stream` counting every indexed event.
    func version(of stream: StreamID) -> Int64 {
        Int64(streams[stream]?.count ?? 0)
    }

    /// Indexes the next event.
    mutating func add(offset: Int64, stream: StreamID, commandID: UUID?) {
        offsets.append(offset)
        let position = head
        streams[stream, default: []].append(position)
        if let commandID {
            if let range = commands[commandID] {
                if range.upperBound == position - 1 { commands[commandID] = range.lowerBound...position }
            } else {
                commands[commandID] = position...position
            }
        }
    }

    /// The file offsets of `stream`'s events from `fromVersion` on, up to global position `head`.
    func offsets(of stream: StreamID, fromVersion: Int64, upTo head: Int64) -> [Int64] {
        guard let positions = streams[stream] else { return [] }
        var end = positions.count
        while end > 0 && positions[end - 1] > head { end -= 1 }
        let start = max(0, Int(fromVersion) - 1)
        guard start < end else { return [] }
        return positions[start..<end].map { offsets[Int($0) - 1] }
    }

    /// The version of `stream` counting only events up to global position `head`.
    func version(of stream: StreamID, upTo head: Int64) -> Int64 {
        guard let positions = streams[stream] else { return 0 }
        var end = positions.count
        while end > 0 && positions[end - 1] > head { end -= 1 }
        return Int64(end)
    }
}

/// Reads events at known offsets in big chunks: one `pread` per few megabytes, not one per event.
enum LogReader {
    /// Bytes read per `pread` when events are dense.
    static let chunkSize = 8 << 20
    /// Extra bytes read past the last event start in a chunk, in the hope it ends inside them.
    static let slack = 64 << 10

    /// The events at `offsets` (ascending), decoded.
    static func read(_ file: LogFile, offsets: [Int64]) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        events.reserveCapacity(offsets.count)
        var reader = LogEventReader()
        var capacity = chunkSize
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var index = 0
        var minimumRead = 0
        while index < offsets.count {
            let start = offsets[index]
            var last = index
            while last + 1 < offsets.count && offsets[last + 1] - start < Int64(capacity - slack) {
                last += 1
            }
            let wanted = max(minimumRead, min(capacity, Int(offsets[last] - start) + slack))
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), at: start)
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            var next = index
            while next <= last {
                let relative = Int(offsets[next] - start)
                guard let size = LogEventReader.eventSize(in: chunk, at: relative), relative + size <= count else { break }
                do {
                    events.append(try reader.decode(chunk, at: relative))
                } catch {
                    throw EventStoreError(code: .corruptLog, message: "event at byte \(offsets[next]) of `\(file.path)` is malformed: \(error.detail)", offset: offsets[next])
                }
                next += 1
            }
            if next == index {
                // The first event did not fit: read again with room for all of it.
                let size = LogEventReader.eventSize(in: chunk, at: 0) ?? 0
                guard count == wanted, size > wanted else {
                    throw EventStoreError(code: .corruptLog, message: "event at byte \(start) of `\(file.path)` runs past the end of the file", offset: start)
                }
                if size > capacity {
                    buffer.deallocate()
                    capacity = size + slack
                    buffer = .allocate(byteCount: capacity, alignment: 16)
                }
                minimumRead = size
            } else {
                minimumRead = 0
            }
            index = next
        }
        return events
    }
}
