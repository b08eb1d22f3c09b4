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

    /// Applies `events` in order, in one transaction.
    public func apply<P: Projection>(_ events: [P.Event], of projection: P.Type) async throws {
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
    func applyRows<P: Projection>(_ events: [P.Event], of projection: P.Type, on connection: PostgresConnection) async throws {
        var keyTexts: [String] = []
        var keys: [String: P.Key] = [:]
        let eventKeys = try events.map { event -> String in
            let key = P.key(for: event)
            let text = try encodeKey(key, of: projection)
            if keys.updateValue(key, forKey: text) == nil { keyTexts.append(text) }
            return text
        }
        var current: [String: P.Row] = [:]
        let rows = try await connection.query("""
            SELECT key, row::text FROM \(unescaped: schema.name).read_models
            WHERE projection = \(P.name) AND key = ANY(\(keyTexts)) FOR UPDATE
            """, logger: logger).decode((String, String).self)
        for try await (key, text) in rows {
            current[key] = try decodeRow(text, key: key, of: projection)
        }
        // Final state per key, and which keys must go to the end of the order (new, or deleted along the way).
        var renewed: [String] = []
        var renewedSet: Set<String> = []
        var changed: Set<String> = []
        var deletedBefore: Set<String> = []
        for (event, key) in zip(events, eventKeys) {
            let existed = current[key] != nil
            switch P.handle(event, row: current[key]) {
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
