import Foundation

/// The values scenarios write: `id(n)`, `date(seconds)` and `now`, and the recorded envelopes of `given` events.
public enum ScenarioValues {
    /// `id(n)`: the UUID whose last 12 hex digits are `n` (`id(1)` = `00000000-0000-0000-0000-000000000001`).
    public static func id(_ n: Int) -> UUID {
        let digits = String(UInt64(truncatingIfNeeded: n) & 0xFFFF_FFFF_FFFF, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: 12 - digits.count) + digits
        return UUID(uuidString: "00000000-0000-0000-0000-" + padded)!
    }

    /// `date(seconds)`: the date `seconds` after 1970-01-01 00:00 UTC.
    public static func date(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: seconds)
    }

    /// `now` in a scenario: `date(0)`, for decide, handlers and policies alike.
    public static let now = Date(timeIntervalSince1970: 0)

    /// The recorded envelopes of `events` as if they were appended one by one: versions 1… per stream, positions
    /// 1… overall, timestamps `now`, event ids `id(position)`, no command, causation or correlation ids. An event's
    /// stream is its aggregate (the part of its type name before the dot) and its aggregate id (its first field).
    static func recorded(_ events: [any DomainEvent], codec: PayloadCodec) throws -> [RecordedEvent] {
        var versions: [String: Int64] = [:]
        var recorded: [RecordedEvent] = []
        for (index, event) in events.enumerated() {
            let type = Swift.type(of: event)
            let aggregate = type.typeName.split(separator: ".").first.map(String.init) ?? type.typeName
            let identity = Mirror(reflecting: event).children.first.map { ScenarioText.value($0.value) } ?? ""
            let stream = aggregate + "-" + identity
            let version = (versions[stream] ?? 0) + 1
            versions[stream] = version
            let position = Int64(index + 1)
            recorded.append(RecordedEvent(
                eventID: id(index + 1), streamID: StreamID(stream), streamVersion: version, globalPosition: position,
                typeName: type.typeName, schemaVersion: type.schemaVersion, timestamp: now, commandID: nil, causationID: nil,
                correlationID: nil, metadata: [:], payload: try codec.encode(event)
            ))
        }
        return recorded
    }
}
