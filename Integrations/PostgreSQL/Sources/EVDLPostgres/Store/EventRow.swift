import EVDLRuntime
import Foundation
import PostgresNIO

/// The columns every event read selects, in the order `decodeEvents` reads them.
func eventColumns(_ schema: String) -> String {
    "global_position, stream_id, stream_version, event_id, type, schema_version, occurred_at, command_id, causation_id, correlation_id, "
        + "CASE WHEN metadata = '{}'::jsonb THEN NULL ELSE metadata::text END, payload"
}

/// Decodes rows selected with `eventColumns` into recorded events; a row that does not decode is an error naming
/// its position (or, when the position itself does not decode, the last position before it).
///
/// The cells are read straight from their binary form (big-endian integers, 16-byte UUIDs, microseconds since
/// 2000 for `timestamptz`) rather than through postgres-nio's generic decoding, which was most of the client's
/// time per event in a catch-up; each column's type is checked.
func decodeEvents(_ rows: PostgresRowSequence, table: String) async throws -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    events.reserveCapacity(64)
    for try await row in rows {
        do {
            events.append(try EventCells.decode(row))
        } catch let error as EventCells.Failure {
            let position = (try? row.makeRandomAccess()[0].decode(Int64.self)).map { "at global position \($0)" }
                ?? "after global position \(events.last?.globalPosition ?? 0)"
            throw PostgresStoreError(code: .corruptRow, message: "the event \(position) of `\(table)` does not decode: \(error.reason)")
        }
    }
    return events
}

/// The binary decoding of one event row.
enum EventCells {
    struct Failure: Error { var reason: String }

    /// Microseconds between 1970-01-01 and 2000-01-01, PostgreSQL's epoch.
    static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000

    static func decode(_ row: PostgresRow) throws -> RecordedEvent {
        var cells = row.makeIterator()
        func next(_ name: String, _ type: PostgresDataType) throws -> ByteBuffer? {
            guard let cell = cells.next() else { throw Failure(reason: "the row has no `\(name)` column") }
            guard cell.format == .binary, cell.dataType == type else {
                throw Failure(reason: "`\(name)` is \(cell.dataType) in \(cell.format) format, not binary \(type)")
            }
            return cell.bytes
        }
        func required(_ name: String, _ type: PostgresDataType) throws -> ByteBuffer {
            guard let bytes = try next(name, type) else { throw Failure(reason: "`\(name)` is null") }
            return bytes
        }
        func int64(_ name: String) throws -> Int64 {
            var bytes = try required(name, .int8)
            guard bytes.readableBytes == 8, let value = bytes.readInteger(as: Int64.self) else { throw Failure(reason: "`\(name)` is not 8 bytes") }
            return value
        }
        func text(_ name: String) throws -> String? {
            guard var bytes = try next(name, .text) else { return nil }
            return bytes.readString(length: bytes.readableBytes)
        }
        func uuid(_ name: String) throws -> UUID? {
            guard let bytes = try next(name, .uuid) else { return nil }
            guard bytes.readableBytes == 16 else { throw Failure(reason: "`\(name)` is not 16 bytes") }
            return bytes.withUnsafeReadableBytes { raw in
                UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
            }
        }
        let position = try int64("global_position")
        guard let stream = try text("stream_id") else { throw Failure(reason: "`stream_id` is null") }
        let version = try int64("stream_version")
        guard let eventID = try uuid("event_id") else { throw Failure(reason: "`event_id` is null") }
        guard let type = try text("type") else { throw Failure(reason: "`type` is null") }
        var schemaBytes = try required("schema_version", .int4)
        guard schemaBytes.readableBytes == 4, let schemaVersion = schemaBytes.readInteger(as: Int32.self) else { throw Failure(reason: "`schema_version` is not 4 bytes") }
        var occurredBytes = try required("occurred_at", .timestamptz)
        guard occurredBytes.readableBytes == 8, let microseconds = occurredBytes.readInteger(as: Int64.self) else { throw Failure(reason: "`occurred_at` is not 8 bytes") }
        let commandID = try uuid("command_id")
        let causationID = try uuid("causation_id")
        let correlationID = try uuid("correlation_id")
        var metadata: [String: String] = [:]
        if let metadataText = try text("metadata") {
            guard let parsed = MetadataText.parse(metadataText) else {
                throw Failure(reason: "the metadata is not an object of strings: \(metadataText.prefix(200))")
            }
            metadata = parsed
        }
        let payloadBytes = try required("payload", .bytea)
        let payload = payloadBytes.withUnsafeReadableBytes { Data($0) }
        // Stored at millisecond precision (appends write whole milliseconds).
        let milliseconds = (microseconds + postgresEpochMicroseconds) / 1000
        return RecordedEvent(
            eventID: eventID, streamID: StreamID(stream), streamVersion: version, globalPosition: position, typeName: type,
            schemaVersion: Int(schemaVersion), timestamp: Date(millisecondsSince1970: milliseconds), commandID: commandID,
            causationID: causationID, correlationID: correlationID, metadata: metadata, payload: payload
        )
    }
}
