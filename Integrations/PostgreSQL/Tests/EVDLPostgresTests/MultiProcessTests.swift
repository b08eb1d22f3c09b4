import EVDLPostgres
import EVDLRuntime
import Foundation
import Synchronization
import Testing


/// A child process running `evdl-pg-worker`, its standard output collected as it comes.
final class Worker: Sendable {
    final class Output: Sendable {
        let text = Mutex("")
    }

    let process: Process
    private let output = Output()

    /// The worker executable, built with the tests next to the test bundle.
    static var executable: URL {
        get throws {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                Bundle.main.bundleURL.deletingLastPathComponent(),
                Bundle.main.bundleURL,
            ]
            for directory in candidates {
                let url = directory.appendingPathComponent("evdl-pg-worker")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            throw PostgresStoreError(code: .invalidConfiguration, message: "evdl-pg-worker not found next to the tests (looked in \(candidates.map(\.path)))")
        }
    }

    init(_ arguments: String...) throws {
        process = Process()
        process.executableURL = try Worker.executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try process.run()
    }

    var lines: [String] { output.text.withLock { $0 }.split(separator: "\n").map(String.init) }

    /// Waits until `condition` holds for the lines printed so far.
    func wait(timeout: Duration = .seconds(60), until condition: ([String]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(lines) {
            guard ContinuousClock.now < deadline else {
                throw PostgresStoreError(code: .databaseFailure, message: "worker \(process.arguments ?? []) printed \(lines.suffix(3)) and not what was awaited within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the process to exit; returns its status.
    func exit(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw PostgresStoreError(code: .databaseFailure, message: "worker \(process.arguments ?? []) did not exit within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(100))  // let the last output arrive
        return process.terminationStatus
    }

    /// Kills the process at once (SIGKILL: no cleanup, its connections simply drop).
    func killNow() {
        kill(process.processIdentifier, SIGKILL)
    }
}

@Suite struct MultiProcessTests {
    @Test func writersAndFollowersInSeveralProcessesWithOneKilledMidTransaction() async throws {
        let (client, schema) = try await TestDatabase.freshSchema()
        let store = PostgresEventStore(client: client, schema: schema)
        let perWriter = 150
        let followers = try (0..<3).map { _ in try Worker("follow", schema.name) }
        // A process opens a transaction that has taken a position, and is killed before it commits.
        let holder = try Worker("hold", schema.name)
        try await holder.wait { $0.contains("holding") }
        let writers = try (0..<4).map { try Worker("write", schema.name, "\($0)", "\(perWriter)") }
        // A writer that is killed while it writes (its appends in flight when it dies are rolled back).
        let doomed = try Worker("write", schema.name, "9", "1000000")
        try await Task.sleep(for: .milliseconds(300))
        holder.killNow()
        try await doomed.wait { $0.count >= 30 }
        doomed.killNow()
        let reportedByDoomed = doomed.lines.compactMap { $0.hasPrefix("committed ") ? Int($0.dropFirst(10)) : nil }.max() ?? -1
        for writer in writers {
            #expect(try await writer.exit() == 0)
        }
        _ = try await holder.exit()
        _ = try await doomed.exit()
        try await store.append([NewEvent(typeName: "Test.End", payload: Data("{}".utf8))], to: "End", expectedVersion: .noStream)

        let stored = try await store.readAll(fromPosition: 1, limit: 1_000_000)
        #expect(stored.count >= 4 * perWriter + 30 + 1)
        #expect(stored.map(\.globalPosition) == (1...Int64(stored.count)).map { $0 }, "positions are dense")
        #expect(!stored.contains { $0.typeName == "Test.Held" }, "the killed transaction left nothing")
        let byWriter = Dictionary(grouping: stored.filter { $0.typeName == "Test.Written" }, by: { $0.metadata["writer"] ?? "?" })
        for writer in 0..<4 {
            let seqs = byWriter["\(writer)"]?.compactMap { $0.metadata["seq"].flatMap(Int.init) } ?? []
            #expect(seqs == Array(0..<perWriter), "writer \(writer): every event once, in its order")
        }
        let doomedSeqs = byWriter["9"]?.compactMap { $0.metadata["seq"].flatMap(Int.init) } ?? []
        #expect(doomedSeqs == Array(0..<doomedSeqs.count), "the killed writer's events are a prefix, once each")
        #expect(doomedSeqs.count - 1 >= reportedByDoomed, "everything the killed writer saw committed is stored")
        let expected = stored.map { "\($0.globalPosition) \($0.eventID.uuidString)" }
        for (index, follower) in followers.enumerated() {
            #expect(try await follower.exit() == 0)
            #expect(follower.lines == expected, "follower \(index) saw every event once, in position order")
        }
        store.close()
        try await schema.drop(client)
    }
}
