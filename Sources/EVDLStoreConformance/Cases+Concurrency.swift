import EVDLRuntime
import Foundation

extension EventStoreConformance {
    static let concurrencyCases: [ConformanceCase] = [
        ConformanceCase(name: "of concurrent appends at the same version exactly one wins") { store, check in
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        do {
                            try await store.append([event(metadata: ["writer": "\(writer)"])], to: "Contended", expectedVersion: .exact(0))
                            return true
                        } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            try check.equal(outcomes.filter { $0 }.count, 1, "appends that won")
            try check.equal(try await store.streamVersion("Contended"), 1, "stream version")
            try check.equal(try await store.headPosition(), 1, "head position")
        },

        ConformanceCase(name: "of concurrent appends with the same command id exactly one commits") { store, check in
            let command = uuid(42)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        do {
                            try await store.append([event(command: command)], to: StreamID("W-\(writer)"), expectedVersion: .any)
                            return true
                        } catch let error as EventStoreError where error.code == .duplicateCommand {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            try check.equal(outcomes.filter { $0 }.count, 1, "appends that committed the command")
            try check.equal(try await store.headPosition(), 1, "head position")
            try check.equal(try await store.events(forCommand: command)?.count, 1, "events of the command")
        },

        // The subscriber guarantee: whatever the interleaving of writers, every follower sees every committed event
        // exactly once, in position order, with no gap — also followers that start while writers are running.
        ConformanceCase(name: "followers see concurrent writers' events once, in order, without gaps") { store, check in
            let writers = 8, appendsPerWriter = 25
            func follower(from position: Int64, until count: Int) -> Task<[RecordedEvent], any Error> {
                Task { try await check.follow(store, from: position, count: count) }
            }
            // Each writer appends 1 to 3 events per append, to its own stream and to a shared one.
            let sizes = (0..<writers).map { writer in (0..<appendsPerWriter).map { 1 + ($0 + writer) % 3 } }
            let total = sizes.joined().reduce(0, +)
            let early = follower(from: 1, until: total)
            let writing = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<writers {
                        group.addTask {
                            for (index, size) in sizes[writer].enumerated() {
                                let stream = StreamID(index % 2 == 0 ? "Shared" : "Writer-\(writer)")
                                try await store.append((0..<size).map { _ in event(metadata: ["writer": "\(writer)"]) }, to: stream, expectedVersion: .any)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await Task.sleep(for: .milliseconds(20))
            let late = follower(from: 1, until: total)
            try await writing.value
            let stored = try await store.readAll(fromPosition: 1, limit: total + 1)
            try check.equal(stored.map(\.globalPosition), (1...Int64(total)).map { $0 }, "stored positions")
            let shared = try await store.readStream("Shared", fromVersion: 1)
            try check.equal(shared.map(\.streamVersion), (1...Int64(shared.count)).map { $0 }, "versions of the shared stream")
            for (name, task) in [("the follower started first", early), ("the follower started while writing", late)] {
                let seen = try await task.value
                try check.equal(seen.map(\.globalPosition), stored.map(\.globalPosition), "positions seen by \(name)")
                try check.expect(seen == stored, "\(name) saw events that differ from the stored ones")
            }
        },
    ]
}
