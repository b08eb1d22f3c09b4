import EVDLRuntime
import Foundation

/// (a) Load and replay a 1M-event stream from a `FileEventStore`: open (index rebuild with every checksum
/// verified), read the stream, decode every payload and `evolve`.
func benchmarkFileReplay(directory: URL, count: Int) async throws -> [String] {
    let path = directory.appendingPathComponent("replay-\(count).log").path
    let account = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!
    if !FileManager.default.fileExists(atPath: path) {
        let store = try FileEventStore(path: path, durability: .noSync)
        let events = accountEvents(count: count, account: account)
        let context = CommandContext(now: Date(timeIntervalSince1970: 1_800_000_000), commandID: UUID())
        var version: Int64 = 0
        for start in stride(from: 0, to: count, by: 1000) {
            let batch = try events[start..<min(count, start + 1000)].map { event in
                var new = try NewEvent(event, context: context)
                new.commandID = nil
                return new
            }
            version = try await store.append(batch, to: Account.streamID(for: account), expectedVersion: .exact(version)).streamVersion
        }
        await store.close()
    }
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0

    var lines: [String] = []
    var best = (open: Timing.infinite, read: Timing.infinite, replay: Timing.infinite, total: Timing.infinite)
    for _ in 0..<3 {
        var store: FileEventStore!
        let open = try timed { store = try FileEventStore(path: path) }
        var recorded: [RecordedEvent] = []
        let read = try await timedAsync { recorded = try await store.readStream(Account.streamID(for: account)) }
        precondition(recorded.count == count)
        var state = Account.State()
        let codec = PayloadCodec.standard
        let replay = try timed {
            state = try Account.replay(recorded: recorded, from: Account.State(), codec: codec)
        }
        precondition(state.transactions == count / 8 * 6)
        await store.close()
        best = (best.open.best(open), best.read.best(read), best.replay.best(replay), best.total.best(open + read + replay))
    }
    lines.append(String(format: "(a) load + replay %d events (%.0f MB log) from FileEventStore, best of 3: total %@", count, Double(size) / 1e6, best.total.text))
    lines.append("    = open (index rebuild, every checksum verified) \(best.open.text) + read stream \(best.read.text) + decode JSON & evolve \(best.replay.text)")

    // The same through the Repository, as an application would (open + load), with and without parallel decoding.
    var sequentialBest = Timing.infinite
    var parallelBest = Timing.infinite
    for _ in 0..<3 {
        for parallel in [false, true] {
            let timing = try await timedAsync {
                let store = try FileEventStore(path: path, parallelReplay: parallel)
                let loaded = try await Repository(aggregate: Account(), store: store).load(account)
                precondition(loaded.version == Int64(count))
                await store.close()
            }
            if parallel { parallelBest = parallelBest.best(timing) } else { sequentialBest = sequentialBest.best(timing) }
        }
    }
    lines.append("    via Repository.load (open + streaming replay straight from the log's chunks): \(sequentialBest.text); with parallel decoding: \(parallelBest.text)")
    return lines
}

/// One `Repository.load` of the benchmark stream, with sequential decoding unless `EVDL_PROFILE_PARALLEL=1` (the log
/// must exist: run `--load` first).
func profileRepositoryLoad(directory: URL, count: Int) async throws -> String {
    let path = directory.appendingPathComponent("replay-\(count).log").path
    let account = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!
    var opened = Timing.infinite
    let timing = try await timedAsync {
        var store: FileEventStore!
        let parallel = ProcessInfo.processInfo.environment["EVDL_PROFILE_PARALLEL"] == "1"
        opened = try timed { store = try FileEventStore(path: path, parallelReplay: parallel) }
        let loaded = try await Repository(aggregate: Account(), store: store).load(account)
        precondition(loaded.version == Int64(count))
        await store.close()
    }
    return "Repository.load: \(timing.text) (open \(opened.text))"
}
