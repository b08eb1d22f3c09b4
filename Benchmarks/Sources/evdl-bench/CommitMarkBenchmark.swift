import EVDLRuntime
import Foundation

/// (b2) What the commit mark costs, measured paired: one store per `CommitMarking` (`.off` is the store before the
/// mark), open side by side, taking turns append by append (the order rotating), so that every configuration meets
/// the same moments of the disk. On a shared disk whose sync time varies tenfold within seconds, runs one after
/// the other compare the disk's moods, not the stores.
func benchmarkCommitMark(directory: URL, singles: Int, batches: Int, batchSize: Int, waves: Int, writers: Int) async throws -> [String] {
    let events = try appendPayloads(count: max(singles, batches * batchSize, waves * writers))
    let markings: [(name: String, marking: FileEventStore.CommitMarking)] = [
        ("no mark (format 1, before)", .off), ("mark with next sync (default)", .withNextSync), ("mark before acknowledging", .beforeAcknowledging),
    ]
    let clock = ContinuousClock()

    func open(_ durability: FileEventStore.Durability, _ name: String) throws -> [FileEventStore] {
        try markings.indices.map { index in
            let path = directory.appendingPathComponent("mark-\(name)-\(index).log").path
            try? FileManager.default.removeItem(atPath: path)
            return try FileEventStore(path: path, durability: durability, commitMarking: markings[index].marking)
        }
    }

    func close(_ stores: [FileEventStore]) async {
        for store in stores {
            await store.close()
            try? FileManager.default.removeItem(atPath: store.path)
        }
    }

    /// Runs `turns` turns; in each, every store runs `body` once (in rotating order); returns seconds per store.
    func paired(_ stores: [FileEventStore], turns: Int, _ body: (FileEventStore, Int) async throws -> Void) async throws -> [Double] {
        var seconds = [Double](repeating: 0, count: stores.count)
        for turn in 0..<turns {
            for offset in stores.indices {
                let index = (turn + offset) % stores.count
                let elapsed = try await clock.measure { try await body(stores[index], turn) }
                seconds[index] += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
        }
        return seconds
    }

    let single = try open(.fsyncPerAppend, "single")
    let singleSeconds = try await paired(single, turns: singles) { store, turn in
        try await store.append([events[turn]], to: "Account-0", expectedVersion: .any)
    }
    await close(single)
    let batched = try open(.fsyncPerAppend, "batch")
    let batchSeconds = try await paired(batched, turns: batches) { store, turn in
        try await store.append(Array(events[turn * batchSize..<(turn + 1) * batchSize]), to: "Account-0", expectedVersion: .any)
    }
    await close(batched)
    let grouped = try open(.groupCommit, "group")
    let groupSeconds = try await paired(grouped, turns: waves) { store, turn in
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask { try await store.append([events[turn * writers + writer]], to: StreamID("Account-\(writer)"), expectedVersion: .any) }
            }
            try await group.waitForAll()
        }
    }
    await close(grouped)

    func line(_ title: String, _ seconds: [Double], events: Int) -> [String] {
        [title] + markings.indices.map { index in
            String(format: "      %@: %.0f events/s (%.2f× no mark)", markings[index].name, Double(events) / seconds[index], seconds[0] / seconds[index])
        }
    }
    return [String(format: "(b2) the commit mark's cost, paired (the three stores take turns, append by append):")]
        + line("    durable per append (fsyncPerAppend), 1 event each, \(singles) appends:", singleSeconds, events: singles)
        + line("    batched (fsyncPerAppend), \(batchSize) events per append, \(batches) appends:", batchSeconds, events: batches * batchSize)
        + line("    group commit, \(writers) concurrent writers of 1 event, \(waves) waves:", groupSeconds, events: waves * writers)
}
