import Foundation

// The parts of `InMemoryEventStore`: its stream table, its event log and its lock.

/// The streams of an `InMemoryEventStore`: each stream's event indexes, found through a dictionary keyed by the
/// stream id's hash value. With hundreds of thousands of streams (one per saga instance), a dictionary keyed by
/// the ids themselves compares long strings (each in its own allocation, so a cache miss apiece) at every probe
/// and rehashes them all when it grows; integers cost neither. Ids whose hashes collide are chained.
struct InMemoryStreamTable {
    private struct Slot {
        var id: StreamID
        var indexes: [Int]
        /// The next slot whose id has the same hash value, or -1.
        var next: Int
    }

    private var byHash: [Int: Int] = [:]
    private var slots: [Slot] = []

    /// The slot of `stream` (whose `hashValue` is `hash`), if it has events.
    func slot(of stream: StreamID, hash: Int) -> Int? {
        var candidate = byHash[hash] ?? -1
        while candidate >= 0 {
            if slots[candidate].id == stream { return candidate }
            candidate = slots[candidate].next
        }
        return nil
    }

    /// How many events the stream in `slot` has.
    func count(of slot: Int) -> Int {
        slots[slot].indexes.count
    }

    /// The event indexes of `stream`, if it has events.
    func indexes(of stream: StreamID) -> [Int]? {
        slot(of: stream, hash: stream.hashValue).map { slots[$0].indexes }
    }

    /// Adds the events at `indexes` to the stream in `slot`.
    mutating func append(_ indexes: Range<Int>, to slot: Int) {
        slots[slot].indexes.append(contentsOf: indexes)
    }

    /// Adds the event at `index` to `stream`.
    mutating func append(_ index: Int, to stream: StreamID) {
        let hash = stream.hashValue
        if let slot = slot(of: stream, hash: hash) {
            append(index..<index + 1, to: slot)
        } else {
            add(stream, hash: hash, indexes: index..<index + 1)
        }
    }

    /// Records a new stream (whose `hashValue` is `hash`) with the events at `indexes`.
    mutating func add(_ stream: StreamID, hash: Int, indexes: Range<Int>) {
        // Room for a few more: streams usually grow by small appends (a saga's history, an aggregate's events).
        var list: [Int] = []
        list.reserveCapacity(Swift.max(8, indexes.count))
        list.append(contentsOf: indexes)
        slots.append(Slot(id: stream, indexes: list, next: byHash[hash] ?? -1))
        byHash[hash] = slots.count - 1
    }
}

/// The events of an `InMemoryEventStore` in commit order, in chunks of fixed capacity: appending never copies
/// the events committed before (a single array of a million events would be copied, and its memory touched
/// twice, each time it grows).
struct InMemoryEventLog {
    private static let chunkShift = 12
    private static let chunkSize = 1 << chunkShift
    private var chunks: [[RecordedEvent]] = []
    /// How many events there are.
    private(set) var count = 0

    /// The event at `index` (0-based; its global position is `index + 1`).
    subscript(index: Int) -> RecordedEvent {
        chunks[index >> Self.chunkShift][index & (Self.chunkSize - 1)]
    }

    /// Appends `event` at index `count`.
    mutating func append(_ event: RecordedEvent) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [RecordedEvent] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(event)
        count += 1
    }

    /// The events at `range`.
    func slice(_ range: Range<Int>) -> [RecordedEvent] {
        var result: [RecordedEvent] = []
        result.reserveCapacity(range.count)
        for index in range { result.append(self[index]) }
        return result
    }
}

/// A lock for short critical sections contended by a few threads: it retries for a moment before it blocks, since
/// putting a thread to sleep and waking it (a futex round trip and two context switches) costs far more than the
/// critical sections of an in-memory store.
final class SpinningLock: @unchecked Sendable {
    private let lock = NSLock()

    /// Runs `body` holding the lock.
    @inline(__always)
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        var attempts = 0
        while !lock.try() {
            attempts += 1
            if attempts == 256 {
                lock.lock()
                break
            }
        }
        defer { lock.unlock() }
        return try body()
    }
}
