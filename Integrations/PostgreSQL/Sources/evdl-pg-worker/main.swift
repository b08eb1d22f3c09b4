import EVDLPostgres
import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

// evdl-pg-worker: one process of the multi-process tests (Tests/EVDLPostgresTests/MultiProcessTests.swift).
//   evdl-pg-worker write SCHEMA WRITER COUNT    appends COUNT events (1–3 per append, tagged writer/seq) to shared
//                                               streams and the writer's own; prints "committed <seq>" after each
//   evdl-pg-worker follow SCHEMA                follows from position 1 until a `Test.End` event; prints
//                                               "<position> <event id>" per event
//   evdl-pg-worker hold SCHEMA                  opens a transaction, appends one event in it, prints "holding",
//                                               and waits (to be killed mid-transaction)
//   evdl-pg-worker deadlines SCHEMA NAME LEASE_MS [hang]
//                                               a `DeadlineScheduler` named NAME (claim lease LEASE_MS) firing the
//                                               store's due deadlines (commands `Test.Ping`) until none is pending;
//                                               prints "sent <key>" per send, or with `hang` "sending <key>" and
//                                               then waits (to be killed mid-send)
// The database is EVDL_TEST_DATABASE_URL.

/// The command the deadline tests schedule.
struct Ping: RoutedCommand {
    static let typeName = "Test.Ping"
    var number: Int
}

/// Writes a line to standard output at once (the test reads it while the process runs, or after killing it).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let url = ProcessInfo.processInfo.environment["EVDL_TEST_DATABASE_URL"] else {
    FileHandle.standardError.write(Data("usage: evdl-pg-worker write|follow|hold|deadlines SCHEMA … (with EVDL_TEST_DATABASE_URL)\n".utf8))
    exit(2)
}
let client = PostgresClient(configuration: try PostgresURL(url).clientConfiguration, backgroundLogger: Logger(label: "worker"))
let running = Task { await client.run() }
let schema = try PostgresSchema(arguments[2])
let store = PostgresEventStore(client: client, schema: schema)

switch arguments[1] {
case "write":
    let writer = Int(arguments[3])!, count = Int(arguments[4])!
    var seq = 0
    var append = 0
    while seq < count {
        let size = min(count - seq, 1 + append % 3)
        let events = (seq..<(seq + size)).map { n in
            NewEvent(typeName: "Test.Written", metadata: ["writer": "\(writer)", "seq": "\(n)"], payload: Data("{\"writer\":\(writer),\"seq\":\(n)}".utf8))
        }
        let stream = StreamID(append % 2 == 0 ? "Shared-\(append % 3)" : "Writer-\(writer)")
        try await store.append(events, to: stream, expectedVersion: .any)
        seq += size
        append += 1
        say("committed \(seq - 1)")
    }
case "follow":
    for try await event in store.follow(fromPosition: 1) {
        say("\(event.globalPosition) \(event.eventID.uuidString)")
        if event.typeName == "Test.End" { break }
    }
case "hold":
    try await client.withConnection { connection in
        try await connection.query("BEGIN", logger: Logger(label: "worker"))
        try await connection.query("""
            SELECT \(unescaped: schema.name).append('Held', -1, ARRAY[\(UUID())]::uuid[], ARRAY['Test.Held'], ARRAY[1], ARRAY[0::bigint],
                ARRAY[''], ARRAY[''], ARRAY[''], ARRAY['{}'], ARRAY['\\x7b7d'::bytea], ARRAY[]::integer[], ARRAY[]::text[])
            """, logger: Logger(label: "worker"))
        say("holding")
        try await Task.sleep(for: .seconds(600))
    }
case "deadlines":
    let hang = arguments.count > 5 && arguments[5] == "hang"
    let router = try CommandRouter([
        .service(Ping.self, service: "Test") { _, envelope in
            if hang {
                say("sending \(envelope.idempotencyKey.rawValue)")
                try await Task.sleep(for: .seconds(600))
            }
            say("sent \(envelope.idempotencyKey.rawValue)")
            return NoResult()
        },
    ])
    let scheduler = DeadlineScheduler(store: store, router: router, instance: arguments[3], claimLease: .milliseconds(Int(arguments[4])!))
    repeat {
        try await scheduler.fireDue()
        try await Task.sleep(for: .milliseconds(10))
    } while try await !scheduler.pendingDeadlines().isEmpty
default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
}
store.close()
running.cancel()
