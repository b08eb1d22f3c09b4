import EVDLRuntime
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Crash tests with real processes: this test binary runs itself as a child (`CrashChild`, selected by the
// environment) that places orders on a `FileEventStore` and runs the generated checkout saga, the policies with the
// deadline scheduler, the projections and the outbox relay, all at once, until the test kills it with SIGKILL at a
// random moment. After each kill the test opens what the child left, as the next process would, and checks every
// promise (`CrashCheck`); after the last, it runs everything left unfinished to its end and checks the outcome.
//
// `swift test` kills 6 children (a few seconds). More: `EVDL_CRASH_KILLS=200 swift test --filter ProcessCrashTests`
// (or `.ci/crash-soak`); `EVDL_CRASH_SEED=<n>` repeats a run's kill times.

#if os(Linux)
@Suite struct ProcessCrashTests {
    @Test func killedAtRandomMomentsLosesNothingAndAppliesEverythingOnce() async throws {
        let environment = ProcessInfo.processInfo.environment
        let kills = Int(environment["EVDL_CRASH_KILLS"] ?? "") ?? 6
        let seed = UInt64(environment["EVDL_CRASH_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix64(seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var checks: [CrashCheck] = []
        var failed = false
        for kill in 0..<kills where !failed {
            let output = directory.appendingPathComponent("child-\(kill).log")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: binary)
            child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashChildEntry"]
            child.environment = environment.merging(["EVDL_CRASH_CHILD_DIR": directory.path]) { $1 }
            let handle = try FileHandle(forWritingTo: output)
            child.standardOutput = handle
            child.standardError = handle
            let acknowledged = DurableLines.read(CrashWorld.path(directory, "acks.log")).count
            try child.run()
            // The first kill, and every other one (at random), waits until the child has acknowledged a new order, so
            // that most land while it is busy however slow the machine; the others may land while it starts and
            // recovers.
            if kill == 0 || random.next() % 2 == 0 {
                let started = Date()
                while DurableLines.read(CrashWorld.path(directory, "acks.log")).count == acknowledged && child.isRunning && Date().timeIntervalSince(started) < 60 {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            try await Task.sleep(for: .milliseconds(Int(random.next() % 1000)))
            let alive = child.isRunning
            Glibc.kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            try handle.close()
            let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            #expect(alive && child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL,
                    "child \(kill) (seed \(seed)) ended on its own: \(log.suffix(2000))")
            let check = try await CrashCheck.run(directory, drain: false)
            #expect(check.violations.isEmpty, "after kill \(kill) (seed \(seed)): \(check.violations.prefix(10))")
            failed = !check.violations.isEmpty || !alive
            checks.append(check)
        }
        let final = try await CrashCheck.run(directory, drain: true)
        #expect(final.violations.isEmpty, "after draining (seed \(seed)): \(final.violations.prefix(10))")
        // The children did the work the checks are about.
        #expect(final.acknowledged > 0 && final.sagasCompleted > 0 && final.deadlinesFired > 0 && final.auditsApplied > 0 && final.published > 0)
        #expect(final.sagasCompensated > 0 || final.orders < 4)
        print("""
            process crash test (seed \(seed)): \(checks.count) SIGKILLs, \(final.orders) orders (\(final.acknowledged) acknowledged), \
            \(final.events) events, \(checks.map(\.tornTails).reduce(0, +)) torn tails set aside; sagas \(final.sagasCompleted) completed, \
            \(final.sagasCompensated) compensated, \(final.sagasExpired) expired first; \(final.deadlinesFired) deadlines fired once; \(final.auditsApplied) policy commands applied once; \
            \(final.published) messages published (\(final.republished) again after a crash)
            """)
        if final.violations.isEmpty && !failed {
            try? FileManager.default.removeItem(at: directory)
        } else {
            print("process crash test: files kept in \(directory.path)")
        }
    }

    /// Without a `log` closure, what opening a store discards is written to standard error (seen from outside: a
    /// child process opens a log whose last record is cut short).
    @Test func recoveryIsLoggedOnStandardErrorByDefault() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("events.log").path
        let store = try FileEventStore(path: path, durability: .noSync, log: nil)
        try await store.append([NewEvent(typeName: "T.A", payload: Data("{\"n\":1}".utf8))], to: "S", expectedVersion: .noStream)
        let end = Int(await store.logSize)
        try await store.append([NewEvent(typeName: "T.B", payload: Data("{\"n\":2}".utf8))], to: "S", expectedVersion: .exact(1))
        let cut = Int(await store.logSize) - 1  // the last record without its last byte (`}`, not a zero)
        await store.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(cut).write(to: URL(fileURLWithPath: path))

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "OpenStoreEntry"]
        child.environment = ProcessInfo.processInfo.environment.merging(["EVDL_OPEN_STORE": path]) { $1 }
        let errors = Pipe()
        child.standardError = errors
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(child.terminationStatus == 0)
        #expect(text.contains("evdl: FileEventStore `\(path)`: set aside a torn tail at byte \(end), \(cut - end) bytes"), "standard error: \(text)")
        #expect(text.contains("kept in `\(path).discarded-\(end)`"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(path).discarded-\(end)")) == whole[end..<cut])
    }
}
#endif

/// Opens the store at `EVDL_OPEN_STORE` with the defaults: runs only in the child of
/// `recoveryIsLoggedOnStandardErrorByDefault`.
@Suite struct OpenStoreEntry {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["EVDL_OPEN_STORE"] != nil))
    func open() async throws {
        let store = try FileEventStore(path: try #require(ProcessInfo.processInfo.environment["EVDL_OPEN_STORE"]))
        await store.close()
    }
}

/// The child's entry: runs only in a child process started by `ProcessCrashTests` (which sets
/// `EVDL_CRASH_CHILD_DIR`), and works there until it is killed.
@Suite struct CrashChildEntry {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["EVDL_CRASH_CHILD_DIR"] != nil))
    func run() async throws {
        let directory = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["EVDL_CRASH_CHILD_DIR"]))
        try await CrashChild.run(directory: directory)
    }
}

/// The work of a child process: places orders (acknowledging each in `acks.log`, fsynced, once the store has
/// made it durable) while the saga orchestrator, the policy runner and deadline scheduler, the projection runner
/// and the outbox relay run on the same store. Returns only by throwing.
enum CrashChild {
    static func run(directory: URL) async throws {
        let world = try CrashWorld(directory: directory)
        let acksPath = CrashWorld.path(directory, "acks.log")
        let first = (DurableLines.read(acksPath).compactMap { Int($0.prefix { $0 != " " }) }.max() ?? 0) + 1
        let acks = try DurableLines(path: acksPath)
        let orchestrator = world.orchestrator()
        let sagaCheckpoints = try FileCheckpointStore(url: directory.appendingPathComponent("saga-checkpoints.json"))
        let readModels = try DurableReadModels(url: directory.appendingPathComponent("read-models.json"))
        let scheduler = world.scheduler()
        let policies = try world.policyRunner(scheduler, batchSize: 5)
        let relay = try world.relay(batchSize: 10)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await orchestrator.resumeUnfinished()
                while true {
                    try await orchestrator.catchUpStarts(checkpoints: sagaCheckpoints, batchSize: 20)
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            group.addTask { try await world.projectionRunner(readModels, batchSize: 7).run() }
            group.addTask { try await policies.run() }
            group.addTask { try await scheduler.run(pollInterval: .milliseconds(50)) }
            group.addTask { try await relay.run() }
            group.addTask {
                var n = first
                while true {
                    let recorded: RecordedEvent
                    do {
                        recorded = try await world.orders.execute(CrashWorld.place(n), context: CommandContext(now: Date())).recorded[0]
                    } catch let rejection as CommandRejection {
                        // Placed by the killed child after its last acknowledgement: acknowledge it now.
                        guard let existing = try await world.store.readStream(Order.streamID(for: Fixture.id(n))).first else { throw rejection }
                        recorded = existing
                    }
                    try acks.append("\(n) \(recorded.eventID.uuidString) \(recorded.globalPosition)")
                    n += 1
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
            try await group.next()
            throw CrashWorldError("a worker of the crash child stopped")
        }
    }
}

/// A small seeded generator, so that a run's kill times can be repeated (`EVDL_CRASH_SEED`).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
