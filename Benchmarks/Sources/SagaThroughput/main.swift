import EVDLRuntime
import Foundation

// saga-bench: how many 3-step sagas per second the orchestrator runs in memory, and its overhead per step.
// Steps go to in-memory services that do no work, so the figures are the runtime's own cost: building commands,
// idempotency keys, routing, the state machine, encoding input and results, and the history appends.

struct Reserve: RoutedCommand { static let typeName = "Bench.Reserve"; var orderId: UUID; var quantity: Int }
struct Release: RoutedCommand { static let typeName = "Bench.Release"; var orderId: UUID }
struct Charge: RoutedCommand {
    typealias Result = ChargeResult
    static let typeName = "Bench.Charge"
    var orderId: UUID; var amount: Decimal
}
struct ChargeResult: Sendable, Codable, Equatable { var transactionId: String }
struct Refund: RoutedCommand { static let typeName = "Bench.Refund"; var orderId: UUID; var transactionId: String }
struct Ship: RoutedCommand { static let typeName = "Bench.Ship"; var orderId: UUID }

struct BenchInput: Sendable, Codable, Equatable { var orderId: UUID; var amount: Decimal; var quantity: Int }
struct BenchResults: SagaResults { var charge: ChargeResult?; init() {} }

enum ThreeSteps: SagaDefinition {
    typealias Input = BenchInput
    typealias Results = BenchResults
    static let name = "ThreeSteps"
    static let steps: [SagaStep<ThreeSteps>] = [
        SagaStep("reserve", invoke: { input, _ in Reserve(orderId: input.orderId, quantity: input.quantity) },
                 compensate: .command { input, _ in Release(orderId: input.orderId) }),
        SagaStep("charge", invoke: { input, _ in Charge(orderId: input.orderId, amount: input.amount) },
                 as: { results, result in results.charge = result },
                 compensate: .command { input, results in Refund(orderId: input.orderId, transactionId: try bound(results.charge, "charge").transactionId) },
                 retry: .times(3)),
        SagaStep("ship", invoke: { input, _ in Ship(orderId: input.orderId) }),
    ]
}

enum OneStep: SagaDefinition {
    typealias Input = BenchInput
    typealias Results = BenchResults
    static let name = "OneStep"
    static let steps: [SagaStep<OneStep>] = [
        SagaStep("reserve", invoke: { input, _ in Reserve(orderId: input.orderId, quantity: input.quantity) },
                 compensate: .command { input, _ in Release(orderId: input.orderId) }),
    ]
}

let router = try CommandRouter([
    .service(Reserve.self, service: "Bench") { _, _ in NoResult() },
    .service(Release.self, service: "Bench") { _, _ in NoResult() },
    .service(Charge.self, service: "Bench") { _, _ in ChargeResult(transactionId: "tx-1") },
    .service(Refund.self, service: "Bench") { _, _ in NoResult() },
    .service(Ship.self, service: "Bench") { _, _ in NoResult() },
])

func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Runs `count` sagas of `S` with `workers` concurrent callers; returns (wall seconds, cpu seconds).
func measure<S: SagaDefinition>(_ saga: S.Type, count: Int, workers: Int, journal: SagaOptions.Journal) async throws -> (Double, Double) where S.Input == BenchInput {
    let store = InMemoryEventStore()
    let orchestrator = SagaOrchestrator<S>(store: store, router: router, options: SagaOptions(journal: journal, backoff: .immediate))
    let perWorker = count / workers
    let cpu = cpuSeconds()
    let start = Date()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<workers {
            let worker = UInt64(group.isEmpty ? 0 : 1) &+ UInt64.random(in: 0..<UInt64.max)
            group.addTask {
                for index in 0..<perWorker {
                    // Ids from a counter: `UUID()` reads the kernel's random source on Linux and would dominate.
                    let id = withUnsafeBytes(of: (worker, UInt64(index))) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
                    let outcome = try await orchestrator.run(BenchInput(orderId: id, amount: 25, quantity: 2), sagaID: id)
                    precondition(outcome == .completed)
                }
            }
        }
        try await group.waitForAll()
    }
    return (Date().timeIntervalSince(start), cpuSeconds() - cpu)
}

let quick = CommandLine.arguments.contains("--quick")
let jsonOnly = CommandLine.arguments.contains("--json")
let count = quick ? 20_000 : 200_000
let workers = Int(ProcessInfo.processInfo.environment["SAGA_BENCH_WORKERS"] ?? "") ?? 16

// `--profile`: only 3-step sagas with the batched journal (`--profile-every`: every transition), for `perf record`.
if CommandLine.arguments.contains("--profile") || CommandLine.arguments.contains("--profile-every") {
    let journal: SagaOptions.Journal = CommandLine.arguments.contains("--profile-every") ? .everyTransition : .batched
    let (wall, cpu) = try await measure(ThreeSteps.self, count: count, workers: workers, journal: journal)
    print("profile: \(count) 3-step sagas, \(String(format: "%.2f", cpu / Double(count) * 1e6)) µs CPU, \(String(format: "%.2f", wall / Double(count) * 1e6)) µs wall per saga")
    exit(0)
}
print("saga-bench: \(count) sagas per run, \(workers) concurrent callers, in-memory store, \(ProcessInfo.processInfo.activeProcessorCount) cores")
for journal in jsonOnly ? [] : [SagaOptions.Journal.batched, .everyTransition] {
    _ = try await measure(ThreeSteps.self, count: count / 10, workers: workers, journal: journal)  // warm-up
    var best3 = (Double.infinity, Double.infinity), best1 = (Double.infinity, Double.infinity)
    for _ in 0..<3 {
        let three = try await measure(ThreeSteps.self, count: count, workers: workers, journal: journal)
        if three.0 < best3.0 { best3 = three }
        let one = try await measure(OneStep.self, count: count, workers: workers, journal: journal)
        if one.0 < best1.0 { best1 = one }
    }
    let perSaga3 = best3.0 / Double(count) * 1e6, perSaga1 = best1.0 / Double(count) * 1e6
    let cpu3 = best3.1 / Double(count) * 1e6, cpu1 = best1.1 / Double(count) * 1e6
    print("""
    journal \(journal):
      3-step saga: \(Int(Double(count) / best3.0)) sagas/s (\(String(format: "%.2f", perSaga3)) µs wall, \(String(format: "%.2f", cpu3)) µs CPU per saga)
      1-step saga: \(Int(Double(count) / best1.0)) sagas/s (\(String(format: "%.2f", perSaga1)) µs wall, \(String(format: "%.2f", cpu1)) µs CPU per saga)
      overhead per step: \(String(format: "%.2f", (perSaga3 - perSaga1) / 2)) µs wall, \(String(format: "%.2f", (cpu3 - cpu1) / 2)) µs CPU
    """)
}

// The share of JSON in the figures above: encoding one input and one result, as every saga does once.
// (`--json`: only this, ten times as long, for `perf record`.)
do {
    let input = BenchInput(orderId: UUID(), amount: 25, quantity: 2)
    let result = ChargeResult(transactionId: "tx-1")
    let rounds = CommandLine.arguments.contains("--json") ? 1_000_000 : 100_000
    let cpu = cpuSeconds()
    var bytes = 0
    for _ in 0..<rounds {
        bytes &+= try PayloadCodec.standard.encode(input).count
        bytes &+= try PayloadCodec.standard.encode(result).count
    }
    print("JSON: input + result encoded in \(String(format: "%.2f", (cpuSeconds() - cpu) / Double(rounds) * 1e6)) µs CPU per saga (\(bytes / rounds) bytes)")
}
