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
func decodeEvents(_ rows: PostgresRowSequence, table: String) async throws -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    var iterator = rows.makeAsyncIterator()
    while true {
        guard let row = try await iterator.next() else { return events }
        let columns: (Int64, String, Int64, UUID, String, Int32, Date, UUID?, UUID?, UUID?, String?, Data)
        do {
            columns = try row.decode((Int64, String, Int64, UUID, String, Int32, Date, UUID?, UUID?, UUID?, String?, Data).self)
        } catch {
            let position = (try? row.makeRandomAccess()[0].decode(Int64.self)).map { "at global position \($0)" }
                ?? "after global position \(events.last?.globalPosition ?? 0)"
            throw PostgresStoreError(code: .corruptRow, message: "the event \(position) of `\(table)` does not decode: \(error)")
        }
        var metadata: [String: String] = [:]
        if let text = columns.10 {
            guard let parsed = MetadataText.parse(text) else {
                throw PostgresStoreError(code: .corruptRow, message: "the metadata of the event at global position \(columns.0) of `\(table)` is not an object of strings: \(text.prefix(200))")
            }
            metadata = parsed
        }
        events.append(RecordedEvent(
            eventID: columns.3, streamID: StreamID(columns.1), streamVersion: columns.2, globalPosition: columns.0, typeName: columns.4,
            schemaVersion: Int(columns.5),
            // Stored at millisecond precision; rounding undoes the microsecond conversion's floating-point error.
            timestamp: Date(millisecondsSince1970: columns.6.millisecondsSince1970),
            commandID: columns.7, causationID: columns.8, correlationID: columns.9, metadata: metadata,
            payload: columns.11
        ))
    }
}
