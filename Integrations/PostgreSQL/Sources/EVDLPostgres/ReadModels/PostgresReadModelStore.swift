import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// Read models and checkpoints in PostgreSQL: the runtime's `ReadModelStore` and `CheckpointStore`.
///
/// Rows live in `<schema>.read_models` (`projection`, `key` — the key as JSON text —, `row jsonb`, `inserted`), so
/// a key lookup is a primary-key lookup and other queries can be written in SQL over the JSON
/// (`WHERE projection = 'OrderSummary' AND row->>'status' = 'placed'`). Keys keep their first-insertion order
/// (`inserted`); a key deleted and inserted again goes to the end, as the protocol requires. Rows and keys are
/// encoded with the `PayloadCodec` (JSON), like event payloads.
///
/// Use `PostgresProjectionRunner` to keep read models: it commits a batch's rows and the projection's checkpoint in
/// one transaction, so each event changes the rows exactly once even across crashes and several runner instances.
public final class PostgresReadModelStore: ReadModelStore, CheckpointStore, Sendable {
    /// The client the store queries through.
    public let client: PostgresClient
    /// The schema holding `read_models` and `checkpoints` (migrated by `PostgresSchema.migrate`).
    public let schema: PostgresSchema
    let codec: PayloadCodec
    let logger: Logger

    /// A store in `schema`.
    public init(client: PostgresClient, schema: PostgresSchema, codec: PayloadCodec = .standard, logger: Logger = Logger(label: "evdl.postgres")) {
        self.client = client
        self.schema = schema
        self.codec = codec
        self.logger = logger
    }

    /// Applies `events` in order (each with its recorded envelope), in one transaction.
    public func apply<P: Projection>(_ events: [(event: P.Event, recorded: RecordedEvent)], of projection: P.Type) async throws {
        guard !events.isEmpty else { return }
        try await transaction("applying \(events.count) events to `\(P.name)`") { connection in
            try await self.applyRows(events, of: projection, on: connection)
        }
    }

    /// The row at `key`.
    public func row<P: Projection>(_ key: P.Key, of projection: P.Type) async throws -> P.Row? {
        let keyText = try encodeKey(key, of: projection)
        let rows = try await query("""
            SELECT row::text FROM \(unescaped: schema.name).read_models WHERE projection = \(P.name) AND key = \(keyText)
            """, "reading `\(P.name)` at \(keyText)").decode(String.self)
        for try await text in rows {
            return try decodeRow(text, key: keyText, of: projection)
        }
        return nil
    }

    /// Every (key, row) pair of `P`, in insertion order.
    public func entries<P: Projection>(of projection: P.Type) async throws -> [(key: P.Key, row: P.Row)] {
        let rows = try await query("""
            SELECT key, row::text FROM \(unescaped: schema.name).read_models WHERE projection = \(P.name) ORDER BY inserted
            """, "reading `\(P.name)`").decode((String, String).self)
        var entries: [(key: P.Key, row: P.Row)] = []
        for try await (keyText, rowText) in rows {
            let key: P.Key
            do {
                key = try codec.decode(P.Key.self, from: Data(keyText.utf8))
            } catch {
                throw PostgresStoreError(code: .corruptRow, message: "the key \(keyText) of `\(P.name)` in `\(schema.name).read_models` does not decode: \(error)")
            }
            entries.append((key, try decodeRow(rowText, key: keyText, of: projection)))
        }
        return entries
    }

    /// Removes every row of `P`.
    public func removeAll<P: Projection>(of projection: P.Type) async throws {
        try await query("DELETE FROM \(unescaped: schema.name).read_models WHERE projection = \(P.name)", "removing the rows of `\(P.name)`")
    }

    /// The last processed position of `projection` (0 when it never ran).
    public func checkpoint(for projection: String) async throws -> Int64 {
        let rows = try await query("SELECT position FROM \(unescaped: schema.name).checkpoints WHERE name = \(projection)", "reading checkpoint `\(projection)`")
        for try await position in rows.decode(Int64.self) { return position }
        return 0
    }

    /// Records `position` for `projection`.
    public func save(_ position: Int64, for projection: String) async throws {
        try await query("""
            INSERT INTO \(unescaped: schema.name).checkpoints (name, position) VALUES (\(projection), \(position))
            ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
            """, "saving checkpoint `\(projection)`")
    }

    // MARK: Shared with the projection runner

    /// Applies `events` of `P` to the rows on `connection` (inside the caller's transaction): reads and locks the
    /// rows the events touch, runs the handlers, writes what changed.
    ///
    /// Which rows an event touches never depends on the rows (keys, `for` and `where` read the event, its element and
    /// its envelope only), so a first pass over empty rows finds every key; those rows are then read and locked, and
    /// the second pass runs `P.update` on them.
    func applyRows<P: Projection>(_ events: [(event: P.Event, recorded: RecordedEvent)], of projection: P.Type, on connection: PostgresConnection) async throws {
        var collector = TouchedKeys<P.Key, P.Row>()
        for (event, recorded) in events { P.update(event, recorded: recorded, rows: &collector) }
        var keyTexts: [String] = []
        var texts: [P.Key: String] = [:]
        for key in collector.keys {
            let text = try encodeKey(key, of: projection)
            texts[key] = text
            keyTexts.append(text)
        }
        guard !keyTexts.isEmpty else { return }
        var current: [String: P.Row] = [:]
        let rows = try await connection.query("""
            SELECT key, row::text FROM \(unescaped: schema.name).read_models
            WHERE projection = \(P.name) AND key = ANY(\(keyTexts)) FOR UPDATE
            """, logger: logger).decode((String, String).self)
        for try await (key, text) in rows {
            current[key] = try decodeRow(text, key: key, of: projection)
        }
        var tracked = TrackedRows<P.Key, P.Row>(current: current, texts: texts)
        for (event, recorded) in events { P.update(event, recorded: recorded, rows: &tracked) }
        current = tracked.current
        let changed = tracked.changed, renewed = tracked.renewed, renewedSet = tracked.renewedSet, deletedBefore = tracked.deletedBefore
        let deletions = keyTexts.filter { changed.contains($0) && (current[$0] == nil || deletedBefore.contains($0)) }
        if !deletions.isEmpty {
            try await connection.query("""
                DELETE FROM \(unescaped: schema.name).read_models WHERE projection = \(P.name) AND key = ANY(\(deletions))
                """, logger: logger)
        }
        // Updates of rows that keep their place, then inserts of new rows in first-insertion order.
        let updates = keyTexts.filter { changed.contains($0) && current[$0] != nil && !renewedSet.contains($0) && !deletedBefore.contains($0) }
        let inserts = renewed + keyTexts.filter { deletedBefore.contains($0) && current[$0] != nil && !renewedSet.contains($0) }
        for (batch, isInsert) in [(updates, false), (inserts, true)] where !batch.isEmpty {
            let texts = try batch.map { key in String(decoding: try codec.encode(current[key]!), as: UTF8.self) }
            if isInsert {
                try await connection.query("""
                    INSERT INTO \(unescaped: schema.name).read_models (projection, key, row)
                    SELECT \(P.name), k, r::jsonb FROM unnest(\(batch), \(texts)) WITH ORDINALITY AS t(k, r, n) ORDER BY n
                    """, logger: logger)
            } else {
                try await connection.query("""
                    UPDATE \(unescaped: schema.name).read_models AS m SET row = t.r::jsonb, updated_at = now()
                    FROM unnest(\(batch), \(texts)) AS t(k, r) WHERE m.projection = \(P.name) AND m.key = t.k
                    """, logger: logger)
            }
        }
    }

    func encodeKey<P: Projection>(_ key: P.Key, of projection: P.Type) throws -> String {
        String(decoding: try codec.encode(key), as: UTF8.self)
    }

    func decodeRow<P: Projection>(_ text: String, key: String, of projection: P.Type) throws -> P.Row {
        do {
            return try codec.decode(P.Row.self, from: Data(text.utf8))
        } catch {
            throw PostgresStoreError(code: .corruptRow, message: "the row of `\(P.name)` at key \(key) in `\(schema.name).read_models` does not decode: \(error)")
        }
    }

    @discardableResult
    func query(_ query: PostgresQuery, _ what: String) async throws -> PostgresRowSequence {
        do {
            return try await client.query(query, logger: logger)
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .databaseFailure, message: "\(what) in schema `\(schema.name)` failed: \(serverMessage(error))")
        }
    }

    func transaction<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.transaction("\(what) in schema `\(schema.name)`", logger: logger, body)
    }
}

/// The keys `Projection.update` touches, in first-touch order, found over empty rows.
struct TouchedKeys<Key: Hashable & Sendable, Row: Sendable>: ProjectionRows {
    var keys: [Key] = []
    private var seen: Set<Key> = []

    func row(at key: Key) -> Row? { nil }

    mutating func apply(_ change: RowChange<Row>, at key: Key) {
        if seen.insert(key).inserted { keys.append(key) }
    }
}

/// The rows read for one batch, changed by `Projection.update`, with what the writes need: which keys changed, which
/// are new (they go to the end of the insertion order) and which were deleted along the way.
struct TrackedRows<Key: Hashable & Sendable, Row: Sendable>: ProjectionRows {
    var current: [String: Row]
    /// The key's JSON text, as stored, for every key the batch touches.
    let texts: [Key: String]
    var renewed: [String] = []
    var renewedSet: Set<String> = []
    var changed: Set<String> = []
    var deletedBefore: Set<String> = []

    private func text(_ key: Key) -> String {
        guard let text = texts[key] else { preconditionFailure("a key the first pass did not touch: the keys of a projection must not depend on its rows") }
        return text
    }

    func row(at key: Key) -> Row? { current[text(key)] }

    mutating func apply(_ change: RowChange<Row>, at key: Key) {
        let key = text(key)
        let existed = current[key] != nil
        switch change {
        case .upsert(let row):
            current[key] = row
            changed.insert(key)
            if !existed, renewedSet.insert(key).inserted { renewed.append(key) }
        case .delete:
            if existed {
                current[key] = nil
                changed.insert(key)
                deletedBefore.insert(key)
                if renewedSet.remove(key) != nil { renewed.removeAll { $0 == key } }
            }
        case .unchanged:
            break
        }
    }
}
