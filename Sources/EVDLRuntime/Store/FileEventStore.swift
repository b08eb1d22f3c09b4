import Foundation

/// The durable embedded event store: one append-only log file (see `LogFormat`) and an in-memory index rebuilt
/// on open.
///
/// - Every append is one checksummed record, so it is atomic: after a crash it is either all there or, as an
///   incomplete last record (a torn tail), set aside on the next open: copied to `<log>.discarded-<offset>`, cut
///   off, reported in `recovery` and through `log` (see `LogTailPolicy`; `.refuse` opens nothing instead). Damage
///   anywhere else is reported as `EventStoreError(code: .corruptLog)` with its byte offset; nothing committed is
///   ever skipped.
/// - The header's commit mark (format 2, `CommitMarking`) says how much of the log was acknowledged, so that
///   committed bytes missing or damaged at the end of the file are reported as corruption, not cut as a torn tail.
/// - `Durability.fsyncPerAppend` syncs after each append; `.groupCommit` writes all appends waiting while a sync
///   runs together and syncs once for all of them (each still returns only once it is durable).
/// - Readers see only durable events. Reads run off the actor and read the file in chunks of megabytes.
/// - With a sync policy, the file is extended with zeros `preallocationStep` bytes at a time ahead of the log, so
///   that a sync after an append overwrites allocated blocks instead of growing the file (measured 1.7× more
///   syncs per second here than syncing appends that grow the file). `close()` cuts the zeros off again; after a
///   crash, opening reports the zeros (`DiscardedBytes.Reason.zeroFill`) and cuts them.
public actor FileEventStore: EventStore {
    /// When an append's bytes are forced to the disk.
    public enum Durability: Sendable, Equatable {
        /// One write and one sync per append, in order.
        case fsyncPerAppend
        /// Appends that arrive while a sync is running are written together and share the next sync.
        case groupCommit
        /// No sync: durable only as far as the operating system flushes on its own (tests, throwaway data).
        case noSync
    }

    /// How the header's commit mark (the length of the log known to be synced) is kept. It is advanced only under
    /// a sync policy (`.fsyncPerAppend`, `.groupCommit`) and on `close()`; with `.noSync` it stays where it was.
    public enum CommitMarking: Sendable, Equatable {
        /// New logs are created in format 1, without a mark (what the store did before format 2; for comparison
        /// and for readers of format 1). A format-2 log opened this way keeps its mark where it is.
        case off
        /// Each sync also writes the mark for everything the previous syncs made durable (no extra sync; the mark
        /// lags by the last group until the next append or `close()`).
        case withNextSync
        /// A second sync per group writes the mark for the group itself before its appends return, so the mark
        /// covers every acknowledged append.
        case beforeAcknowledging
    }

    private struct PendingAppend {
        var bytes: [UInt8]
        var offset: Int64
        var result: AppendResult
        /// Everything the record commits: the appended events and their outbox entries.
        var committed: [RecordedEvent]
        var continuation: CheckedContinuation<AppendResult, any Error>
    }

    /// The log file's path.
    public nonisolated let path: String
    /// The published event types: their outbox entries are written in the same record as the events.
    public nonisolated let outbox: OutboxRoutes
    /// The durability of appends.
    public nonisolated let durability: Durability
    /// What opening the log found and did: valid bytes, the commit mark, and every range discarded (offset,
    /// length, why, and where its bytes were kept).
    public nonisolated let recovery: LogRecovery
    /// How the commit mark is kept.
    public nonisolated let commitMarking: CommitMarking
    /// Whether `replay` decodes long streams on all cores.
    public nonisolated let parallelReplay: Bool

    private let file: LogFile
    private let io = DispatchQueue(label: "evdl.file-event-store")
    private var index: LogIndex
    private var end: Int64
    /// The file's physical size: the log (`end`) plus zeros written ahead of it.
    private var allocated: Int64
    /// How far ahead of the log the file is extended with zeros (0: never, as with `.noSync`).
    private let preallocationStep: Int64
    private var durableHead: Int64
    /// Whether the log has a commit mark (format 2) that this store advances.
    private let marksCommits: Bool
    /// The end of the log known durable (synced by this store, or found on open and synced then).
    private var syncedEnd: Int64
    /// The commit mark last written.
    private var markedEnd: Int64
    private var pending: [PendingAppend] = []
    private var flushing = false
    private var failure: EventStoreError?
    private var isClosed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var subscribers = Subscribers()

    /// How many times the log was synced to disk since opening (one per group under `.groupCommit`; the second
    /// sync of `.beforeAcknowledging` is not counted).
    public private(set) var syncCount = 0

    /// Opens the log at `path`, creating it if it does not exist (in format 2, with a commit mark, unless
    /// `commitMarking` is `.off`); rebuilds the index. What follows the last complete record is judged by `tail`:
    /// by default a torn tail is kept in `<path>.discarded-<offset>` and cut off, and damaged committed bytes throw
    /// `EventStoreError(code: .corruptLog)` with `offset`, as does damage anywhere else. Every range discarded is in
    /// `recovery` and sent as one line to `log` (standard error unless given; `nil` for none).
    /// `preallocation` is how many bytes of zeros are written ahead of the log at a time (ignored with `.noSync`).
    /// With `parallelReplay`, `replay` decodes streams longer than 16 MB of log on all cores.
    /// `outbox` routes published events: each append also commits their `$Outbox` entries, in the same record.
    public init(
        path: String, durability: Durability = .groupCommit, preallocation: Int = 8 << 20, parallelReplay: Bool = true,
        outbox: OutboxRoutes = .none, tail: LogTailPolicy = .setAsideTornTail, commitMarking: CommitMarking = .withNextSync,
        log: (@Sendable (String) -> Void)? = FileEventStore.standardErrorLog
    ) throws {
        let file = try LogFile(path: path)
        self.outbox = outbox
        let (index, headerSize, recovery) = try Self.openLog(file, path: path, policy: tail, commitMark: commitMarking != .off, log: log)
        self.path = path
        self.durability = durability
        self.recovery = recovery
        self.commitMarking = commitMarking
        self.file = file
        self.index = index
        self.end = recovery.validBytes
        self.allocated = recovery.validBytes
        self.preallocationStep = durability == .noSync ? 0 : Int64(max(0, preallocation))
        self.parallelReplay = parallelReplay
        self.durableHead = index.head
        let marks = headerSize == Int64(LogFormat.headerSizeV2) && commitMarking != .off && durability != .noSync
        self.marksCommits = marks
        let mark = min(recovery.committedBytes ?? headerSize, recovery.validBytes)
        self.markedEnd = mark
        if marks && recovery.validBytes > mark {
            // Records past the mark may still be only in the page cache (written by a process that died before
            // syncing): sync them before any mark covers them.
            try file.sync()
        }
        self.syncedEnd = recovery.validBytes
    }

    /// Appends atomically and returns once the append is durable (per `durability`).
    @discardableResult
    public func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        try checkUsable()
        let current = index.version(of: stream)
        guard expectedVersion.accepts(current: current) else {
            throw EventStoreError.wrongExpectedVersion(stream, expected: expectedVersion, actual: current)
        }
        for commandID in Set(events.compactMap(\.commandID)) where index.commands[commandID] != nil {
            throw EventStoreError(code: .duplicateCommand, message: "command `\(commandID)` was already committed", streamID: stream, commandID: commandID)
        }
        guard !events.isEmpty else {
            return AppendResult(streamVersion: current, events: [])
        }
        let head = index.head
        let recorded = events.enumerated().map { offset, event in
            RecordedEvent(event, streamID: stream, streamVersion: current + Int64(offset) + 1, globalPosition: head + Int64(offset) + 1)
        }
        // Outbox entries go in the same record (events of the `$Outbox` stream): committed or torn together.
        let entries = outbox.entries(for: recorded, outboxVersion: outbox.isEmpty ? 0 : index.version(of: OutboxRoutes.stream))
        let committed = entries.isEmpty ? recorded : recorded + entries
        var bytes: [UInt8] = []
        let eventOffsets = try LogFormat.encodeRecord(committed, into: &bytes)
        let recordOffset = end
        for (event, relative) in zip(committed, eventOffsets) {
            index.add(offset: recordOffset + Int64(relative), stream: event.streamID, commandID: event.commandID)
        }
        end += Int64(bytes.count)
        let result = AppendResult(streamVersion: current + Int64(events.count), events: recorded)
        return try await withCheckedThrowingContinuation { continuation in
            pending.append(PendingAppend(bytes: bytes, offset: recordOffset, result: result, committed: committed, continuation: continuation))
            startFlushIfIdle()
        }
    }

    private func startFlushIfIdle() {
        guard !flushing, !pending.isEmpty else { return }
        let batch: [PendingAppend]
        switch durability {
        case .fsyncPerAppend:
            batch = [pending.removeFirst()]
        case .groupCommit, .noSync:
            batch = pending
            pending = []
        }
        flushing = true
        let bytes = batch.count == 1 ? batch[0].bytes : Array(batch.map(\.bytes).joined())
        let offset = batch[0].offset
        let sync = durability != .noSync
        let file = self.file
        let io = self.io
        // Zeros ahead of the log, written in the same sync as the records.
        let needed = offset + Int64(bytes.count)
        var zerosAhead: (offset: Int64, count: Int)?
        if preallocationStep > 0, needed > allocated {
            let target = (needed + preallocationStep) / preallocationStep * preallocationStep
            zerosAhead = (needed, Int(target - needed))
            allocated = target
        }
        let zeros = zerosAhead
        // The commit mark: with this sync for what earlier syncs made durable, or after it for this group too.
        let markBefore = marksCommits && commitMarking == .withNextSync && syncedEnd > markedEnd ? syncedEnd : nil
        let markAfter = marksCommits && commitMarking == .beforeAcknowledging ? needed : nil
        Task {
            let outcome: EventStoreError? = await withCheckedContinuation { continuation in
                io.async {
                    do throws(EventStoreError) {
                        if let zeros {
                            try file.write([UInt8](repeating: 0, count: zeros.count), at: zeros.offset)
                        }
                        if let markBefore { try file.write(CommitMark.encode(markBefore), at: LogFormat.markOffset) }
                        try file.write(bytes, at: offset)
                        if sync { try file.sync() }
                        if let markAfter {
                            try file.write(CommitMark.encode(markAfter), at: LogFormat.markOffset)
                            try file.sync()
                        }
                        continuation.resume(returning: nil)
                    } catch {
                        continuation.resume(returning: error)
                    }
                }
            }
            self.finishFlush(batch, failure: outcome, syncedThrough: sync ? needed : nil, marked: markAfter ?? markBefore)
        }
    }

    private func finishFlush(_ batch: [PendingAppend], failure error: EventStoreError?, syncedThrough: Int64?, marked: Int64?) {
        flushing = false
        if let error {
            // The log's tail is now unknown: fail everything in flight and refuse further work until reopened.
            let failure = EventStoreError(code: .ioFailure, message: "\(error.message); the store must be reopened")
            self.failure = failure
            for append in batch + pending {
                append.continuation.resume(throwing: failure)
            }
            pending = []
            subscribers.finishAll(throwing: failure)
        } else {
            if durability != .noSync { syncCount += 1 }
            if let syncedThrough { syncedEnd = syncedThrough }
            if let marked { markedEnd = marked }
            for append in batch {
                durableHead = append.committed.last?.globalPosition ?? durableHead
                append.continuation.resume(returning: append.result)
                subscribers.publish(append.committed)
            }
            startFlushIfIdle()
        }
        if !flushing && pending.isEmpty {
            for waiter in idleWaiters { waiter.resume() }
            idleWaiters = []
        }
    }

    /// The durable events of `stream` from `fromVersion` on.
    public func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent] {
        try checkUsable()
        let offsets = index.offsets(of: stream, fromVersion: fromVersion, upTo: durableHead)
        return try await Self.read(file, offsets)
    }

    /// Up to `limit` durable events from `fromPosition` on.
    public func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent] {
        try checkUsable()
        return try await Self.read(file, offsetsFrom(fromPosition, limit: limit))
    }

    private func offsetsFrom(_ position: Int64, limit: Int) -> [Int64] {
        let start = max(0, Int(position) - 1)
        let stop = Int(durableHead)
        guard start < stop, limit > 0 else { return [] }
        return Array(index.offsets[start..<(stop - start > limit ? start + limit : stop)])
    }

    /// Replays the durable events of `stream` from `fromVersion` on over `state`, decoding each payload straight
    /// from the chunk it was read in (no `RecordedEvent` is built; memory stays at one chunk). Runs off the actor.
    public nonisolated func replay<Aggregate: EventSourcedAggregate>(
        _ aggregate: Aggregate.Type, stream: StreamID, fromVersion: Int64, onto state: Aggregate.State, codec: PayloadCodec
    ) async throws -> ReplayOutcome<Aggregate> {
        let offsets = try await streamOffsets(stream, fromVersion: fromVersion)
        return try Self.replay(file, offsets, stream: stream, onto: state, codec: codec, parallel: parallelReplay)
    }

    private func streamOffsets(_ stream: StreamID, fromVersion: Int64) throws -> [Int64] {
        try checkUsable()
        return index.offsets(of: stream, fromVersion: fromVersion, upTo: durableHead)
    }

    private nonisolated static func replay<Aggregate: EventSourcedAggregate>(
        _ file: LogFile, _ offsets: [Int64], stream: StreamID, onto state: Aggregate.State, codec: PayloadCodec, parallel: Bool
    ) throws -> ReplayOutcome<Aggregate> {
        // Long streams: read and decode spans of the log on all cores, then evolve in order on this thread.
        let spans = parallel ? LogReader.spans(of: offsets, bytes: LogReader.chunkSize * 2) : []
        if spans.count > 1 {
            let decoded = try decodeInParallel(Aggregate.Event.self, file, offsets, spans: spans, stream: stream, codec: codec)
            // `Aggregate.replay` is specialised in the aggregate's module: no witness-table call per event.
            var current = state
            for span in decoded {
                current = Aggregate.replay(span.events, from: consume current)
            }
            return ReplayOutcome(state: current, lastVersion: decoded.last?.lastVersion, count: offsets.count)
        }
        var current = state
        var lastVersion: Int64?
        try decodeEvents(Aggregate.Event.self, file, offsets[...], stream: stream, codec: codec) { event in
            current = Aggregate.evolve(consume current, event)
        } record: { version in
            lastVersion = version
        }
        return ReplayOutcome(state: current, lastVersion: lastVersion, count: offsets.count)
    }

    /// Decodes the events at `offsets` in order, handing each to `body`, then each record's stream version to
    /// `record` (also for a record an upcaster splits into no event: versions count records).
    private nonisolated static func decodeEvents<Event: EventSet>(
        _ type: Event.Type, _ file: LogFile, _ offsets: ArraySlice<Int64>, stream: StreamID, codec: PayloadCodec,
        _ body: (Event) -> Void, record: (Int64) -> Void
    ) throws {
        var reader = LogEventReader()
        try LogReader.visit(file, offsets: Array(offsets)) { chunk, bytes, relative, _ in
            let fields = try reader.replayFields(bytes, at: relative)
            do {
                // `splits` first: the inlinable test spares the records no upcaster splits slicing their payload twice.
                if codec.splits(fields.typeName, schemaVersion: fields.schemaVersion),
                   let events = try codec.split(typeName: fields.typeName, schemaVersion: fields.schemaVersion, payload: chunk[fields.payload]) {
                    for event in events {
                        body(try Event.decode(typeName: event.typeName, schemaVersion: event.schemaVersion, payload: event.payload, codec: codec))
                    }
                } else {
                    body(try Event.decode(typeName: fields.typeName, schemaVersion: fields.schemaVersion, payload: chunk[fields.payload], codec: codec))
                }
                record(fields.version)
            } catch var error as EventDecodingError {
                error.streamID = error.streamID ?? stream
                error.streamVersion = error.streamVersion ?? fields.version
                throw error
            }
        }
    }

    /// Decodes each span of `offsets` on its own worker (`DispatchQueue.concurrentPerform`); the first failure, in
    /// log order, is thrown.
    private nonisolated static func decodeInParallel<Event: EventSet>(
        _ type: Event.Type, _ file: LogFile, _ offsets: [Int64], spans: [Range<Int>], stream: StreamID, codec: PayloadCodec
    ) throws -> [(events: [Event], lastVersion: Int64?)] {
        let results = ParallelResults<(events: [Event], lastVersion: Int64?)>(count: spans.count)
        DispatchQueue.concurrentPerform(iterations: spans.count) { index in
            var events: [Event] = []
            var lastVersion: Int64?
            events.reserveCapacity(spans[index].count)
            do {
                try decodeEvents(type, file, offsets[spans[index]], stream: stream, codec: codec) { event in
                    events.append(event)
                } record: { version in
                    lastVersion = version
                }
                results.set(index, .success((events, lastVersion)))
            } catch {
                results.set(index, .failure(error))
            }
        }
        return try results.values()
    }

    private nonisolated static func read(_ file: LogFile, _ offsets: [Int64]) async throws -> [RecordedEvent] {
        try LogReader.read(file, offsets: offsets)
    }

    /// The durable version of `stream` (0 when absent).
    public func streamVersion(_ stream: StreamID) throws -> Int64 {
        try checkUsable()
        return index.version(of: stream, upTo: durableHead)
    }

    /// The size of the log in bytes (the header and every record appended so far); the file may be larger while
    /// the store is open (zeros written ahead).
    public var logSize: Int64 { end }

    /// The global position of the last durable event.
    public func headPosition() throws -> Int64 {
        try checkUsable()
        return durableHead
    }

    /// The durable events committed by the append carrying `commandID`.
    public func events(forCommand commandID: UUID) async throws -> [RecordedEvent]? {
        try checkUsable()
        guard let range = index.commands[commandID], range.upperBound <= durableHead else { return nil }
        let offsets = range.map { index.offsets[Int($0) - 1] }
        return try await Self.read(file, offsets)
    }

    /// Durable events from `fromPosition`, then each new one once durable.
    public nonisolated func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<RecordedEvent, any Error>.makeStream()
        let id = UUID()
        continuation.onTermination = { _ in
            Task { await self.unsubscribe(id) }
        }
        Task { await self.subscribe(id, continuation, fromPosition: fromPosition) }
        return stream
    }

    private func subscribe(_ id: UUID, _ continuation: AsyncThrowingStream<RecordedEvent, any Error>.Continuation, fromPosition: Int64) {
        do {
            try checkUsable()
            // Read synchronously on the actor so that no event is committed between catch-up and registration.
            for event in try LogReader.read(file, offsets: offsetsFrom(fromPosition, limit: .max)) {
                continuation.yield(event)
            }
            subscribers.add(id, continuation)
        } catch {
            continuation.finish(throwing: error)
        }
    }

    private func unsubscribe(_ id: UUID) {
        subscribers.remove(id)
    }

    /// Waits for appends in flight, then closes the file (releasing its lock). Followers' sequences finish;
    /// later calls throw `.closed`.
    public func close() async {
        while flushing || !pending.isEmpty {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        guard !isClosed else { return }
        isClosed = true
        subscribers.finishAll()
        if failure == nil && allocated > end {
            try? file.truncate(to: end)
        }
        if failure == nil && marksCommits && markedEnd < end && syncedEnd == end {
            // After a clean close the mark covers the whole log (every append was synced before it returned), so
            // damage at its end is then reported, not cut as a torn tail.
            if (try? file.write(CommitMark.encode(end), at: LogFormat.markOffset)) != nil {
                try? file.sync()
            }
        }
        file.close()
    }

    private func checkUsable() throws {
        if isClosed {
            throw EventStoreError(code: .closed, message: "the event store `\(path)` is closed")
        }
        if let failure { throw failure }
    }
}

/// One result slot per parallel worker; each worker writes only its own slot, and the slots are read after
/// `concurrentPerform` returns (which orders the writes before the reads).
private final class ParallelResults<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result<Value, any Error>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Stores worker `index`'s result (each index is written by one worker only).
    func set(_ index: Int, _ result: Result<Value, any Error>) {
        slots[index] = result
    }

    /// Every value in order, or the first failure.
    func values() throws -> [Value] {
        try (0..<count).map { index in
            guard let slot = slots[index] else { throw EventStoreError(code: .ioFailure, message: "a parallel replay worker did not finish") }
            return try slot.get()
        }
    }
}
