import EVDLRuntime
import Foundation

/// Rows in a dictionary, for calling a generated projection's `update` directly.
struct RowsInMemory<Key: Hashable & Sendable, Row: Sendable>: ProjectionRows {
    var rows: [Key: Row] = [:]

    func row(at key: Key) -> Row? { rows[key] }

    mutating func apply(_ change: RowChange<Row>, at key: Key) {
        switch change {
        case .upsert(let row): rows[key] = row
        case .delete: rows[key] = nil
        case .unchanged: break
        }
    }
}

extension Fixture {
    /// A recorded envelope for handlers that read `recorded.x`: event id `id(n)`, version `version`, position
    /// `position`, recorded at `date(seconds)`.
    static func recorded(_ n: Int = 900, version: Int64 = 1, position: Int64 = 1, seconds: Double = 0,
                         correlation: UUID? = nil) -> RecordedEvent {
        RecordedEvent(eventID: id(n), streamID: StreamID("Test-\(n)"), streamVersion: version, globalPosition: position, typeName: "Test.Event",
                      schemaVersion: 1, timestamp: date(seconds), commandID: nil, causationID: nil, correlationID: correlation,
                      metadata: [:], payload: Data())
    }
}

extension Projection {
    /// `rows` after `update` of `event`.
    static func updated(_ rows: [Key: Row] = [:], by event: Event, recorded: RecordedEvent = Fixture.recorded()) -> [Key: Row] {
        var table = RowsInMemory<Key, Row>(rows: rows)
        update(event, recorded: recorded, rows: &table)
        return table.rows
    }
}
