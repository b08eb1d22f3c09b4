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
    let appends = AppendQueue()

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
    ///
    /// Appends that callers of this store make while another is in flight are sent together when it returns: one
    /// transaction (one commit) for all of them, each in a subtransaction of its own so that a refused one refuses
    /// only itself (see `AppendQueue`).
    @discardableResult
    public func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        let request = try AppendRequest(events, to: stream, expectedVersion: expectedVersion, outbox: outbox)
        let (version, first) = try await appends.submit(request, store: self)
        let base = version - Int64(events.count)
        let recorded = events.enumerated().map { offset, event in
            RecordedEvent(event, streamID: stream, streamVersion: base + Int64(offset) + 1, globalPosition: first + Int64(offset))
        }
        return AppendResult(streamVersion: version, events: recorded)
    }

    /// One append as one call of the `append` function; returns the stream's version and the first position.
    func send(_ request: AppendRequest) async throws -> (Int64, Int64) {
        let events = request.events
        let query: PostgresQuery = """
            SELECT stream_version, first_position FROM \(unescaped: s).append(
                \(request.stream.rawValue), \(request.expected), \(events.map(\.eventID)), \(events.map(\.typeName)),
                \(events.map { Int32(clamping: $0.schemaVersion) }), \(events.map { $0.timestamp.millisecondsSince1970 }),
                \(events.map { $0.commandID?.uuidString ?? "" }), \(events.map { $0.causationID?.uuidString ?? "" }),
                \(events.map { $0.correlationID?.uuidString ?? "" }), \(request.metadata),
                \(events.map { ByteBuffer(bytes: $0.payload) }), \(request.outboxEvents), \(request.outboxTopics))
            """
        do {
            guard let row = try await client.query(query, logger: logger).decode((Int64, Int64).self).first(where: { _ in true }) else {
                throw PostgresStoreError(code: .databaseFailure, message: "the append to `\(request.stream)` returned no row")
            }
            return row
        } catch let error as PSQLError {
            throw appendError(state: error.serverInfo?[.sqlState], detail: error.serverInfo?[.detail] ?? "", message: serverMessage(error), request)
        }
    }

    /// Several appends in one call of `append_batch` (one transaction); one outcome per request, in order.
    func send(_ requests: [AppendRequest]) async -> [Result<(Int64, Int64), any Error>] {
        var counts: [Int32] = [], outboxEvents: [Int32] = [], outboxTopics: [String] = [], metadata: [String] = []
        var events: [NewEvent] = []
        for request in requests {
            for (index, topic) in zip(request.outboxEvents, request.outboxTopics) {
                outboxEvents.append(Int32(events.count) + index)
                outboxTopics.append(topic)
            }
            counts.append(Int32(request.events.count))
            events += request.events
            metadata += request.metadata
        }
        let query: PostgresQuery = """
            SELECT n, out_version, out_first, refused, detail FROM \(unescaped: s).append_batch(
                \(requests.map(\.stream.rawValue)), \(requests.map(\.expected)), \(counts), \(events.map(\.eventID)), \(events.map(\.typeName)),
                \(events.map { Int32(clamping: $0.schemaVersion) }), \(events.map { $0.timestamp.millisecondsSince1970 }),
                \(events.map { $0.commandID?.uuidString ?? "" }), \(events.map { $0.causationID?.uuidString ?? "" }),
                \(events.map { $0.correlationID?.uuidString ?? "" }), \(metadata),
                \(events.map { ByteBuffer(bytes: $0.payload) }), \(outboxEvents), \(outboxTopics))
            """
        var outcomes: [Result<(Int64, Int64), any Error>?] = Array(repeating: nil, count: requests.count)
        do {
            let rows = try await client.query(query, logger: logger).decode((Int32, Int64?, Int64?, String?, String?).self)
            for try await (n, version, first, refused, detail) in rows {
                let index = Int(n) - 1
                guard requests.indices.contains(index) else { continue }
                if let version, let first {
                    outcomes[index] = .success((version, first))
                } else {
                    outcomes[index] = .failure(appendError(state: refused, detail: detail ?? "", message: "SQLSTATE \(refused ?? "?")", requests[index]))
                }
            }
        } catch let error as PSQLError {
            let failure = PostgresStoreError(code: .databaseFailure, message: "a transaction of \(requests.count) appends (to \(requests.map { "`\($0.stream)`" }.joined(separator: ", "))) failed: \(serverMessage(error))")
            return requests.map { _ in .failure(failure) }
        } catch {
            return requests.map { _ in .failure(error) }
        }
        return outcomes.enumerated().map { index, outcome in
            outcome ?? .failure(PostgresStoreError(code: .databaseFailure, message: "the transaction of several appends returned no outcome for the append to `\(requests[index].stream)`"))
        }
    }

    /// The runtime's error for a refused append (a conflict or a duplicate command), or a `PostgresStoreError`.
    private func appendError(state: String?, detail: String, message: String, _ request: AppendRequest) -> any Error {
        let stream = request.stream
        switch state {
        case "EV001":
            return EventStoreError.wrongExpectedVersion(stream, expected: request.expectedVersion, actual: Int64(detail) ?? -1)
        case "EV002":
            let command = UUID(uuidString: detail) ?? request.events.compactMap(\.commandID).first
            return EventStoreError(
                code: .duplicateCommand, message: "command `\(command.map(\.uuidString) ?? detail)` was already committed",
                streamID: stream, commandID: command
            )
        case "22P02", "22021", "22P05":
            // Invalid JSON or UTF-8: only the outbox's `payload json` column parses payloads.
            return PostgresStoreError(
                code: .databaseFailure,
                message: "the append to `\(stream)` was refused: a published event's payload is not UTF-8 JSON, which the outbox's payload column holds: \(message)"
            )
        default:
            return PostgresStoreError(code: .databaseFailure, message: "the append to `\(stream)` failed: \(message)")
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
