import EVDLRuntime
import Foundation

// EVDLRuntime benchmarks. `swift run -c release evdl-bench [--quick] [--appends | --load | --micro]`; figures and how to read them: README.md.

let quick = CommandLine.arguments.contains("--quick")
let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["EVDL_BENCH_DIR"] ?? NSTemporaryDirectory())
    .appendingPathComponent("evdl-bench")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
print("EVDLRuntime benchmarks (release build), files in \(directory.path)")
if CommandLine.arguments.contains("--micro") {
    for line in try microBenchmarks() { print(line) }
    exit(0)
}

if CommandLine.arguments.contains("--load-profile") {
    // Only `Repository.load`, sequential decoding, 5 times: a steady target for `perf record`.
    let runs = Int(ProcessInfo.processInfo.environment["EVDL_PROFILE_RUNS"] ?? "") ?? 5
    for _ in 0..<runs { print(try await profileRepositoryLoad(directory: directory, count: quick ? 100_000 : 1_000_000)) }
    exit(0)
}
if CommandLine.arguments.contains("--appends") {
    // Only (b), the append rates (with and without the commit mark) against SQLite; EVDL_BENCH_ROUNDS rounds (3).
    let rounds = Int(ProcessInfo.processInfo.environment["EVDL_BENCH_ROUNDS"] ?? "") ?? 3
    for line in try await benchmarkAppends(directory: directory, perAppendCount: quick ? 100 : 300, batchedCount: quick ? 5_000 : 20_000, batchSize: 100, rounds: rounds) {
        print(line)
    }
    for line in try await benchmarkCommitMark(directory: directory, singles: quick ? 200 : 1000, batches: quick ? 50 : 200, batchSize: 100, waves: quick ? 20 : 100, writers: 100) {
        print(line)
    }
    exit(0)
}
if CommandLine.arguments.contains("--load") {
    for line in try await benchmarkFileReplay(directory: directory, count: quick ? 100_000 : 1_000_000) { print(line) }
    exit(0)
}

// (c) first: pure CPU, in memory. More generated aggregates: add their workloads here (see ReplayWorkload.swift).
let replayWorkloads: [any ReplayWorkload.Type] = [AccountWorkload.self, OrderWorkload.self]
for workload in replayWorkloads {
    print(benchmarkReplay(workload, count: quick ? 100_000 : 1_000_000))
}

for line in try await benchmarkFileReplay(directory: directory, count: quick ? 100_000 : 1_000_000) {
    print(line)
}

for line in try await benchmarkAppends(directory: directory, perAppendCount: quick ? 100 : 300, batchedCount: quick ? 5_000 : 20_000, batchSize: 100) {
    print(line)
}
for line in try await benchmarkCommitMark(directory: directory, singles: quick ? 200 : 1000, batches: quick ? 50 : 200, batchSize: 100, waves: quick ? 20 : 100, writers: 100) {
    print(line)
}
