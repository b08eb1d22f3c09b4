import EVDLPostgres
import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

// evdl-pg-bench: PostgreSQL store figures beside a raw INSERT ceiling and the file store, in one run.
//   Scripts/with-postgres swift run -c release evdl-pg-bench [--quick]
// Needs EVDL_DATABASE_URL (with-postgres sets it; the server needs wal_level=logical for the CDC figures).

let quick = CommandLine.arguments.contains("--quick")
/// `--only appends|catch-up|relays|file`: one section.
let only = CommandLine.arguments.firstIndex(of: "--only").flatMap { $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil }
func runs(_ section: String) -> Bool { only == nil || only == section }
let singleAppends = quick ? 500 : 2000
let batches = quick ? 50 : 200
let writers = 16
let appendsPerWriter = quick ? 60 : 250
let catchUpEvents = quick ? 100_000 : 1_000_000
let relayEvents = quick ? 5_000 : 20_000
let latencySamples = quick ? 50 : 200
let seedBatch = 1000

guard let urlString = ProcessInfo.processInfo.environment["EVDL_DATABASE_URL"] else {
    print("evdl-pg-bench: set EVDL_DATABASE_URL (Scripts/with-postgres sets it)")
    exit(2)
}
var configuration = try PostgresURL(urlString).clientConfiguration
configuration.options.maximumConnections = 40
let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "bench"))
let running = Task { await client.run() }
try await Task.sleep(for: .milliseconds(50))  // let the client start before the first query
let settings = try await client.query("SELECT current_setting('server_version'), current_setting('synchronous_commit'), current_setting('fsync')")
    .decode((String, String, String).self).first { _ in true }!
print("PostgreSQL \(settings.0), synchronous_commit=\(settings.1), fsync=\(settings.2); \(ProcessInfo.processInfo.activeProcessorCount) cores\(quick ? "; --quick" : "")")

if let index = CommandLine.arguments.firstIndex(of: "--read-profile"), index + 1 < CommandLine.arguments.count {
    try await readProfile(client, table: CommandLine.arguments[index + 1])
    exit(0)
}

var schemas: [PostgresSchema] = []
@MainActor func freshStore(outbox: OutboxRoutes = .none) async throws -> PostgresEventStore {
    let schema = try PostgresSchema("bench_\(schemas.count)_\(UInt32.random(in: 0...UInt32.max))")
    schemas.append(schema)
    try await schema.drop(client)
    return try await PostgresEventStore.open(client: client, schema: schema, outbox: outbox)
}

func padded(_ text: String) -> String { text.count >= 54 ? text : text + String(repeating: " ", count: 54 - text.count) }

func line(_ name: String, _ value: Double, _ unit: String, _ note: String = "") {
    print("  " + padded(name) + String(format: "%10.0f ", value) + unit + (note.isEmpty ? "" : "  " + note))
}

// MARK: Appends

if runs("appends") {
print("\nAppends (events/s, best of 2 interleaved rounds)")
var ours = (single: 0.0, batched: 0.0, concurrent: 0.0)
var raw = (single: 0.0, batched: 0.0, concurrent: 0.0)
for _ in 0..<2 {
    let store = try await freshStore()
    let ceiling = try await RawInserts.create(client, schema: store.schema)
    let events = makeEvents(singleAppends, seed: 0)
    ours.single = max(ours.single, rate(singleAppends, try await time {
        for (n, event) in events.enumerated() {
            try await store.append([event], to: "Single", expectedVersion: .exact(Int64(n)))
        }
    }))
    raw.single = max(raw.single, rate(singleAppends, try await time {
        for (n, event) in events.enumerated() {
            try await ceiling.insert([event], stream: "Single", firstVersion: Int64(n) + 1)
        }
    }))
    let batch = makeEvents(100, seed: 1)
    ours.batched = max(ours.batched, rate(batches * 100, try await time {
        for n in 0..<batches {
            try await store.append(batch.map { var e = $0; e.eventID = UUID(); return e }, to: "Batched", expectedVersion: .exact(Int64(n * 100)))
        }
    }))
    raw.batched = max(raw.batched, rate(batches * 100, try await time {
        for n in 0..<batches {
            try await ceiling.insert(batch.map { var e = $0; e.eventID = UUID(); return e }, stream: "Batched", firstVersion: Int64(n * 100) + 1)
        }
    }))
    ours.concurrent = max(ours.concurrent, rate(writers * appendsPerWriter, try await time {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for (n, event) in makeEvents(appendsPerWriter, seed: writer).enumerated() {
                        try await store.append([event], to: StreamID("W-\(writer)"), expectedVersion: .exact(Int64(n)))
                    }
                }
            }
            try await group.waitForAll()
        }
    }))
    raw.concurrent = max(raw.concurrent, rate(writers * appendsPerWriter, try await time {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for (n, event) in makeEvents(appendsPerWriter, seed: writer).enumerated() {
                        try await ceiling.insert([event], stream: "W-\(writer)", firstVersion: Int64(n) + 1)
                    }
                }
            }
            try await group.waitForAll()
        }
    }))
    store.close()
}
line("1 writer, 1 event per append: EVDL", ours.single, "ev/s", String(format: "%.2f× raw", ours.single / raw.single))
line("1 writer, 1 event per append: raw INSERT", raw.single, "ev/s")
line("1 writer, 100 events per append: EVDL", ours.batched, "ev/s", String(format: "%.2f× raw (target ≥ 0.7×)", ours.batched / raw.batched))
line("1 writer, 100 events per append: raw INSERT", raw.batched, "ev/s")
line("\(writers) writers, 1 event per append: EVDL", ours.concurrent, "ev/s", String(format: "%.2f× raw", ours.concurrent / raw.concurrent))
line("\(writers) writers, 1 event per append: raw INSERT", raw.concurrent, "ev/s")

}

// MARK: Catch-up
if runs("catch-up") {
print("\nSubscription catch-up of \(catchUpEvents) events (events/s)")
let big = try await freshStore()
let seeded = try await time {
    for n in 0..<(catchUpEvents / seedBatch) {
        try await big.append(makeEvents(seedBatch, seed: n * seedBatch), to: StreamID("Big-\(n % 100)"), expectedVersion: .any)
    }
}
line("seeding: 1 writer, 1000 events per append", rate(catchUpEvents, seeded), "ev/s")
line("follow(fromPosition: 1) to the head", try await followRate(big, count: catchUpEvents), "ev/s", "target ≥ 200000")
var read = 0
let readTime = try await time {
    var next: Int64 = 1
    while true {
        let batch = try await big.readAll(fromPosition: next, limit: 5000)
        guard let last = batch.last else { break }
        read += batch.count
        next = last.globalPosition + 1
    }
}
line("readAll in batches of 5000", rate(read, readTime), "ev/s")
big.close()
try await big.schema.drop(client)

}

// MARK: Relays
if runs("relays") {
print("\nOutbox relays")
let routes = OutboxRoutes([.init(eventType: "Account.MoneyDeposited", topic: "accounts")])
let relayStore = try await freshStore(outbox: routes)
let cdcPublisher = TimingPublisher()
let cdc = PostgresCDCRelay(store: relayStore, publisher: cdcPublisher)
try await cdc.createSlot()
for n in 0..<(relayEvents / 100) {
    try await relayStore.append(makeEvents(100, seed: n * 100), to: StreamID("R-\(n % 10)"), expectedVersion: .any)
}
let pollingPublisher = TimingPublisher()
let polling = PostgresOutboxRelay(store: relayStore, publisher: pollingPublisher)
let pollingTime = try await time { try await polling.deliverPending() }
line("polling relay: \(pollingPublisher.published) messages", rate(pollingPublisher.published, pollingTime), "msg/s")
let cdcTime = try await time { try await cdc.deliverPending() }
line("CDC relay (test_decoding): \(cdcPublisher.published) messages", rate(cdcPublisher.published, cdcTime), "msg/s")

@MainActor func latencies(_ publisher: TimingPublisher, _ run: @escaping @Sendable () async throws -> Void) async throws -> (p50: Double, p99: Double) {
    let relayTask = Task { try await run() }
    try await Task.sleep(for: .milliseconds(300))
    var samples: [Double] = []
    for n in 0..<latencySamples {
        let event = makeEvents(1, seed: n)[0]
        let start = ContinuousClock.now
        try await relayStore.append([event], to: "Latency", expectedVersion: .any)
        while publisher.arrival(of: event.eventID) == nil {
            try await Task.sleep(for: .microseconds(200))
            if ContinuousClock.now - start > .seconds(5) { break }
        }
        if let arrival = publisher.arrival(of: event.eventID) {
            let elapsed = arrival - start
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
    }
    relayTask.cancel()
    _ = await relayTask.result
    samples.sort()
    return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)])
}
// Append to arrival, one relay at a time (each woken by the append's notification).
let pollingLatency = try await latencies(pollingPublisher) { try await polling.run(pollInterval: .seconds(1)) }
try await cdc.deliverPending()  // what the polling run wrote meanwhile
let cdcLatency = try await latencies(cdcPublisher) { try await cdc.run(pollInterval: .seconds(1)) }
print("  " + padded("polling relay: append → publish") + String(format: "%7.2f ms p50 %7.2f ms p99", pollingLatency.p50, pollingLatency.p99))
print("  " + padded("CDC relay: append → publish") + String(format: "%7.2f ms p50 %7.2f ms p99", cdcLatency.p50, cdcLatency.p99))
try await cdc.dropSlot()
relayStore.close()

}

// MARK: The file store beside them
if runs("file") {
print("\nFileEventStore on this machine's disk, same workloads")
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-pg-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
do {
    let perAppend = try FileEventStore(path: directory.appendingPathComponent("single.log").path, durability: .fsyncPerAppend)
    let events = makeEvents(singleAppends, seed: 0)
    line("1 writer, 1 event per append (fsync per append)", rate(singleAppends, try await time {
        for (n, event) in events.enumerated() { try await perAppend.append([event], to: "Single", expectedVersion: .exact(Int64(n))) }
    }), "ev/s")
    let batch = makeEvents(100, seed: 1)
    line("1 writer, 100 events per append (fsync per append)", rate(batches * 100, try await time {
        for n in 0..<batches { try await perAppend.append(batch, to: "Batched", expectedVersion: .exact(Int64(n * 100))) }
    }), "ev/s")
    let grouped = try FileEventStore(path: directory.appendingPathComponent("group.log").path, durability: .groupCommit)
    line("\(writers) writers, 1 event per append (group commit)", rate(writers * appendsPerWriter, try await time {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for (n, event) in makeEvents(appendsPerWriter, seed: writer).enumerated() {
                        try await grouped.append([event], to: StreamID("W-\(writer)"), expectedVersion: .exact(Int64(n)))
                    }
                }
            }
            try await group.waitForAll()
        }
    }), "ev/s")
    let bigFile = try FileEventStore(path: directory.appendingPathComponent("big.log").path, durability: .groupCommit)
    for n in 0..<(catchUpEvents / seedBatch) {
        try await bigFile.append(makeEvents(seedBatch, seed: n * seedBatch), to: StreamID("Big-\(n % 100)"), expectedVersion: .any)
    }
    line("follow(fromPosition: 1) of \(catchUpEvents) events", try await followRate(bigFile, count: catchUpEvents), "ev/s")
}

}

for schema in schemas { try? await schema.drop(client) }
running.cancel()
