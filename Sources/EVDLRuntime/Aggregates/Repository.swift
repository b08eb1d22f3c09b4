import Foundation

/// Handles the commands of one aggregate type: load (snapshot + tail), decide, append with the loaded version,
/// retry on conflict; idempotent by command id; stale clients are told so. Also answers time-travel queries.
///
/// A `Sendable` struct rather than an actor: it holds no mutable state of its own — every piece of shared state
/// lives in the (actor) stores, and the store's expected-version check is what serialises writers of a stream.
public struct Repository<Aggregate: EventSourcedAggregate>: Sendable {
    /// The aggregate value whose `decide` runs (carries the Swift-decided commands).
    public var aggregate: Aggregate
    /// Where the events live.
    public var store: any EventStore
    /// Where snapshots live, if anywhere. Snapshots are taken every `Aggregate.snapshotEvery` events.
    public var snapshots: (any SnapshotStore)?
    /// How payloads and snapshots are encoded.
    public var codec: PayloadCodec
    /// How many times a command is decided again after losing a race for its stream.
    public var maxConflictRetries: Int

    /// Creates a repository.
    public init(
        aggregate: Aggregate, store: any EventStore, snapshots: (any SnapshotStore)? = nil,
        codec: PayloadCodec = .standard, maxConflictRetries: Int = 5
    ) {
        self.aggregate = aggregate
        self.store = store
        self.snapshots = snapshots
        self.codec = codec
        self.maxConflictRetries = maxConflictRetries
    }

    /// Decides `command` against the current state and appends the events it causes.
    ///
    /// - `context.commandID` makes the call idempotent: if an append already carried that id, nothing is decided
    ///   or appended and the first result is returned (`wasDuplicate == true`). A command that caused no events
    ///   leaves no trace, so repeating it decides again.
    /// - `expectedVersion`, when given, is the stream version the caller last saw: if the stream has moved on,
    ///   this throws `CommandHandlingError(code: .staleVersion)` instead of deciding on state the caller never saw.
    /// - Without it, losing a race (another writer appended between load and append) loads and decides again,
    ///   up to `maxConflictRetries` times, then throws `.tooManyConflicts`.
    /// - Before `decide`, the command's existence rule (`Aggregate.Command.existence`) is checked against the
    ///   loaded version: a command that needs an existing aggregate meeting an empty stream throws
    ///   `CommandRejection(code: .aggregateNotFound)`, a `creates` command meeting an existing one
    ///   `.aggregateAlreadyExists`. Commands decided in Swift follow the same rule.
    /// - A failed `require` throws `CommandRejection` (code `.rule`) unchanged.
    public func execute(_ command: Aggregate.Command, context: CommandContext = CommandContext(), expectedVersion: Int64? = nil) async throws -> CommandResult<Aggregate> {
        let stream = Aggregate.streamID(for: command.aggregateID)
        if let previous = try await store.events(forCommand: context.commandID) {
            return try duplicate(previous, stream: stream)
        }
        var attempt = 0
        while true {
            let loaded = try await load(stream: stream)
            if let expectedVersion, expectedVersion != loaded.version {
                throw CommandHandlingError.stale(stream, command: command.typeName, expected: expectedVersion, actual: loaded.version)
            }
            try Aggregate.checkExistence(of: command, version: loaded.version)
            let events = try aggregate.decide(command, state: loaded.state, context: context)
            if events.isEmpty {
                return CommandResult(streamID: stream, events: [], recorded: [], version: loaded.version, state: loaded.state, wasDuplicate: false)
            }
            let newEvents = try events.map { try NewEvent($0, context: context, codec: codec) }
            do {
                let appended = try await store.append(newEvents, to: stream, expectedVersion: .exact(loaded.version))
                let state = Aggregate.replay(events, from: loaded.state)
                await snapshotIfDue(stream: stream, state: state, from: loaded.version, to: appended.streamVersion, now: context.now)
                return CommandResult(streamID: stream, events: events, recorded: appended.events, version: appended.streamVersion, state: state, wasDuplicate: false)
            } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
                if let expectedVersion {
                    throw CommandHandlingError.stale(stream, command: command.typeName, expected: expectedVersion, actual: error.actual ?? -1)
                }
                attempt += 1
                guard attempt <= maxConflictRetries else {
                    throw CommandHandlingError(
                        code: .tooManyConflicts, streamID: stream,
                        message: "`\(command.typeName)` lost the race for stream `\(stream)` \(attempt) times; giving up"
                    )
                }
            } catch let error as EventStoreError where error.code == .duplicateCommand {
                // The same command id is being appended concurrently: wait for that append and return its result.
                for _ in 0..<1000 {
                    if let previous = try await store.events(forCommand: context.commandID) {
                        return try duplicate(previous, stream: stream)
                    }
                    try await Task.sleep(nanoseconds: 1_000_000)
                }
                throw error
            }
        }
    }

    private func duplicate(_ previous: [RecordedEvent], stream: StreamID) throws -> CommandResult<Aggregate> {
        // A command answered long ago may have stored a type an upcaster now splits: events and records stay in step.
        let recorded = try codec.upcast(previous)
        let events = try recorded.map { try Aggregate.Event.decode($0, codec: codec) }
        return CommandResult(
            streamID: previous.first?.streamID ?? stream, events: events, recorded: recorded,
            version: previous.last?.streamVersion ?? 0, state: nil, wasDuplicate: true
        )
    }

    /// The current state of aggregate `id`: the latest usable snapshot plus the events after it.
    public func load(_ id: Aggregate.ID) async throws -> LoadedAggregate<Aggregate> {
        try await load(stream: Aggregate.streamID(for: id))
    }

    /// The current state of the aggregate in `stream`.
    public func load(stream: StreamID) async throws -> LoadedAggregate<Aggregate> {
        let (start, ignored) = try await usableSnapshot(of: stream, atMost: nil)
        let outcome = try await store.replay(Aggregate.self, stream: stream, fromVersion: start.version + 1, onto: start.state, codec: codec)
        var loaded = LoadedAggregate<Aggregate>(
            state: outcome.state, version: outcome.lastVersion ?? start.version,
            snapshotVersion: start.snapshotVersion, replayedEvents: outcome.count
        )
        loaded.ignoredSnapshot = ignored
        return loaded
    }

    /// The state of aggregate `id` just after its event number `version` (time travel by version). Versions past
    /// the end give the current state.
    public func state(of id: Aggregate.ID, atVersion version: Int64) async throws -> LoadedAggregate<Aggregate> {
        let stream = Aggregate.streamID(for: id)
        let (start, ignored) = try await usableSnapshot(of: stream, atMost: version)
        let tail = try await store.readStream(stream, fromVersion: start.version + 1).prefix { $0.streamVersion <= version }
        return try replay(tail, onto: start, ignoredSnapshot: ignored)
    }

    /// The state of aggregate `id` as of `date` (time travel by time): the events recorded up to and including
    /// `date`, in stream order.
    public func state(of id: Aggregate.ID, at date: Date) async throws -> LoadedAggregate<Aggregate> {
        let events = try await store.readStream(Aggregate.streamID(for: id), fromVersion: 1).prefix { $0.timestamp <= date }
        return try replay(events, onto: LoadedAggregate(state: Aggregate.State(), version: 0, snapshotVersion: nil, replayedEvents: 0), ignoredSnapshot: nil)
    }

    private func replay<C: Collection>(_ events: C, onto start: LoadedAggregate<Aggregate>, ignoredSnapshot: SnapshotRejection?) throws -> LoadedAggregate<Aggregate> where C.Element == RecordedEvent {
        let list = Array(events)
        let state = try Aggregate.replay(recorded: list, from: start.state, codec: codec)
        var loaded = LoadedAggregate<Aggregate>(
            state: state, version: list.last?.streamVersion ?? start.version,
            snapshotVersion: start.snapshotVersion, replayedEvents: events.count
        )
        loaded.ignoredSnapshot = ignoredSnapshot
        return loaded
    }

    /// The snapshot to start from (at most `version`), or the initial state, and why a stored snapshot was not used.
    private func usableSnapshot(of stream: StreamID, atMost version: Int64?) async throws -> (LoadedAggregate<Aggregate>, SnapshotRejection?) {
        let initial = LoadedAggregate<Aggregate>(state: Aggregate.State(), version: 0, snapshotVersion: nil, replayedEvents: 0)
        guard let snapshots, let snapshot = try await snapshots.latest(for: stream) else { return (initial, nil) }
        if let version, snapshot.version > version { return (initial, nil) }
        guard snapshot.stateFingerprint == Aggregate.State.shapeFingerprint else {
            return (initial, .olderStateShape(snapshot.stateFingerprint))
        }
        do {
            let state = try codec.decode(Aggregate.State.self, from: snapshot.state)
            return (LoadedAggregate(state: state, version: snapshot.version, snapshotVersion: snapshot.version, replayedEvents: 0), nil)
        } catch {
            return (initial, .undecodable("\(error)"))
        }
    }

    private func snapshotIfDue(stream: StreamID, state: Aggregate.State, from oldVersion: Int64, to newVersion: Int64, now: Date) async {
        guard let snapshots, let every = Aggregate.snapshotEvery, every > 0, newVersion / Int64(every) > oldVersion / Int64(every) else { return }
        // A snapshot is a cache: failing to write one must not fail a command whose events are committed.
        guard let data = try? codec.encode(state) else { return }
        try? await snapshots.save(Snapshot(streamID: stream, version: newVersion, stateFingerprint: Aggregate.State.shapeFingerprint, state: data, takenAt: now))
    }
}

/// Why a stored snapshot was not used and the state was rebuilt by replay instead.
public enum SnapshotRejection: Sendable, Equatable {
    /// It was taken by a state of another shape (its fingerprint).
    case olderStateShape(String)
    /// Its state no longer decodes (the decoding error).
    case undecodable(String)
}

/// An aggregate's state at some version, and how it was obtained.
public struct LoadedAggregate<Aggregate: EventSourcedAggregate>: Sendable {
    /// The state.
    public var state: Aggregate.State
    /// The stream version it reflects (0: no events).
    public var version: Int64
    /// The version of the snapshot it started from, if one was used.
    public var snapshotVersion: Int64?
    /// How many events were replayed (after the snapshot, if any).
    public var replayedEvents: Int
    /// Why a stored snapshot was ignored, if one was.
    public var ignoredSnapshot: SnapshotRejection?

    /// Creates a loaded state.
    public init(state: Aggregate.State, version: Int64, snapshotVersion: Int64?, replayedEvents: Int) {
        self.state = state
        self.version = version
        self.snapshotVersion = snapshotVersion
        self.replayedEvents = replayedEvents
    }
}

/// What executing a command did.
public struct CommandResult<Aggregate: EventSourcedAggregate>: Sendable {
    /// The aggregate's stream.
    public var streamID: StreamID
    /// The events the command caused (for a duplicate: those its first execution caused).
    public var events: [Aggregate.Event]
    /// The same events as stored.
    public var recorded: [RecordedEvent]
    /// The stream version after the command.
    public var version: Int64
    /// The state after the command (`nil` for a duplicate, which loads nothing).
    public var state: Aggregate.State?
    /// Whether the command id had been seen before, so nothing was decided or appended.
    public var wasDuplicate: Bool

    /// Creates a result.
    public init(streamID: StreamID, events: [Aggregate.Event], recorded: [RecordedEvent], version: Int64, state: Aggregate.State?, wasDuplicate: Bool) {
        self.streamID = streamID
        self.events = events
        self.recorded = recorded
        self.version = version
        self.state = state
        self.wasDuplicate = wasDuplicate
    }
}

/// A command could not be handled (other than being rejected by `decide`, which throws `CommandRejection`).
public struct CommandHandlingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// The caller's last-seen version is behind the stream: it must reload before deciding again.
        case staleVersion
        /// The command lost the race for its stream more times than allowed.
        case tooManyConflicts
    }

    /// What went wrong.
    public var code: Code
    /// The stream concerned.
    public var streamID: StreamID
    /// For `.staleVersion`: the version the caller last saw.
    public var expected: Int64?
    /// For `.staleVersion`: the stream's actual version.
    public var actual: Int64?
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, streamID: StreamID, expected: Int64? = nil, actual: Int64? = nil, message: String) {
        self.code = code
        self.streamID = streamID
        self.expected = expected
        self.actual = actual
        self.message = message
    }

    /// The error for a caller that last saw `expected` while the stream is at `actual`.
    public static func stale(_ stream: StreamID, command: String, expected: Int64, actual: Int64) -> CommandHandlingError {
        CommandHandlingError(
            code: .staleVersion, streamID: stream, expected: expected, actual: actual,
            message: "`\(command)` was decided on version \(expected) of `\(stream)`, but it is at version \(actual): reload and try again"
        )
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}
