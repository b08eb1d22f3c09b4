import Foundation

/// One event type of an aggregate (`event OrderPlaced v2 { … }`): an immutable, versioned fact.
///
/// The stable type name and schema version are stored with every event, so renaming the Swift type never
/// orphans stored events.
public protocol DomainEvent: Sendable, Codable, Equatable {
    /// The stable name stored with the event: `"<Aggregate>.<Event>"`, e.g. `"Order.OrderPlaced"`.
    static var typeName: String { get }
    /// The current schema version of the payload (`v2` in the spec; 1 when not written).
    static var schemaVersion: Int { get }

    /// Decodes a payload written with an OLDER schema version `version` (< `schemaVersion`). Generated code
    /// implements it for events with `was`/added fields; the default decodes the payload as the current shape.
    static func upcast(payload: Data, fromVersion version: Int, codec: PayloadCodec) throws -> Self
}

extension DomainEvent {
    /// Decodes the payload as the current shape (valid while old payloads still decode, e.g. only fields were dropped).
    public static func upcast(payload: Data, fromVersion version: Int, codec: PayloadCodec) throws -> Self {
        try codec.decode(Self.self, from: payload)
    }
}

/// The closed set of an aggregate's events (`Order.Event`): an enum with one case per event type.
///
/// It knows the stable type name and schema version of each case, encodes a case's payload, and decodes a
/// stored payload back, throwing `EventDecodingError` (code `.unknownEventType`) for a type it does not know.
public protocol EventSet: Sendable, Equatable {
    /// The event value inside the case; its type provides `typeName` and `schemaVersion`.
    var payload: any DomainEvent { get }

    /// Every stable type name this set can decode.
    static var typeNames: [String] { get }

    /// Decodes a stored payload of type `typeName` written with schema version `schemaVersion`.
    /// Throws `EventDecodingError` when the type is unknown, the version is newer than this code knows, or the
    /// payload does not decode.
    static func decode(typeName: String, schemaVersion: Int, payload: Data, codec: PayloadCodec) throws -> Self
}

extension EventSet {
    /// The stable type name of this event, e.g. `"Order.OrderPlaced"`.
    public var typeName: String { type(of: payload).typeName }

    /// The schema version this code writes for this event.
    public var schemaVersion: Int { type(of: payload).schemaVersion }

    /// Encodes the event's payload (without envelope) with `codec`.
    public func encodePayload(codec: PayloadCodec) throws -> Data {
        try codec.encode(payload)
    }

    /// Decodes the payload of a recorded event. A record an `EventUpcaster.split` turns into several events is an
    /// `EventDecodingError` (`.invalidPayload`): read it with `decodeAll(_:codec:)`.
    public static func decode(_ recorded: RecordedEvent, codec: PayloadCodec) throws -> Self {
        if codec.splits(recorded.typeName, schemaVersion: recorded.schemaVersion) {
            let events = try decodeAll(recorded, codec: codec)
            guard events.count == 1 else {
                throw EventDecodingError(
                    code: .invalidPayload, typeName: recorded.typeName, schemaVersion: recorded.schemaVersion,
                    streamID: recorded.streamID, streamVersion: recorded.streamVersion,
                    detail: "`\(recorded.typeName)` v\(recorded.schemaVersion) is split into \(events.count) events by an upcaster; read it with `decodeAll`"
                )
            }
            return events[0]
        }
        return try EventDecodingError.placing(recorded) {
            try decode(typeName: recorded.typeName, schemaVersion: recorded.schemaVersion, payload: recorded.payload, codec: codec)
        }
    }
}

/// The closed set of an aggregate's commands (`Order.Command`): an enum with one case per command.
public protocol CommandSet: Sendable, Equatable {
    /// The type of the aggregate id every command carries.
    associatedtype AggregateID: Hashable, Sendable, CustomStringConvertible
    /// The id of the aggregate instance this command is addressed to.
    var aggregateID: AggregateID { get }
    /// The command's stable name, e.g. `"Order.PlaceOrder"` (used in messages and errors).
    var typeName: String { get }
    /// What the command requires of its aggregate's stream before `decide` runs (the spec's `creates`,
    /// `creates if missing`, or nothing: `.existing`). `Repository` and `AggregateScenario` reject the other case
    /// with a `CommandRejection` of code `.aggregateNotFound` or `.aggregateAlreadyExists`.
    var existence: CommandExistence { get }
}

/// A command was refused: a `require … else "message"` failed in `decide` (`.rule`), or the aggregate did not
/// exist or already existed (`.aggregateNotFound`, `.aggregateAlreadyExists`, checked before `decide` runs).
public struct CommandRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the command was refused.
    public enum Code: String, Sendable, Codable, Equatable {
        /// A `require` failed (or Swift code threw `CommandRejection("…")`).
        case rule
        /// The command needs an existing aggregate and the aggregate has no events.
        case aggregateNotFound
        /// The command creates its aggregate (`creates`) and the aggregate already exists.
        case aggregateAlreadyExists
    }

    /// Why the command was refused.
    public var code: Code
    /// For the existence codes: the aggregate's name (`"Order"`).
    public var aggregate: String?
    /// For the existence codes: the aggregate id, as text.
    public var aggregateID: String?
    /// The message written in the spec, with interpolations filled in (or the runtime's for existence).
    public var message: String

    /// Creates a rejection of a rule (`.rule`) carrying `message`.
    public init(_ message: String) {
        self.init(code: .rule, message: message)
    }

    /// Creates a rejection with a code.
    public init(code: Code, aggregate: String? = nil, aggregateID: String? = nil, message: String) {
        self.code = code
        self.aggregate = aggregate
        self.aggregateID = aggregateID
        self.message = message
    }

    /// `rejected: <message>`.
    public var description: String { "rejected: \(message)" }
}

/// Throws `CommandRejection(message)` unless `condition` holds: the translation of `require cond else "message"`.
@inlinable
public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(CommandRejection) {
    if !condition {
        throw CommandRejection(message())
    }
}

/// A stored event could not be turned back into a value.
public struct EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// The stored type name is not one this code knows.
        case unknownEventType
        /// The stored schema version is newer than the one this code knows.
        case unsupportedSchemaVersion
        /// The payload did not decode as the expected shape.
        case invalidPayload
    }

    /// What went wrong.
    public var code: Code
    /// The stored type name.
    public var typeName: String
    /// The stored schema version, when relevant.
    public var schemaVersion: Int?
    /// The stream of the event, when known.
    public var streamID: StreamID?
    /// The event's version in its stream, when known.
    public var streamVersion: Int64?
    /// A human-readable explanation.
    public var detail: String

    /// Creates an error.
    public init(code: Code, typeName: String, schemaVersion: Int? = nil, streamID: StreamID? = nil, streamVersion: Int64? = nil, detail: String) {
        self.code = code
        self.typeName = typeName
        self.schemaVersion = schemaVersion
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.detail = detail
    }

    /// The error generated `EventSet.decode` throws for a type name it does not know.
    public static func unknownEventType(_ typeName: String, aggregate: String, known: [String]) -> EventDecodingError {
        EventDecodingError(
            code: .unknownEventType, typeName: typeName,
            detail: "unknown event type `\(typeName)` for aggregate `\(aggregate)` (known: \(known.map { "`\($0)`" }.joined(separator: ", ")))"
        )
    }

    /// `unknown event type … at Order-…@3`.
    public var description: String {
        var text = "\(code.rawValue): \(detail)"
        if let streamID {
            text += " (stream `\(streamID)`\(streamVersion.map { ", version \($0)" } ?? ""))"
        }
        return text
    }
}
