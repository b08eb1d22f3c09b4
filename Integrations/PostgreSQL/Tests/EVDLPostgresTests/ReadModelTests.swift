import EVDLPostgres
import EVDLRuntime
import Foundation
import PostgresNIO
import Testing

/// A projection counting events per key: applying an event twice shows as a wrong count.
enum Tally: Projection {
    static let name = "Tally"
    typealias Key = String
    struct Row: Sendable, Codable, Equatable { var count: Int; var last: String }
    enum Event: Sendable { case counted(key: String, note: String), removed(key: String) }
    struct Body: Codable { var key: String; var note: String? }
    static let handledEventTypes: Set<String> = ["Tally.Counted", "Tally.Removed"]

    static func decode(_ event: RecordedEvent, codec: PayloadCodec) throws -> Event? {
        let body = try codec.decode(Body.self, from: event.payload)
        switch event.typeName {
        case "Tally.Counted": return .counted(key: body.key, note: body.note ?? "")
        case "Tally.Removed": return .removed(key: body.key)
        default: return nil
        }
    }

    static func update(_ event: Event, recorded: RecordedEvent, rows: inout some ProjectionRows<String, Row>) {
        switch event {
        case .counted(let key, let note): rows.change(at: key) { _, row in .upsert(Row(count: (row?.count ?? 0) + 1, last: note)) }
        case .removed(let key): rows.change(at: key) { _, _ in .delete }
        }
    }
}

/// Events of `Tally` with a recorded envelope each (the handlers do not read it).
func recordedBatch(_ events: [Tally.Event]) -> [(event: Tally.Event, recorded: RecordedEvent)] {
    events.enumerated().map { i, event in
        (event, RecordedEvent(NewEvent(typeName: "Tally.Counted", payload: Data("{}".utf8)), streamID: "tally", streamVersion: Int64(i + 1), globalPosition: Int64(i + 1)))
    }
}

func counted(_ key: String, _ note: String = "") -> NewEvent {
    NewEvent(typeName: "Tally.Counted", payload: Data("{\"key\":\"\(key)\",\"note\":\"\(note)\"}".utf8))
}

func removed(_ key: String) -> NewEvent {
    NewEvent(typeName: "Tally.Removed", payload: Data("{\"key\":\"\(key)\"}".utf8))
}

@Suite struct ReadModelTests {
    @Test func rowsKeepFirstInsertionOrderAndADeletedKeyComesBackLast() async throws {
        try await TestDatabase.withStore { store in
            let readModels = PostgresReadModelStore(client: store.client, schema: store.schema)
            try await readModels.apply(recordedBatch([.counted(key: "a", note: "1"), .counted(key: "b", note: "1"), .counted(key: "c", note: "1"), .counted(key: "a", note: "2")]), of: Tally.self)
            #expect(try await readModels.entries(of: Tally.self).map(\.key) == ["a", "b", "c"])
            #expect(try await readModels.row("a", of: Tally.self) == Tally.Row(count: 2, last: "2"))
            // In one batch: b deleted and counted again (to the end), d new after it, c deleted.
            try await readModels.apply(recordedBatch([.removed(key: "b"), .counted(key: "b", note: "x"), .counted(key: "d", note: ""), .removed(key: "c"), .removed(key: "zz")]), of: Tally.self)
            #expect(try await readModels.entries(of: Tally.self).map(\.key) == ["a", "b", "d"])
            #expect(try await readModels.row("b", of: Tally.self) == Tally.Row(count: 1, last: "x"))
            #expect(try await readModels.row("c", of: Tally.self) == nil)
            #expect(try await readModels.rows(of: Tally.self) { $0.count == 1 }.count == 2)
            // A key lookup is a primary-key lookup, and rows are JSON that SQL can query.
            let plan = try await store.client.query("""
                EXPLAIN SELECT row FROM \(unescaped: store.schema.name).read_models WHERE projection = 'Tally' AND key = '"a"'
                """).decode(String.self).reduce("") { $0 + $1 }
            #expect(plan.contains("Index Scan"))
            let viaSQL = try await store.client.query("""
                SELECT key FROM \(unescaped: store.schema.name).read_models WHERE projection = 'Tally' AND (row->>'count')::int = 2
                """).decode(String.self).reduce([]) { $0 + [$1] }
            #expect(viaSQL == ["\"a\""])
            try await readModels.removeAll(of: Tally.self)
            #expect(try await readModels.entries(of: Tally.self).isEmpty)
        }
    }

    @Test func aSplitRecordIsAppliedAsItsEventsWithTheRecordsPosition() async throws {
        try await TestDatabase.withStore { store in
            // `Tally.Legacy` v1 stored several keys in one event; it is now one `Tally.Counted` per key.
            let legacy = NewEvent(typeName: "Tally.Legacy", payload: Data(#"{"keys":["a","b","a"]}"#.utf8))
            try await store.append([legacy, counted("c")], to: "T-legacy", expectedVersion: .noStream)
            let split = EventUpcaster.split("Tally.Legacy", fromVersion: 1) { payload in
                try ((payload["keys"] as? [String]) ?? []).map { key in
                    UpcastEvent(typeName: "Tally.Counted", schemaVersion: 1, payload: try JSONSerialization.data(withJSONObject: ["key": key, "note": "legacy"]))
                }
            }
            let readModels = PostgresReadModelStore(client: store.client, schema: store.schema)
            let runner = PostgresProjectionRunner(store: store, readModels: readModels, projections: [Tally.self], codec: PayloadCodec(upcasters: [split]))
            #expect(try await runner.catchUp() == 2)
            #expect(try await readModels.row("a", of: Tally.self) == Tally.Row(count: 2, last: "legacy"))
            #expect(try await readModels.row("b", of: Tally.self) == Tally.Row(count: 1, last: "legacy"))
            #expect(try await readModels.row("c", of: Tally.self) == Tally.Row(count: 1, last: ""))
        }
    }

    @Test func twoRunnersAtOnceApplyEveryEventExactlyOnce() async throws {
        try await TestDatabase.withStore { store in
            for n in 0..<400 {
                try await store.append([counted("k\(n % 5)", "\(n)")], to: StreamID("T-\(n % 3)"), expectedVersion: .any)
            }
            let readModels = PostgresReadModelStore(client: store.client, schema: store.schema)
            let runners = (0..<2).map { _ in PostgresProjectionRunner(store: store, readModels: readModels, projections: [Tally.self], batchSize: 37) }
            try await withThrowingTaskGroup(of: Int64.self) { group in
                for runner in runners { group.addTask { try await runner.catchUp() } }
                try await group.waitForAll()
            }
            let counts = try await readModels.entries(of: Tally.self).map { $0.row.count }
            #expect(counts == [80, 80, 80, 80, 80])
            #expect(try await readModels.checkpoint(for: "Tally") == 400)
            // Again: nothing new, nothing applied twice.
            try await runners[0].catchUp()
            #expect(try await readModels.entries(of: Tally.self).map { $0.row.count } == [80, 80, 80, 80, 80])
            // Rebuild from zero gives the same rows.
            try await runners[1].rebuild(Tally.self)
            #expect(try await readModels.entries(of: Tally.self).map { $0.row.count } == [80, 80, 80, 80, 80])
        }
    }

    @Test func runFollowsNewEvents() async throws {
        try await TestDatabase.withStore { store in
            let readModels = PostgresReadModelStore(client: store.client, schema: store.schema)
            let runner = PostgresProjectionRunner(store: store, readModels: readModels, projections: [Tally.self])
            let running = Task { try await runner.run() }
            try await store.append([counted("x"), counted("x"), removed("y")], to: "T", expectedVersion: .any)
            let deadline = ContinuousClock.now + .seconds(10)
            while try await readModels.checkpoint(for: "Tally") < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            running.cancel()
            #expect(try await readModels.row("x", of: Tally.self)?.count == 2)
        }
    }

    @Test func theRuntimesProjectionRunnerWorksOverTheSameStore() async throws {
        try await TestDatabase.withStore { store in
            try await store.append([counted("a"), counted("b"), counted("a")], to: "T", expectedVersion: .any)
            let readModels = PostgresReadModelStore(client: store.client, schema: store.schema)
            let runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: readModels, projections: [Tally.self])
            #expect(try await runner.catchUp() == 3)
            #expect(try await readModels.row("a", of: Tally.self)?.count == 2)
            #expect(try await readModels.checkpoint(for: "Tally") == 3)
        }
    }

    @Test func aRowThatDoesNotDecodeIsAnErrorNamingIt() async throws {
        try await TestDatabase.withStore { store in
            let readModels = PostgresReadModelStore(client: store.client, schema: store.schema)
            try await store.client.query("""
                INSERT INTO \(unescaped: store.schema.name).read_models (projection, key, row) VALUES ('Tally', '"bad"', '{"count":"many"}')
                """)
            let error = await #expect(throws: PostgresStoreError.self) { try await readModels.row("bad", of: Tally.self) }
            #expect(error?.code == .corruptRow)
            #expect(error?.message.contains("Tally") == true && error?.message.contains("\"bad\"") == true)
        }
    }
}

@Suite struct SnapshotTests {
    @Test func theNewestSnapshotWins() async throws {
        try await TestDatabase.withStore { store in
            let snapshots = PostgresSnapshotStore(client: store.client, schema: store.schema)
            func snapshot(_ version: Int64) -> Snapshot {
                Snapshot(streamID: "Order-1", version: version, stateFingerprint: "S{v}", state: Data("{\"v\":\(version)}".utf8), takenAt: Date(millisecondsSince1970: 1_800_000_000_000 + version))
            }
            #expect(try await snapshots.latest(for: "Order-1") == nil)
            try await snapshots.save(snapshot(5))
            try await snapshots.save(snapshot(3))
            #expect(try await snapshots.latest(for: "Order-1") == snapshot(5))
            try await snapshots.save(snapshot(7))
            #expect(try await snapshots.latest(for: "Order-1") == snapshot(7))
        }
    }
}
