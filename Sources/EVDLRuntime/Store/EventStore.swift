import Foundation

/// The name of an event stream: one per aggregate instance (`"Order-<id>"`, see `EventSourcedAggregate.streamID`).
public struct StreamID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The stream name.
    public var rawValue: String

    /// Creates a stream id.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a stream id from a literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Creates a stream id from its JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the stream id as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Orders stream ids by name.
    public static func < (lhs: StreamID, rhs: StreamID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The stream name.
    public var description: String { rawValue }
}

/// What the writer believes about the stream it appends to (optimistic concurrency).
///
/// Stream versions count events: the first event of a stream has version 1, so a stream that does not exist
/// has version 0.
public enum ExpectedVersion: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Append whatever the stream's version.
    case any
    /// The stream must not exist yet (version 0).
    case noStream
    /// The stream's current version must be exactly this (0 means the stream must not exist).
    case exact(Int64)

    /// Whether a stream at `current` satisfies this expectation.
    public func accepts(current: Int64) -> Bool {
        switch self {
        case .any: true
        case .noStream: current == 0
        case .exact(let version): current == version
        }
    }

    /// `any`, `no stream`, or the version.
    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        }
    }
}

/// An event to append: everything but what the store assigns (stream, version, global position).
public struct NewEvent: Sendable, Equatable {
    /// A unique id for the event.
    public var eventID: UUID
    /// The stable type name, e.g. `"Order.OrderPlaced"`.
    public var typeName: String
    /// The schema version of the payload.
    public var schemaVersion: Int
    /// When the event happened. Stores keep millisecond precision.
    public var timestamp: Date
    /// The command that caused this event, if any; stores index it so that a command id is appended only once.
    public var commandID: UUID?
    /// The message that caused this event, if any.
    public var causationID: UUID?
    /// The conversation this event belongs to, if any.
    public var correlationID: UUID?
    /// Free-form metadata.
    public var metadata: [String: String]
    /// The encoded payload (JSON by default, see `PayloadCodec`).
    public var payload: Data

    /// Creates an event to append.
    public init(
        eventID: UUID = UUID(), typeName: String, schemaVersion: Int = 1, timestamp: Date = Date(),
        commandID: UUID? = nil, causationID: UUID? = nil, correlationID: UUID? = nil,
        metadata: [String: String] = [:], payload: Data
    ) {
        self.eventID = eventID
        self.typeName = typeName
        self.schemaVersion = schemaVersion
        self.timestamp = timestamp
        self.commandID = commandID
        self.causationID = causationID
        self.correlationID = correlationID
        self.metadata = metadata
        self.payload = payload
    }

    /// Encodes `event` of an aggregate's event set into a `NewEvent` stamped from `context`.
    public init<E: EventSet>(_ event: E, context: CommandContext, codec: PayloadCodec = .standard) throws {
        self.init(
            typeName: event.typeName, schemaVersion: event.schemaVersion, timestamp: context.now,
            commandID: context.commandID, causationID: context.causationID ?? context.commandID,
            correlationID: context.correlationID, metadata: context.metadata,
            payload: try event.encodePayload(codec: codec)
        )
    }
}

/// A stored event with its envelope. The payload stays raw bytes until the caller decodes it.
public struct RecordedEvent: Sendable, Equatable {
    /// The event's unique id.
    public var eventID: UUID
    /// The stream it belongs to.
    public var streamID: StreamID
    /// Its version in that stream (1 for the first event).
    public var streamVersion: Int64
    /// Its position in the whole store (1 for the first event ever appended); strictly increasing in append order.
    public var globalPosition: Int64
    /// The stable type name.
    public var typeName: String
    /// The schema version of the payload.
    public var schemaVersion: Int
    /// When the event happened, at millisecond precision.
    public var timestamp: Date
    /// The command that caused it, if any.
    public var commandID: UUID?
    /// The message that caused it, if any.
    public var causationID: UUID?
    /// The conversation it belongs to, if any.
    public var correlationID: UUID?
    /// Free-form metadata.
    public var metadata: [String: String]
    /// The encoded payload. Stores may hand out a slice of a larger read buffer: index it from
    /// `payload.startIndex`, not 0 (decoders and `Data`'s own methods do).
    public var payload: Data

    /// Creates a recorded event.
    public init(
        eventID: UUID, streamID: StreamID, streamVersion: Int64, globalPosition: Int64, typeName: String,
        schemaVersion: Int, timestamp: Date, commandID: UUID?, causationID: UUID?, correlationID: UUID?,
        metadata: [String: String], payload: Data
    ) {
        self.eventID = eventID
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.globalPosition = globalPosition
        self.typeName = typeName
        self.schemaVersion = schemaVersion
        self.timestamp = timestamp
        self.commandID = commandID
        self.causationID = causationID
        self.correlationID = correlationID
        self.metadata = metadata
        self.payload = payload
    }

    /// Records `event` at the given place (used by stores); the timestamp is rounded to milliseconds.
    public init(_ event: NewEvent, streamID: StreamID, streamVersion: Int64, globalPosition: Int64) {
        self.init(
            eventID: event.eventID, streamID: streamID, streamVersion: streamVersion, globalPosition: globalPosition,
            typeName: event.typeName, schemaVersion: event.schemaVersion,
            timestamp: Date(millisecondsSince1970: event.timestamp.millisecondsSince1970),
            commandID: event.commandID, causationID: event.causationID, correlationID: event.correlationID,
            metadata: event.metadata, payload: event.payload
        )
    }
}

/// The outcome of a successful append.
public struct AppendResult: Sendable, Equatable {
    /// The stream's version after the append (unchanged when nothing was appended).
    public var streamVersion: Int64
    /// The recorded events, in order.
    public var events: [RecordedEvent]

    /// Creates a result.
    public init(streamVersion: Int64, events: [RecordedEvent]) {
        self.streamVersion = streamVersion
        self.events = events
    }
}

/// An append-only store of event streams with optimistic concurrency.
///
/// Guarantees every implementation keeps: an append is atomic (all its events or none); stream versions are
/// dense from 1; global positions are strictly increasing in commit order; a command id (`NewEvent.commandID`)
/// is committed by at most one append — a second append carrying it fails with `.duplicateCommand`.
public protocol EventStore: Sendable {
    /// Appends `events` to `stream` if its version satisfies `expectedVersion`, else throws `EventStoreError`
    /// with code `.wrongExpectedVersion` naming expected and actual version. Appending no events only checks.
    @discardableResult
    func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult

    /// The events of `stream` with version ≥ `fromVersion`, in order (empty for a stream that does not exist).
    func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent]

    /// Up to `limit` events with global position ≥ `fromPosition`, in order.
    func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent]

    /// The current version of `stream` (0 when it does not exist).
    func streamVersion(_ stream: StreamID) async throws -> Int64

    /// The global position of the last committed event (0 for an empty store).
    func headPosition() async throws -> Int64

    /// The events the append carrying command id `commandID` committed, or `nil` when no append carried it.
    func events(forCommand commandID: UUID) async throws -> [RecordedEvent]?

    /// Every event with global position ≥ `fromPosition`: first those already stored, then each new one as it
    /// is committed, until the consumer stops iterating (or the store is closed, which finishes the sequence).
    func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error>

    /// Replays the events of `stream` from `fromVersion` on over `state` with `Aggregate.evolve`, without keeping
    /// them: what `Repository.load` calls. The default reads the stream and calls `Aggregate.replay(recorded:…)`;
    /// `FileEventStore` decodes each payload straight from the chunk it read, never building `RecordedEvent`s.
    func replay<Aggregate: EventSourcedAggregate>(
        _ aggregate: Aggregate.Type, stream: StreamID, fromVersion: Int64, onto state: Aggregate.State, codec: PayloadCodec
    ) async throws -> ReplayOutcome<Aggregate>
}

/// What replaying a stream gave.
public struct ReplayOutcome<Aggregate: EventSourcedAggregate>: Sendable {
    /// The state after the replayed events.
    public var state: Aggregate.State
    /// The stream version of the last replayed event (`nil` when there was none).
    public var lastVersion: Int64?
    /// How many events were replayed.
    public var count: Int

    /// Creates an outcome.
    public init(state: Aggregate.State, lastVersion: Int64?, count: Int) {
        self.state = state
        self.lastVersion = lastVersion
        self.count = count
    }
}

extension EventStore {
    /// Reads the stream, then replays it with `Aggregate.replay(recorded:from:codec:)`.
    public func replay<Aggregate: EventSourcedAggregate>(
        _ aggregate: Aggregate.Type, stream: StreamID, fromVersion: Int64, onto state: Aggregate.State, codec: PayloadCodec
    ) async throws -> ReplayOutcome<Aggregate> {
        let events = try await readStream(stream, fromVersion: fromVersion)
        return ReplayOutcome(state: try Aggregate.replay(recorded: events, from: state, codec: codec), lastVersion: events.last?.streamVersion, count: events.count)
    }

    /// All events of `stream`, in order.
    public func readStream(_ stream: StreamID) async throws -> [RecordedEvent] {
        try await readStream(stream, fromVersion: 1)
    }
}

/// A failure of an event store.
public struct EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// The stream's version did not satisfy the append's expected version.
        case wrongExpectedVersion
        /// An append carried a command id that an earlier append already committed.
        case duplicateCommand
        /// The log is damaged at `offset` (not a torn tail: data after it was committed).
        case corruptLog
        /// The log ends with a torn tail (at `offset`) and the store was opened with `LogTailPolicy.refuse`.
        case tornTail
        /// The file is not an event log of a format this code reads.
        case unsupportedFormat
        /// A file-system operation failed.
        case ioFailure
        /// The store was closed.
        case closed
        /// An argument was out of range (e.g. an event too large for a record).
        case invalidArgument
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The stream concerned, if any.
    public var streamID: StreamID?
    /// For `.wrongExpectedVersion`: what the writer expected.
    public var expected: ExpectedVersion?
    /// For `.wrongExpectedVersion`: the stream's actual version.
    public var actual: Int64?
    /// For `.corruptLog` and `.tornTail`: the byte offset of the damaged record or torn tail in the log file.
    public var offset: Int64?
    /// For `.duplicateCommand`: the command id.
    public var commandID: UUID?

    /// Creates an error.
    public init(
        code: Code, message: String, streamID: StreamID? = nil, expected: ExpectedVersion? = nil,
        actual: Int64? = nil, offset: Int64? = nil, commandID: UUID? = nil
    ) {
        self.code = code
        self.message = message
        self.streamID = streamID
        self.expected = expected
        self.actual = actual
        self.offset = offset
        self.commandID = commandID
    }

    /// The conflict an append with `expected` meets on `stream` at version `actual`.
    public static func wrongExpectedVersion(_ stream: StreamID, expected: ExpectedVersion, actual: Int64) -> EventStoreError {
        EventStoreError(
            code: .wrongExpectedVersion,
            message: "stream `\(stream)` was expected at \(expected) but is at version \(actual)",
            streamID: stream, expected: expected, actual: actual
        )
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}

extension Date {
    /// Milliseconds since 1970-01-01 UTC, rounded to the nearest: the precision stores keep.
    public var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// The date `milliseconds` after 1970-01-01 UTC.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
