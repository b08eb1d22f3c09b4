import EVDLPostgres
import EVDLRuntime
import Foundation
import Logging
import PostgresNIO
import Testing

/// What makes "everything after P" safe on PostgreSQL: positions are taken in commit order and never skipped.
@Suite struct CommitOrderTests {
    /// Calls the schema's append function inside an explicit transaction on `connection`, leaving it open.
    static func beginAppend(_ connection: PostgresConnection, schema: PostgresSchema, stream: String) async throws -> Int64 {
        try await connection.query("BEGIN", logger: Logger(label: "test"))
        let rows = try await connection.query("""
            SELECT first_position FROM \(unescaped: schema.name).append(\(stream), -1, ARRAY[\(UUID())]::uuid[], ARRAY['Test.Slow'],
                ARRAY[1], ARRAY[0::bigint], ARRAY[''], ARRAY[''], ARRAY[''], ARRAY['{}'], ARRAY['\\x7b7d'::bytea], ARRAY[]::integer[], ARRAY[]::text[])
            """, logger: Logger(label: "test"))
        return try await rows.decode(Int64.self).first { _ in true } ?? -1
    }

    @Test func aSlowTransactionHoldsLaterAppendsSoNoFollowerSkipsIt() async throws {
        try await TestDatabase.withStore { store in
            try await store.append([NewEvent(typeName: "Test.First", payload: Data("{}".utf8))], to: "A", expectedVersion: .any)
            let database = try TestDatabase.shared.get()
            try await database.client.withConnection { slow in
                // A transaction takes position 2 and stays open.
                #expect(try await Self.beginAppend(slow, schema: store.schema, stream: "Slow") == 2)
                // A later append from another connection waits for it instead of committing position 3 first.
                let later = Task { try await store.append([NewEvent(typeName: "Test.Later", payload: Data("{}".utf8))], to: "B", expectedVersion: .any) }
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await store.headPosition() == 1)
                #expect(try await store.readAll(fromPosition: 2, limit: 10).isEmpty)
                let follower = Task {
                    var seen: [String] = []
                    for try await event in store.follow(fromPosition: 2) {
                        seen.append(event.typeName)
                        if seen.count == 2 { break }
                    }
                    return seen
                }
                try await slow.query("COMMIT", logger: Logger(label: "test"))
                #expect(try await later.value.events.map(\.globalPosition) == [3])
                #expect(try await follower.value == ["Test.Slow", "Test.Later"])
            }
        }
    }

    @Test func aTransactionKilledMidwayLeavesNoTraceAndNoGap() async throws {
        try await TestDatabase.withStore { store in
            let database = try TestDatabase.shared.get()
            try await store.append([NewEvent(typeName: "Test.First", payload: Data("{}".utf8))], to: "A", expectedVersion: .any)
            let pid = try await database.client.withConnection { doomed -> Int32 in
                let pid = try await doomed.query("SELECT pg_backend_pid()", logger: Logger(label: "test")).decode(Int32.self).first { _ in true } ?? 0
                #expect(try await Self.beginAppend(doomed, schema: store.schema, stream: "Doomed") == 2)
                let waiting = Task { try await store.append([NewEvent(typeName: "Test.Survivor", payload: Data("{}".utf8))], to: "B", expectedVersion: .any) }
                try await Task.sleep(for: .milliseconds(200))
                // The server process of the open transaction dies, as when its client is killed mid-transaction.
                try await store.client.query("SELECT pg_terminate_backend(\(pid))")
                #expect(try await waiting.value.events.map(\.globalPosition) == [2])
                return pid
            }
            #expect(pid != 0)
            #expect(try await store.readAll(fromPosition: 1, limit: 10).map(\.typeName) == ["Test.First", "Test.Survivor"])
            #expect(try await store.streamVersion("Doomed") == 0)
        }
    }

    @Test func aFollowerThatFindsAPositionMissingThrowsRatherThanSkipping() async throws {
        try await TestDatabase.withStore { store in
            try await store.append((0..<3).map { _ in NewEvent(typeName: "Test.E", payload: Data("{}".utf8)) }, to: "A", expectedVersion: .noStream)
            try await store.client.query("DELETE FROM \(unescaped: store.schema.name).events WHERE global_position = 2")
            var seen: [Int64] = []
            let error = await #expect(throws: PostgresStoreError.self) {
                for try await event in store.follow(fromPosition: 1) { seen.append(event.globalPosition) }
            }
            #expect(seen == [1])
            #expect(error?.code == .corruptRow)
            #expect(error?.message.contains("no event at global position 2") == true)
        }
    }

    @Test func migrationsAreVersionedAndIdempotent() async throws {
        let (client, schema) = try await TestDatabase.freshSchema()
        #expect(try await schema.appliedVersions(client) == [1, 2, 3, 4])
        #expect(try await schema.migrate(client).isEmpty)
        // Several processes starting at once migrate once.
        let other = try PostgresSchema("t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 { group.addTask { try await other.migrate(client) } }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(applied.sorted() == [1, 2, 3, 4])
        try await client.query("INSERT INTO \(unescaped: schema.name).schema_migrations (version, description) VALUES (99, 'from the future')")
        await #expect(throws: PostgresStoreError.self) { try await schema.migrate(client) }
        try await schema.drop(client)
        try await other.drop(client)
    }
}

@Suite struct ConfigurationTests {
    @Test func urlsParseIntoClientSettings() throws {
        let tcp = try PostgresURL("postgres://ada:s%40cret@127.0.0.1:6543/shop")
        #expect(tcp == (try PostgresURL("postgresql://ada:s%40cret@127.0.0.1:6543/shop")))
        #expect(tcp.user == "ada" && tcp.password == "s@cret" && tcp.host == "127.0.0.1" && tcp.port == 6543 && tcp.database == "shop")
        let socket = try PostgresURL("postgres://ada@/shop?host=/tmp/pg")
        #expect(socket.host == nil && socket.socketDirectory == "/tmp/pg" && socket.port == 5432)
        for bad in ["mysql://a@h/d", "postgres://h/d", "postgres://a@h/", "postgres://a@h/d?sslmode=require"] {
            #expect(throws: PostgresStoreError.self, "\(bad)") { try PostgresURL(bad) }
        }
        #expect(PostgresURL.redacted("postgres://ada:pw@h/d") == "postgres://ada:***@h/d")
    }

    @Test func schemaNamesNeedNoQuoting() throws {
        #expect(try PostgresSchema("evdl_2").name == "evdl_2")
        for bad in ["", "2x", "Evdl", "a-b", "a;drop", String(repeating: "a", count: 64)] {
            #expect(throws: PostgresStoreError.self, "\(bad)") { try PostgresSchema(bad) }
        }
    }
}
