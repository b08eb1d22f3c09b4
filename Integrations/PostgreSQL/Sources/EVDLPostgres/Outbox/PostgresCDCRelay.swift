import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// Publishes the outbox's inserts as read from the write-ahead log through a logical replication slot (change data
/// capture, the way Debezium reads an outbox), with the `test_decoding` output plugin that ships with the server.
///
/// - `createSlot()` creates the slot; inserts committed after that are kept by the server for the relay, whether it
///   runs or not. (Create it before writers start, e.g. at deployment; rows written before it are not in its
///   stream — the polling relay or a one-off `deliverPending` of `PostgresOutboxRelay` can send those.)
/// - `deliverPending()` peeks at the slot's changes (`pg_logical_slot_peek_changes`), publishes each outbox insert
///   of each committed transaction in commit order with the event id as message id, and only once every insert of a
///   transaction is confirmed by the publisher advances the slot past that transaction's commit
///   (`pg_replication_slot_advance`). A crash before the advance publishes those messages again: at least once.
/// - The relay does not write to the outbox table (`delivered_at` stays null): the log is its cursor.
/// - One relay per slot: each pass holds a session advisory lock on the slot's name, so a second instance waits
///   instead of publishing the same changes at the same time.
public actor PostgresCDCRelay {
    /// The replication slot's name.
    public nonisolated let slot: String
    private let store: PostgresEventStore
    private let publisher: any MessagePublisher
    private let clock: any RuntimeClock
    private let backoff: Backoff
    private let maxAttempts: Int
    private let changesPerPass: Int

    /// A relay over `store`'s outbox, reading slot `slot` (default `<schema>_outbox`). `changesPerPass` bounds the
    /// changes decoded per query (whole transactions are always read; every table's changes count).
    public init(
        store: PostgresEventStore, publisher: any MessagePublisher, slot: String? = nil, clock: any RuntimeClock = SystemClock(),
        backoff: Backoff = .standard, maxAttempts: Int = 5, changesPerPass: Int = 20_000
    ) {
        self.store = store
        self.publisher = publisher
        self.slot = slot ?? "\(store.schema.name)_outbox"
        self.clock = clock
        self.backoff = backoff
        self.maxAttempts = max(1, maxAttempts)
        self.changesPerPass = max(1, changesPerPass)
    }

    /// Creates the logical replication slot (`test_decoding`) unless it exists; returns whether it created it.
    /// Needs `wal_level = logical` on the server.
    @discardableResult
    public func createSlot() async throws -> Bool {
        do {
            let exists = try await store.client.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = \(slot)").decode(Int64.self).first { _ in true } ?? 0
            if exists > 0 { return false }
            try await store.client.query("SELECT pg_create_logical_replication_slot(\(slot), 'test_decoding')")
            return true
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .replicationFailure, message: "creating the replication slot `\(slot)` failed: \(serverMessage(error)) (the server needs wal_level = logical)")
        }
    }

    /// Drops the slot (the server then stops keeping WAL for it).
    public func dropSlot() async throws {
        try await store.client.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = \(slot)")
    }

    /// Publishes every outbox insert the slot holds; returns how many messages it published.
    @discardableResult
    public func deliverPending() async throws -> Int {
        let (slot, table, logger, changesPerPass) = (slot, "\(store.schema.name).outbox", store.logger, changesPerPass)
        let (publisher, clock, backoff, maxAttempts) = (publisher, clock, backoff, maxAttempts)
        return try await store.client.withConnection { connection in
            let lock = "evdl.cdc." + slot
            do {
                try await connection.query("SELECT pg_advisory_lock(hashtext(\(lock)))", logger: logger)
            } catch let error as PSQLError {
                throw PostgresStoreError(code: .replicationFailure, message: "locking the replication slot `\(slot)` failed: \(serverMessage(error))")
            }
            let outcome: Result<Int, any Error>
            do {
                outcome = .success(try await Self.deliver(
                    on: connection, slot: slot, table: table, changesPerPass: changesPerPass, logger: logger,
                    publish: { try await publishConfirmed($0, publisher: publisher, clock: clock, backoff: backoff, maxAttempts: maxAttempts) }
                ))
            } catch {
                outcome = .failure(error)
            }
            _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\(lock)))", logger: logger)
            return try outcome.get()
        }
    }

    /// The passes of `deliverPending` on one connection holding the slot's lock.
    private static func deliver(
        on connection: PostgresConnection, slot: String, table: String, changesPerPass: Int, logger: Logger,
        publish: (OutboundMessage) async throws -> Void
    ) async throws -> Int {
        do {
            // Values are printed with the session's settings: UTC and ISO timestamps, which the parser reads.
            try await connection.query("SET TIME ZONE 'UTC'", logger: logger)
            try await connection.query("SET DateStyle = 'ISO, YMD'", logger: logger)
            var published = 0
            while true {
                let rows = try await connection.query("""
                    SELECT lsn::text, data FROM pg_logical_slot_peek_changes(\(slot), NULL, \(Int32(changesPerPass)), 'skip-empty-xacts', '1', 'include-xids', '0')
                    """, logger: logger)
                var changes: [(lsn: String, line: TestDecodingLine)] = []
                for try await (lsn, data) in rows.decode((String, String).self) {
                    changes.append((lsn, try TestDecodingLine.parse(data)))
                }
                var pending: [OutboxRow] = []
                var acknowledged: String?
                var failure: (any Error)?
                deliver: for change in changes {
                    switch change.line {
                    case .begin:
                        pending = []
                    case .insert(let changed, let columns) where changed == table:
                        pending.append(try OutboxRow(changeColumns: columns, table: table))
                    case .commit:
                        for row in pending {
                            do {
                                try await publish(row.message)
                            } catch {
                                failure = error
                                break deliver
                            }
                        }
                        published += pending.count
                        pending = []
                        acknowledged = change.lsn
                    case .insert, .other:
                        break
                    }
                }
                // Acknowledge only transactions whose every message the publisher confirmed.
                if let acknowledged {
                    try await connection.query("SELECT pg_replication_slot_advance(\(slot), \(acknowledged)::pg_lsn)", logger: logger)
                }
                if let failure { throw failure }
                if acknowledged == nil { return published }
            }
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .replicationFailure, message: "reading the replication slot `\(slot)` failed: \(serverMessage(error))")
        }
    }

    /// Delivers, then again after each append notification (or `pollInterval`), until cancelled. A failing pass is
    /// retried after the backoff's maximum delay.
    public func run(pollInterval: Duration = .seconds(1)) async throws {
        while !Task.isCancelled {
            let seen = store.wakeups.start()
            do {
                try await deliverPending()
            } catch is CancellationError {
                return
            } catch {
                store.logger.warning("CDC relay pass failed: \(error)")
                try? await clock.sleep(for: backoff.maximum)
                continue
            }
            guard await store.wakeups.wait(after: seen, atMost: pollInterval) else { return }
        }
    }
}
