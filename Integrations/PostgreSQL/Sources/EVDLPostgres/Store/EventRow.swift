import EVDLRuntime
import Foundation
import PostgresNIO

/// The columns every event read selects, in the order `decodeEvents` reads them.
func eventColumns(_ schema: String) -> String {
    "global_position, stream_id, stream_version, event_id, type, schema_version, "
        + "(extract(epoch FROM occurred_at) * 1000)::bigint, command_id, causation_id, correlation_id, metadata::text, payload"
}

/// Decodes rows selected with `eventColumns` into recorded events; a row that does not decode is an error naming
/// its position.
func decodeEvents(_ rows: PostgresRowSequence, table: String) async throws -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    let decoder = JSONDecoder()
    for try await row in rows {
        let cells = row.makeRandomAccess()
        let position = try cells[0].decode(Int64.self)
        do {
            let metadataText = try cells[10].decode(String.self)
            let metadata = metadataText == "{}" ? [:] : try decoder.decode([String: String].self, from: Data(metadataText.utf8))
            events.append(RecordedEvent(
                eventID: try cells[3].decode(UUID.self), streamID: StreamID(try cells[1].decode(String.self)),
                streamVersion: try cells[2].decode(Int64.self), globalPosition: position, typeName: try cells[4].decode(String.self),
                schemaVersion: Int(try cells[5].decode(Int32.self)),
                timestamp: Date(millisecondsSince1970: try cells[6].decode(Int64.self)),
                commandID: try cells[7].decode(UUID?.self), causationID: try cells[8].decode(UUID?.self),
                correlationID: try cells[9].decode(UUID?.self), metadata: metadata,
                payload: try cells[11].decode(ByteBuffer.self).withUnsafeReadableBytes { Data($0) }
            ))
        } catch {
            throw PostgresStoreError(code: .corruptRow, message: "the event at global position \(position) of `\(table)` does not decode: \(error)")
        }
    }
    return events
}
