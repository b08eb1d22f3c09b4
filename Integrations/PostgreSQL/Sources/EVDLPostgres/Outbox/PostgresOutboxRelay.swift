import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// Publishes the outbox table's rows by polling it: safe with any number of instances on any number of machines.
///
/// Each pass, in one transaction, claims up to `batchSize` undelivered rows with `FOR UPDATE SKIP LOCKED` (rows
/// another instance holds are skipped, not waited for), publishes them in position order with the event id as
/// message id, and marks the confirmed ones `delivered_at`; the commit releases the claim. An instance that dies
/// mid-pass rolls back its marks: its rows are published again by whichever instance claims them next (at least
/// once). A message that keeps failing ends the pass with `OutboxError(.publishFailed)` after marking what was
/// confirmed before it; it stays undelivered. Order holds per instance; with several instances, two rows of one
/// stream can be published by two instances at once, so consumers order by `streamVersion` if they need to.
public actor PostgresOutboxRelay {
    private let store: PostgresEventStore
    private let publisher: any MessagePublisher
    private let clock: any RuntimeClock
    private let backoff: Backoff
    private let maxAttempts: Int
    private let batchSize: Int

    /// A relay over `store`'s outbox table.
    public init(
        store: PostgresEventStore, publisher: any MessagePublisher, clock: any RuntimeClock = SystemClock(),
        backoff: Backoff = .standard, maxAttempts: Int = 5, batchSize: Int = 500
    ) {
        self.store = store
        self.publisher = publisher
        self.clock = clock
        self.backoff = backoff
        self.maxAttempts = max(1, maxAttempts)
        self.batchSize = max(1, batchSize)
    }

    /// Claims, publishes and marks pending rows until none is left unclaimed; returns how many it published.
    @discardableResult
    public func deliverPending() async throws -> Int {
        var total = 0
        while true {
            let published = try await deliverBatch()
            total += published
            if published < batchSize { return total }
        }
    }

    /// One pass: claim, publish, mark, commit. Returns how many rows it published.
    private func deliverBatch() async throws -> Int {
        let s = store.schema.name
        let logger = store.logger
        let (publisher, clock, backoff, maxAttempts, batchSize) = (publisher, clock, backoff, maxAttempts, batchSize)
        // The transaction commits the marks of what was confirmed even when a later message failed; the failure is
        // thrown after the commit (the rest stays pending).
        let (count, failure) = try await store.client.transaction("an outbox relay pass over `\(s).outbox`", logger: logger) { connection -> (Int, OutboxError?) in
            let rows = try await connection.query("""
                SELECT id, aggregateid, type, convert_to(payload::text, 'UTF8'), topic, event_position, stream_version, schema_version,
                       (extract(epoch FROM occurred_at) * 1000)::bigint, causation_id, correlation_id, metadata::text
                FROM \(unescaped: s).outbox WHERE delivered_at IS NULL
                ORDER BY event_position, topic LIMIT \(Int64(batchSize)) FOR UPDATE SKIP LOCKED
                """, logger: logger)
            var claimed: [OutboxRow] = []
            for try await row in rows {
                claimed.append(try decodeOutboxRow(row, table: "\(s).outbox"))
            }
            var confirmed: [OutboxRow] = []
            var failure: OutboxError?
            for row in claimed {
                do {
                    try await publishConfirmed(row.message, publisher: publisher, clock: clock, backoff: backoff, maxAttempts: maxAttempts)
                    confirmed.append(row)
                } catch let error as OutboxError {
                    failure = error
                    break
                }
            }
            if !confirmed.isEmpty {
                try await connection.query("""
                    UPDATE \(unescaped: s).outbox SET delivered_at = now()
                    WHERE (event_position, topic) IN (SELECT * FROM unnest(\(confirmed.map(\.eventPosition)), \(confirmed.map(\.topic))))
                    """, logger: logger)
            }
            return (confirmed.count, failure)
        }
        if let failure { throw failure }
        return count
    }

    /// Delivers pending rows, then again after each append notification (or `pollInterval`), until cancelled.
    /// A failing pass is retried after the backoff's maximum delay.
    public func run(pollInterval: Duration = .seconds(1)) async throws {
        while !Task.isCancelled {
            let seen = store.wakeups.start()
            do {
                try await deliverPending()
            } catch is CancellationError {
                return
            } catch {
                store.logger.warning("outbox relay pass failed: \(error)")
                try? await clock.sleep(for: backoff.maximum)
                continue
            }
            guard await store.wakeups.wait(after: seen, atMost: pollInterval) else { return }
        }
    }

    /// How many outbox rows are not delivered yet.
    public func pendingCount() async throws -> Int64 {
        try await store.scalar("SELECT count(*) FROM \(unescaped: store.schema.name).outbox WHERE delivered_at IS NULL") ?? 0
    }
}

/// Decodes a row selected with the polling relay's column list.
func decodeOutboxRow(_ row: PostgresRow, table: String) throws -> OutboxRow {
    let cells = row.makeRandomAccess()
    let position = (try? cells[5].decode(Int64.self)) ?? -1
    do {
        let metadataText = try cells[11].decode(String.self)
        return OutboxRow(
            eventID: try cells[0].decode(UUID.self), streamID: StreamID(try cells[1].decode(String.self)), typeName: try cells[2].decode(String.self),
            payload: try cells[3].decode(ByteBuffer.self).withUnsafeReadableBytes { Data($0) }, topic: try cells[4].decode(String.self),
            eventPosition: position, streamVersion: try cells[6].decode(Int64.self), schemaVersion: Int(try cells[7].decode(Int32.self)),
            occurredAtMilliseconds: try cells[8].decode(Int64.self), causationID: try cells[9].decode(UUID?.self),
            correlationID: try cells[10].decode(UUID?.self),
            metadata: metadataText == "{}" ? [:] : try JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8))
        )
    } catch {
        throw PostgresStoreError(code: .corruptRow, message: "the outbox row of event position \(position) in `\(table)` does not decode: \(error)")
    }
}
