import Foundation

/// The stable JSON shape of a stored event, for export, import, debugging and other tools. Version 1:
///
/// ```json
/// {
///   "causationId": "9C1F…" | null,
///   "commandId": "9C1F…" | null,
///   "correlationId": "5D20…" | null,
///   "eventId": "E621E1F8-C36C-495A-93FC-0C247A3E6E5F",
///   "globalPosition": 1,
///   "metadata": { "key": "value" },
///   "payload": "{\"orderId\":\"…\",\"total\":10}",
///   "schemaVersion": 1,
///   "streamId": "Order-E621E1F8-…",
///   "streamVersion": 1,
///   "timestamp": "2026-11-28T13:24:00.123Z",
///   "type": "Order.OrderPlaced"
/// }
/// ```
///
/// Keys are sorted and always present (ids may be `null`). UUIDs are upper-case strings. `timestamp` is UTC
/// ISO 8601 with milliseconds (the precision stores keep). `payload` is the payload's bytes as text (JSON for
/// `PayloadCodec` payloads) — a string, so the bytes round-trip exactly; a payload that is not UTF-8 is written
/// as `"payloadBase64"` instead of `"payload"`.
public struct StoredEventJSON: Codable, Sendable, Equatable {
    /// The event id.
    public var eventId: UUID
    /// The stream.
    public var streamId: String
    /// The version in the stream.
    public var streamVersion: Int64
    /// The global position.
    public var globalPosition: Int64
    /// The stable type name.
    public var type: String
    /// The payload's schema version.
    public var schemaVersion: Int
    /// UTC ISO 8601 with milliseconds.
    public var timestamp: String
    /// The command that caused the event.
    public var commandId: UUID?
    /// The message that caused the event.
    public var causationId: UUID?
    /// The conversation.
    public var correlationId: UUID?
    /// Metadata.
    public var metadata: [String: String]
    /// The payload as UTF-8 text.
    public var payload: String?
    /// The payload in Base64, when it is not UTF-8.
    public var payloadBase64: String?

    private enum CodingKeys: String, CodingKey {
        case eventId, streamId, streamVersion, globalPosition, type, schemaVersion, timestamp
        case commandId, causationId, correlationId, metadata, payload, payloadBase64
    }

    /// The JSON form of `event`.
    public init(_ event: RecordedEvent) {
        eventId = event.eventID
        streamId = event.streamID.rawValue
        streamVersion = event.streamVersion
        globalPosition = event.globalPosition
        type = event.typeName
        schemaVersion = event.schemaVersion
        timestamp = Self.formatter().string(from: event.timestamp)
        commandId = event.commandID
        causationId = event.causationID
        correlationId = event.correlationID
        metadata = event.metadata
        if let text = String(validating: event.payload, as: UTF8.self) {
            payload = text
        } else {
            payloadBase64 = event.payload.base64EncodedString()
        }
    }

    /// Writes every key, `null` ids and the one payload key in use included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(streamId, forKey: .streamId)
        try container.encode(streamVersion, forKey: .streamVersion)
        try container.encode(globalPosition, forKey: .globalPosition)
        try container.encode(type, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(commandId, forKey: .commandId)
        try container.encode(causationId, forKey: .causationId)
        try container.encode(correlationId, forKey: .correlationId)
        try container.encode(metadata, forKey: .metadata)
        if let payloadBase64 {
            try container.encode(payloadBase64, forKey: .payloadBase64)
        } else {
            try container.encode(payload ?? "", forKey: .payload)
        }
    }

    /// The recorded event this JSON describes.
    public func recordedEvent() throws -> RecordedEvent {
        guard let date = Self.formatter().date(from: timestamp) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.timestamp], debugDescription: "`\(timestamp)` is not an ISO 8601 timestamp with milliseconds"))
        }
        let bytes: Data
        if let payloadBase64 {
            guard let decoded = Data(base64Encoded: payloadBase64) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.payloadBase64], debugDescription: "not Base64"))
            }
            bytes = decoded
        } else {
            bytes = Data((payload ?? "").utf8)
        }
        return RecordedEvent(
            eventID: eventId, streamID: StreamID(streamId), streamVersion: streamVersion, globalPosition: globalPosition,
            typeName: type, schemaVersion: schemaVersion, timestamp: Date(millisecondsSince1970: date.millisecondsSince1970),
            commandID: commandId, causationID: causationId, correlationID: correlationId, metadata: metadata, payload: bytes
        )
    }

    /// Encodes `events` as JSON Lines: one object per line, keys sorted.
    public static func jsonLines(_ events: [RecordedEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = Data()
        for event in events {
            output += try encoder.encode(StoredEventJSON(event))
            output.append(0x0A)
        }
        return output
    }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
