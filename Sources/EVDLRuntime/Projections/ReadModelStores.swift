import Foundation

/// One projection's rows, in first-insertion order of their keys.
struct ReadModelTable<Key: Hashable & Sendable, Row: Sendable>: Sendable, ProjectionRows {
    private var rows: [Key: Row] = [:]
    private var order: [Key] = []
    private var deleted = 0

    func row(at key: Key) -> Row? { rows[key] }

    var entries: [(key: Key, row: Row)] {
        order.compactMap { key in rows[key].map { (key, $0) } }
    }

    mutating func apply(_ change: RowChange<Row>, at key: Key) {
        // `.delete` of a key not there and `.unchanged` change nothing.
        switch change {
        case .upsert(let row):
            if rows.updateValue(row, forKey: key) == nil {
                order.append(key)
            }
        case .delete:
            if rows.removeValue(forKey: key) != nil {
                order.removeAll { $0 == key }
            }
        case .unchanged:
            break
        }
    }
}

/// Read models in memory: a table per projection.
public actor InMemoryReadModelStore: ReadModelStore {
    private var tables: [String: any Sendable] = [:]

    /// Creates an empty store.
    public init() {}

    private func table<P: Projection>(_ projection: P.Type) -> ReadModelTable<P.Key, P.Row> {
        (tables[P.name] as? ReadModelTable<P.Key, P.Row>) ?? ReadModelTable()
    }

    /// Applies `events` in order.
    public func apply<P: Projection>(_ events: [(event: P.Event, recorded: RecordedEvent)], of projection: P.Type) {
        var table = table(projection)
        tables[P.name] = nil  // keep the table uniquely referenced while it changes
        for (event, recorded) in events {
            P.update(event, recorded: recorded, rows: &table)
        }
        tables[P.name] = table
    }

    /// The row at `key`: a key lookup, what a generated query whose `where` is `row.<key> == parameter` calls.
    public func row<P: Projection>(_ key: P.Key, of projection: P.Type) -> P.Row? {
        table(projection).row(at: key)
    }

    /// Every row of `P`, in insertion order.
    public func entries<P: Projection>(of projection: P.Type) -> [(key: P.Key, row: P.Row)] {
        table(projection).entries
    }

    /// Removes every row of `P`.
    public func removeAll<P: Projection>(of projection: P.Type) {
        tables[P.name] = nil
    }
}

/// Checkpoints in memory.
public actor InMemoryCheckpointStore: CheckpointStore {
    private var positions: [String: Int64] = [:]

    /// Creates an empty store.
    public init() {}

    /// The last processed position of `projection`.
    public func checkpoint(for projection: String) -> Int64 {
        positions[projection] ?? 0
    }

    /// Records `position` for `projection`.
    public func save(_ position: Int64, for projection: String) {
        positions[projection] = position
    }
}

/// Checkpoints in one JSON file (`{"OrderSummary": 42, …}`), replaced atomically on every save.
public actor FileCheckpointStore: CheckpointStore {
    /// The checkpoint file.
    public nonisolated let url: URL
    private var positions: [String: Int64]

    /// Reads `url` if it exists. A file that does not decode is an error (checkpoints are not a cache: losing
    /// one silently would re-apply events to a read model that already has them).
    public init(url: URL) throws {
        self.url = url
        if FileManager.default.fileExists(atPath: url.path) {
            positions = try JSONDecoder().decode([String: Int64].self, from: Data(contentsOf: url))
        } else {
            positions = [:]
        }
    }

    /// The last processed position of `projection`.
    public func checkpoint(for projection: String) -> Int64 {
        positions[projection] ?? 0
    }

    /// Records `position` for `projection` and writes the file.
    public func save(_ position: Int64, for projection: String) throws {
        positions[projection] = position
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(positions).write(to: url, options: .atomic)
    }
}
