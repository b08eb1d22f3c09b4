import EVDLPostgres
import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// The events every workload appends: ~100-byte JSON payloads, metadata, a correlation id.
func makeEvents(_ count: Int, seed: Int) -> [NewEvent] {
    (0..<count).map { n in
        NewEvent(
            typeName: "Account.MoneyDeposited", timestamp: Date(millisecondsSince1970: 1_800_000_000_000 + Int64(seed + n)), correlationID: UUID(),
            metadata: ["source": "bench"],
            payload: Data("{\"accountId\":\"\(UUID().uuidString)\",\"amount\":\(seed + n).25,\"memo\":\"deposit number \(seed + n)\"}".utf8)
        )
    }
}

/// Rate of `count` events in `seconds`.
func rate(_ count: Int, _ seconds: Double) -> Double { Double(count) / seconds }

/// Wall time of `body`.
func time(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A raw table with the events table's columns and indexes, and the same rows inserted without the store's
/// checks: the ceiling an append can reach on this server.
struct RawInserts {
    let client: PostgresClient
    let table: String

    static func create(_ client: PostgresClient, schema: PostgresSchema) async throws -> RawInserts {
        try await client.query("CREATE TABLE \(unescaped: schema.name).raw_events (LIKE \(unescaped: schema.name).events INCLUDING ALL)")
        try await client.query("CREATE SEQUENCE \(unescaped: schema.name).raw_position")
        return RawInserts(client: client, table: "\(schema.name).raw_events")
    }

    /// One INSERT of `events` as rows of `stream` from version `first` (one statement, one transaction).
    func insert(_ events: [NewEvent], stream: String, firstVersion: Int64) async throws {
        let encoder = JSONEncoder()
        let metadata = try events.map { String(decoding: try encoder.encode($0.metadata), as: UTF8.self) }
        let schema = table.split(separator: ".")[0]
        try await client.query("""
            INSERT INTO \(unescaped: table) (global_position, stream_id, stream_version, event_id, type, schema_version, occurred_at,
                                             command_id, causation_id, correlation_id, metadata, payload)
            SELECT nextval('\(unescaped: String(schema)).raw_position'), \(stream), \(firstVersion) + e.n - 1, e.event_id, e.type, e.schema_version,
                   timestamptz 'epoch' + e.occurred_ms * interval '1 millisecond', nullif(e.command_id, '')::uuid, nullif(e.causation_id, '')::uuid,
                   nullif(e.correlation_id, '')::uuid, e.metadata::jsonb, e.payload
            FROM unnest(\(events.map(\.eventID)), \(events.map(\.typeName)), \(events.map { Int32($0.schemaVersion) }),
                        \(events.map { $0.timestamp.millisecondsSince1970 }), \(events.map { $0.commandID?.uuidString ?? "" }),
                        \(events.map { $0.causationID?.uuidString ?? "" }), \(events.map { $0.correlationID?.uuidString ?? "" }),
                        \(metadata), \(events.map { ByteBuffer(bytes: $0.payload) }))
                 WITH ORDINALITY AS e(event_id, type, schema_version, occurred_ms, command_id, causation_id, correlation_id, metadata, payload, n)
            """)
    }
}

/// A publisher that confirms at once and reports each message's arrival.
final class TimingPublisher: MessagePublisher, @unchecked Sendable {
    private let lock = NSLock()
    private var arrivals: [UUID: ContinuousClock.Instant] = [:]
    private(set) var count = 0

    func publish(_ message: OutboundMessage) async throws {
        lock.withLock {
            arrivals[message.messageID] = .now
            count += 1
        }
    }

    func arrival(of id: UUID) -> ContinuousClock.Instant? { lock.withLock { arrivals[id] } }
    var published: Int { lock.withLock { count } }
}

/// Follows `store` from the first event to the `count`th in a task of its own (not on the main actor, which would
/// add two task switches per event to what is measured).
func followRate(_ store: any EventStore, count: Int) async throws -> Double {
    try await Task.detached {
        var followed = 0
        let cpu = processCPUSeconds()
        let seconds = try await time {
            for try await _ in store.follow(fromPosition: 1) {
                followed += 1
                if followed == count { break }
            }
        }
        print(String(format: "    (this process: %.2f µs of CPU per event)", (processCPUSeconds() - cpu) / Double(max(1, followed)) * 1e6))
        return rate(followed, seconds)
    }.value
}

/// CPU time (user + system) this process has used, in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
