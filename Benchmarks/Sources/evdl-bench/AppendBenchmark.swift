import CSQLite
import EVDLRuntime
import Foundation

/// The events both stores append: Account deposits encoded once with the runtime's codec (~150-byte payloads).
func appendPayloads(count: Int) throws -> [NewEvent] {
    let account = UUID(uuidString: "00000000-0000-0000-0000-0000000000B1")!
    let context = CommandContext(now: Date(timeIntervalSince1970: 1_800_000_000))
    return try accountEvents(count: count, account: account).map { event in
        var new = try NewEvent(event, context: context)
        new.commandID = nil
        new.causationID = nil
        return new
    }
}

/// (b) Append rates of `FileEventStore` against SQLite (WAL) with the same payloads and the same durability.
/// Each configuration runs `rounds` times, interleaved with the others, and keeps its best rate, so that a burst
/// of load from other processes does not decide the comparison. The file store runs three ways in the same run:
/// format 1 without a commit mark (the store before the mark), the mark written with the next sync (the
/// default), and the mark synced before acknowledging (a second sync per group).
func benchmarkAppends(directory: URL, perAppendCount: Int, batchedCount: Int, batchSize: Int, rounds: Int = 3) async throws -> [String] {
    let events = try appendPayloads(count: batchedCount)
    let markings: [(name: String, marking: FileEventStore.CommitMarking)] = [
        ("no mark (format 1, before)", .off), ("mark with next sync (default)", .withNextSync), ("mark before acknowledging", .beforeAcknowledging),
    ]
    var fileSingle = [Double](repeating: 0, count: markings.count)
    var fileBatch = fileSingle
    var fileGroup = fileSingle
    var groupPerSync = fileSingle
    var sqliteSingle = 0.0
    var sqliteBatch = 0.0
    for _ in 0..<rounds {
        for (index, configuration) in markings.enumerated() {
            // Durable per append: one event per append/transaction, synced before the next one starts.
            fileSingle[index] = max(fileSingle[index], try await fileAppends(directory: directory, name: "single", durability: .fsyncPerAppend, marking: configuration.marking, events: Array(events.prefix(perAppendCount)), eventsPerAppend: 1, writers: 1).rate)
            // Batched: `batchSize` events per append / per transaction, one sync each.
            fileBatch[index] = max(fileBatch[index], try await fileAppends(directory: directory, name: "batch", durability: .fsyncPerAppend, marking: configuration.marking, events: events, eventsPerAppend: batchSize, writers: 1).rate)
            // Group commit: `batchSize` concurrent writers, one event per append; appends waiting for a sync share the next.
            let group = try await fileAppends(directory: directory, name: "group", durability: .groupCommit, marking: configuration.marking, events: events, eventsPerAppend: 1, writers: batchSize)
            if group.rate > fileGroup[index] { fileGroup[index] = group.rate; groupPerSync[index] = group.appendsPerSync }
        }
        sqliteSingle = max(sqliteSingle, try sqliteAppends(directory: directory, name: "single", events: Array(events.prefix(perAppendCount)), eventsPerTransaction: 1))
        sqliteBatch = max(sqliteBatch, try sqliteAppends(directory: directory, name: "batch", events: events, eventsPerTransaction: batchSize))
    }
    var lines = [String(format: "(b) append rates, best of %d interleaved rounds, same payloads (~150 B JSON) and durability:", rounds)]
    lines.append(String(format: "    durable per append, 1 event each, 1 writer: SQLite WAL synchronous=FULL %.0f events/s", sqliteSingle))
    for (index, configuration) in markings.enumerated() {
        lines.append(String(format: "      FileEventStore(fsyncPerAppend), %@: %.0f events/s (%.2f× SQLite, %.2f× no mark)", configuration.name, fileSingle[index], fileSingle[index] / sqliteSingle, fileSingle[index] / fileSingle[0]))
    }
    lines.append(String(format: "    batched, %d events per append / per transaction: SQLite %.0f events/s", batchSize, sqliteBatch))
    for (index, configuration) in markings.enumerated() {
        lines.append(String(format: "      FileEventStore, %@: %.0f events/s (%.2f× SQLite, %.2f× no mark)", configuration.name, fileBatch[index], fileBatch[index] / sqliteBatch, fileBatch[index] / fileBatch[0]))
    }
    lines.append(String(format: "    group commit, %d concurrent writers, 1 event per append (vs SQLite batched):", batchSize))
    for (index, configuration) in markings.enumerated() {
        lines.append(String(format: "      FileEventStore(groupCommit), %@: %.0f events/s, %.1f appends per sync (%.2f× SQLite batched, %.2f× no mark)", configuration.name, fileGroup[index], groupPerSync[index], fileGroup[index] / sqliteBatch, fileGroup[index] / fileGroup[0]))
    }
    return lines
}

/// Appends `events` and returns events per second and appends per sync.
private func fileAppends(
    directory: URL, name: String, durability: FileEventStore.Durability, marking: FileEventStore.CommitMarking, events: [NewEvent], eventsPerAppend: Int, writers: Int
) async throws -> (rate: Double, appendsPerSync: Double) {
    let path = directory.appendingPathComponent("append-\(name).log").path
    try? FileManager.default.removeItem(atPath: path)
    let store = try FileEventStore(path: path, durability: durability, commitMarking: marking)
    let chunks = stride(from: 0, to: events.count, by: eventsPerAppend).map { Array(events[$0..<min(events.count, $0 + eventsPerAppend)]) }
    let seconds = try await measureAsync {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    // Each writer owns one stream and appends with exact expected versions, as a repository would.
                    let stream = StreamID("Account-\(writer)")
                    var version: Int64 = 0
                    for index in stride(from: writer, to: chunks.count, by: writers) {
                        version = try await store.append(chunks[index], to: stream, expectedVersion: .exact(version)).streamVersion
                    }
                }
            }
            try await group.waitForAll()
        }
    }
    let syncs = await store.syncCount
    let head = try await store.headPosition()
    precondition(head == Int64(events.count))
    await store.close()
    try? FileManager.default.removeItem(atPath: path)
    return (Double(events.count) / seconds, Double(chunks.count) / Double(max(1, syncs)))
}

/// Inserts `events` into SQLite in WAL mode with `synchronous=FULL`, `eventsPerTransaction` per transaction;
/// returns events per second.
private func sqliteAppends(directory: URL, name: String, events: [NewEvent], eventsPerTransaction: Int) throws -> Double {
    let path = directory.appendingPathComponent("append-\(name).sqlite").path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK, let db else { fatalError("sqlite3_open failed") }
    defer { sqlite3_close(db) }
    func exec(_ sql: String) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fatalError("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
    }
    exec("PRAGMA journal_mode=WAL")
    exec("PRAGMA synchronous=FULL")
    exec("""
        CREATE TABLE events (
          global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL,
          event_id BLOB NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, timestamp INTEGER NOT NULL,
          metadata BLOB, payload BLOB NOT NULL, UNIQUE (stream_id, stream_version))
        """)
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, "INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, timestamp, metadata, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &statement, nil) == SQLITE_OK, let statement else {
        fatalError("prepare failed")
    }
    defer { sqlite3_finalize(statement) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    let seconds = measure {
        var version = 0
        for start in stride(from: 0, to: events.count, by: eventsPerTransaction) {
            exec("BEGIN")
            for event in events[start..<min(events.count, start + eventsPerTransaction)] {
                version += 1
                sqlite3_bind_text(statement, 1, "Account-0", -1, transient)
                sqlite3_bind_int64(statement, 2, Int64(version))
                withUnsafeBytes(of: event.eventID.uuid) { _ = sqlite3_bind_blob(statement, 3, $0.baseAddress, 16, transient) }
                sqlite3_bind_text(statement, 4, event.typeName, -1, transient)
                sqlite3_bind_int64(statement, 5, Int64(event.schemaVersion))
                sqlite3_bind_int64(statement, 6, event.timestamp.millisecondsSince1970)
                sqlite3_bind_null(statement, 7)
                event.payload.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 8, $0.baseAddress, Int32($0.count), transient) }
                guard sqlite3_step(statement) == SQLITE_DONE else { fatalError("insert failed: \(String(cString: sqlite3_errmsg(db)))") }
                sqlite3_reset(statement)
            }
            exec("COMMIT")
        }
    }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return Double(events.count) / seconds
}
