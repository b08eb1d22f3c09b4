import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// The runtime's `EventStore` on PostgreSQL: for services that run as several processes on several machines.
///
/// - Appends go through one call of the schema's `append` function (one round trip, one transaction): the stream
///   row is locked and its version checked against the expected version, command ids are claimed in the `commands`
///   table (a unique key), then positions are taken from the `head` row, which stays locked until commit. Positions
///   are therefore dense and committed in order, and "everything after P" never misses an event (see the README).
/// - Outbox entries for routed events are written by the same function, in the same transaction.
/// - `follow` reads in batches and waits for the next append through LISTEN/NOTIFY, polling as a fallback.
///
/// The caller owns the `PostgresClient` and runs it (`client.run()` in a task or a service group); call
/// `PostgresSchema.migrate(_:)` once before use (`PostgresEventStore.open` does).
public final class PostgresEventStore: EventStore, Sendable {
    /// The client the store queries through.
    public let client: PostgresClient
    /// The schema holding the store's tables.
    public let schema: PostgresSchema
    /// The published event types: their outbox rows are written in the append's transaction.
    public let outbox: OutboxRoutes
    /// How long a follower waits for a notification before it polls anyway.
    public let pollInterval: Duration
    /// How many events a follower reads per query.
    public let followBatchSize: Int
    let logger: Logger
    let wakeups: Wakeups

    /// A store over `client` in `schema`. Does not touch the database; see `open` for a store that migrates first.
    /// `notifications: false` makes followers poll every `pollInterval` without LISTEN (e.g. behind a pooler in
    /// transaction mode, where LISTEN does not work).
    public init(
        client: PostgresClient, schema: PostgresSchema, outbox: OutboxRoutes = .none, pollInterval: Duration = .milliseconds(500),
        notifications: Bool = true, followBatchSize: Int = 5000, logger: Logger = Logger(label: "evdl.postgres")
    ) {
        self.client = client
        self.schema = schema
        self.outbox = outbox
        self.pollInterval = pollInterval
        self.followBatchSize = max(1, followBatchSize)
        self.logger = logger
        self.wakeups = Wakeups(client: client, channel: schema.channel, listens: notifications, logger: logger)
    }

    /// Migrates `schema` to the latest version, then returns a store over it.
    public static func open(
        client: PostgresClient, schema: PostgresSchema, outbox: OutboxRoutes = .none, pollInterval: Duration = .milliseconds(500),
        logger: Logger = Logger(label: "evdl.postgres")
    ) async throws -> PostgresEventStore {
        try await schema.migrate(client, logger: logger)
        return PostgresEventStore(client: client, schema: schema, outbox: outbox, pollInterval: pollInterval, logger: logger)
    }

    /// Stops listening for notifications and ends every follower's sequence.
    public func close() {
        wakeups.close()
    }

    private var s: String { schema.name }

    /// Appends atomically, with the expected version and command ids checked by the database.
    @discardableResult
    public func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        let expected: Int64 = switch expectedVersion {
        case .any: -1
        case .noStream: 0
        case .exact(let version): version
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var metadata: [String] = []
        metadata.reserveCapacity(events.count)
        for event in events {
            metadata.append(event.metadata.isEmpty ? "{}" : String(decoding: try encoder.encode(event.metadata), as: UTF8.self))
        }
        var outboxEvents: [Int32] = []
        var outboxTopics: [String] = []
        if !outbox.isEmpty {
            for (index, event) in events.enumerated() {
                for topic in outbox.topics[event.typeName] ?? [] {
                    outboxEvents.append(Int32(index + 1))
                    outboxTopics.append(topic)
                }
            }
        }
        let query: PostgresQuery = """
            SELECT stream_version, first_position FROM \(unescaped: s).append(
                \(stream.rawValue), \(expected), \(events.map(\.eventID)), \(events.map(\.typeName)),
                \(events.map { Int32(clamping: $0.schemaVersion) }), \(events.map { $0.timestamp.millisecondsSince1970 }),
                \(events.map { $0.commandID?.uuidString ?? "" }), \(events.map { $0.causationID?.uuidString ?? "" }),
                \(events.map { $0.correlationID?.uuidString ?? "" }), \(metadata),
                \(events.map { ByteBuffer(bytes: $0.payload) }), \(outboxEvents), \(outboxTopics))
            """
        let (version, first): (Int64, Int64)
        do {
            guard let row = try await client.query(query, logger: logger).decode((Int64, Int64).self).first(where: { _ in true }) else {
                throw PostgresStoreError(code: .databaseFailure, message: "the append to `\(stream)` returned no row")
            }
            (version, first) = row
        } catch let error as PSQLError {
            throw appendError(error, stream: stream, expected: expectedVersion, events: events)
        }
        let base = version - Int64(events.count)
        let recorded = events.enumerated().map { offset, event in
            RecordedEvent(event, streamID: stream, streamVersion: base + Int64(offset) + 1, globalPosition: first + Int64(offset))
        }
        return AppendResult(streamVersion: version, events: recorded)
    }

    /// The runtime's error for a failed append (a conflict or a duplicate command), or a `PostgresStoreError`.
    private func appendError(_ error: PSQLError, stream: StreamID, expected: ExpectedVersion, events: [NewEvent]) -> any Error {
        let state = error.serverInfo?[.sqlState]
        let detail = error.serverInfo?[.detail] ?? ""
        switch state {
        case "EV001":
            return EventStoreError.wrongExpectedVersion(stream, expected: expected, actual: Int64(detail) ?? -1)
        case "EV002":
            let command = UUID(uuidString: detail) ?? events.compactMap(\.commandID).first
            return EventStoreError(
                code: .duplicateCommand, message: "command `\(command.map(\.uuidString) ?? detail)` was already committed",
                streamID: stream, commandID: command
            )
        case "22P02", "22021":
            // Invalid JSON or UTF-8: only the outbox's `payload json` column parses payloads.
            return PostgresStoreError(
                code: .databaseFailure,
                message: "the append to `\(stream)` was refused: a published event's payload is not UTF-8 JSON, which the outbox's payload column holds: \(serverMessage(error))"
            )
        default:
            return PostgresStoreError(code: .databaseFailure, message: "the append to `\(stream)` failed: \(serverMessage(error))")
        }
    }

    /// Runs `query` and decodes its rows as events.
    func events(_ query: PostgresQuery) async throws -> [RecordedEvent] {
        do {
            return try await decodeEvents(try await client.query(query, logger: logger), table: "\(s).events")
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .databaseFailure, message: "reading `\(s).events` failed: \(serverMessage(error))")
        }
    }

    /// The events of `stream` from `fromVersion` on.
    public func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent] {
        try await events("""
            SELECT \(unescaped: eventColumns(s)) FROM \(unescaped: s).events
            WHERE stream_id = \(stream.rawValue) AND stream_version >= \(fromVersion) ORDER BY stream_version
            """)
    }

    /// Up to `limit` events from `fromPosition` on.
    public func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        return try await events("""
            SELECT \(unescaped: eventColumns(s)) FROM \(unescaped: s).events
            WHERE global_position >= \(fromPosition) ORDER BY global_position LIMIT \(Int64(limit))
            """)
    }

    /// The stream's version (0 when absent).
    public func streamVersion(_ stream: StreamID) async throws -> Int64 {
        try await scalar("SELECT version FROM \(unescaped: s).streams WHERE stream_id = \(stream.rawValue)") ?? 0
    }

    /// The position of the last committed event (0 when empty).
    public func headPosition() async throws -> Int64 {
        try await scalar("SELECT position FROM \(unescaped: s).head") ?? 0
    }

    /// The events committed by the append carrying `commandID`.
    public func events(forCommand commandID: UUID) async throws -> [RecordedEvent]? {
        let found = try await events("""
            SELECT \(unescaped: eventColumns(s)) FROM \(unescaped: s).events WHERE command_id = \(commandID) ORDER BY global_position
            """)
        return found.isEmpty ? nil : found
    }

    /// The first column of the first row, if any.
    func scalar(_ query: PostgresQuery) async throws -> Int64? {
        do {
            return try await client.query(query, logger: logger).decode(Int64.self).first { _ in true }
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .databaseFailure, message: "a query of schema `\(s)` failed: \(serverMessage(error))")
        }
    }

    /// Stored events from `fromPosition` on, then each new one as it commits: read in batches of
    /// `followBatchSize`, the next batch only when the consumer asked for it (so a slow consumer holds no backlog in
    /// memory). When the store has nothing new, the follower waits for a notification or `pollInterval`.
    public func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> {
        let cursor = FollowCursor(store: self, next: max(1, fromPosition))
        return AsyncThrowingStream(unfolding: { try await cursor.next() })
    }
}
