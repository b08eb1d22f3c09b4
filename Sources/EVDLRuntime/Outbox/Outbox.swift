import Foundation

/// The routes of the outbox: which event types are published, and to which topics (`publish Order.OrderPlaced to
/// "orders.placed"`). Given to a store (`InMemoryEventStore(outbox:)`, `FileEventStore(path:outbox:)`), which then
/// writes an outbox entry for every routed event in the same atomic append as the event itself.
///
/// Generated code collects every `publish` declaration:
/// `static let outbox = OutboxRoutes([.init(Order.OrderPlaced.self, topic: "orders.placed"), …])`.
public struct OutboxRoutes: Sendable, Equatable {
    /// One `publish` declaration.
    public struct Route: Sendable, Equatable {
        /// The event's stable type name.
        public var eventType: String
        /// The topic it is published to.
        public var topic: String

        /// A route for `eventType`.
        public init(eventType: String, topic: String) {
            self.eventType = eventType
            self.topic = topic
        }

        /// A route for the event type `E`.
        public init<E: DomainEvent>(_ event: E.Type, topic: String) {
            self.init(eventType: E.typeName, topic: topic)
        }
    }

    /// The topics of each routed event type, in declaration order.
    public private(set) var topics: [String: [String]] = [:]

    /// Routes from `publish` declarations (an event type may be published to several topics).
    public init(_ routes: [Route]) {
        for route in routes where !(topics[route.eventType]?.contains(route.topic) ?? false) {
            topics[route.eventType, default: []].append(route.topic)
        }
    }

    /// No event is published.
    public static let none = OutboxRoutes([])

    /// Whether no event is published.
    public var isEmpty: Bool { topics.isEmpty }

    /// The stream holding every outbox entry, in commit order.
    public static let stream = StreamID("$Outbox")
    /// The type name of outbox entries.
    public static let entryType = "$Outbox.Entry"

    /// The outbox entries for `events` (already placed), as events of `stream` from version `outboxVersion + 1` and
    /// global positions right after the last of `events`. Stores call this inside their append.
    func entries(for events: [RecordedEvent], outboxVersion: Int64) -> [RecordedEvent] {
        guard !topics.isEmpty, let last = events.last else { return [] }
        var entries: [RecordedEvent] = []
        for event in events {
            guard let routed = topics[event.typeName] else { continue }
            for topic in routed {
                let entry = OutboxEntry(eventPosition: event.globalPosition, eventID: event.eventID, topic: topic)
                entries.append(RecordedEvent(
                    eventID: IdempotencyKey("outbox/\(event.eventID.uuidString)/\(topic)").uuid, streamID: Self.stream,
                    streamVersion: outboxVersion + Int64(entries.count) + 1, globalPosition: last.globalPosition + Int64(entries.count) + 1,
                    typeName: Self.entryType, schemaVersion: 1, timestamp: event.timestamp, commandID: nil,
                    causationID: event.eventID, correlationID: event.correlationID, metadata: [:], payload: entry.encoded()
                ))
            }
        }
        return entries
    }
}

/// One entry of the outbox: a recorded event to publish to a topic. The message id is the event id.
public struct OutboxEntry: Sendable, Equatable, Hashable {
    /// The global position of the event to publish.
    public var eventPosition: Int64
    /// The event's id: the message id.
    public var eventID: UUID
    /// The topic.
    public var topic: String

    /// Creates an entry.
    public init(eventPosition: Int64, eventID: UUID, topic: String) {
        self.eventPosition = eventPosition
        self.eventID = eventID
        self.topic = topic
    }

    /// `i64 eventPosition | 16 eventID | u16 length + UTF-8 topic`, little-endian.
    func encoded() -> Data {
        var writer = ByteWriter()
        writer.u64(UInt64(bitPattern: eventPosition))
        writer.uuid(eventID)
        let topicBytes = Array(topic.utf8.prefix(Int(UInt16.max)))
        writer.u16(UInt16(topicBytes.count))
        writer.bytes += topicBytes
        return Data(writer.bytes)
    }

    /// Decodes the payload of an `$Outbox.Entry` event.
    public init(decoding recorded: RecordedEvent) throws {
        guard recorded.typeName == OutboxRoutes.entryType else {
            throw OutboxError(code: .invalidEntry, message: "`\(recorded.typeName)` at position \(recorded.globalPosition) is not an outbox entry")
        }
        do {
            self = try recorded.payload.withUnsafeBytes { raw in
                var cursor = ByteCursor(raw, offset: 0, end: raw.count)
                let position = try cursor.i64()
                let id = try cursor.uuid()
                let topic = try cursor.string(Int(try cursor.u16()))
                return OutboxEntry(eventPosition: position, eventID: id, topic: topic)
            }
        } catch {
            throw OutboxError(code: .invalidEntry, message: "the outbox entry at position \(recorded.globalPosition) does not decode: \(error)")
        }
    }
}

/// A message leaving the system: a published event, identified by its event id.
public struct OutboundMessage: Sendable, Equatable {
    /// The message id: the event id. Delivered again after a crash, a message carries the same id, so consumers
    /// deduplicate by it.
    public var messageID: UUID
    /// The topic (`publish … to "topic"`).
    public var topic: String
    /// The event's stable type name.
    public var typeName: String
    /// The schema version of the payload.
    public var schemaVersion: Int
    /// The event's payload, as stored.
    public var payload: Data
    /// When the event happened.
    public var timestamp: Date
    /// The event's stream.
    public var streamID: StreamID
    /// The event's version in its stream.
    public var streamVersion: Int64
    /// The conversation it belongs to.
    public var correlationID: UUID?
    /// The message that caused it.
    public var causationID: UUID?
    /// The event's metadata.
    public var metadata: [String: String]

    /// The message for `event` on `topic`.
    public init(_ event: RecordedEvent, topic: String) {
        messageID = event.eventID
        self.topic = topic
        typeName = event.typeName
        schemaVersion = event.schemaVersion
        payload = event.payload
        timestamp = event.timestamp
        streamID = event.streamID
        streamVersion = event.streamVersion
        correlationID = event.correlationID
        causationID = event.causationID
        metadata = event.metadata
    }
}

/// The user's connection to a broker (Kafka, NATS, SQS, …). `publish` returns only once the broker confirmed the
/// message; throwing means it may or may not have arrived, and it is published again (with the same message id).
public protocol MessagePublisher: Sendable {
    /// Publishes `message` and waits for the broker's confirmation.
    func publish(_ message: OutboundMessage) async throws
}

/// The outbox could not be read or a message could not be published.
public struct OutboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// An entry does not decode.
        case invalidEntry
        /// The event an entry names is not in the store.
        case missingEvent
        /// The publisher kept failing; the entry stays undelivered.
        case publishFailed
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}
