import EVDLRuntime
import Foundation

/// A replay benchmark subject: an aggregate written like generated code, its events, and a hand-written
/// replay of the same events as the baseline.
///
/// HOOK for the real generated code: add the generated Swift (e.g. the checkout example's `Order`) to this
/// target, write an `OrderWorkload: ReplayWorkload` (events of the generated types, and a hand-written
/// `switch` over `Order.Event` that mutates one state in place), and add it to `replayWorkloads` in main.swift.
protocol ReplayWorkload {
    /// The aggregate whose `evolve` is measured.
    associatedtype Aggregate: EventSourcedAggregate
    /// A label for the report.
    static var name: String { get }
    /// `count` events to replay.
    static func events(count: Int) -> [Aggregate.Event]
    /// The baseline: a hand-written loop and switch over the same events.
    static func handWrittenReplay(_ events: [Aggregate.Event]) -> Aggregate.State
}

/// The Account aggregate of this target (see Account.swift).
enum AccountWorkload: ReplayWorkload {
    typealias Aggregate = Account
    static let name = "Account"

    static func events(count: Int) -> [Account.Event] {
        accountEvents(count: count, account: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
    }

    static func handWrittenReplay(_ events: [Account.Event]) -> Account.State {
        var state = Account.State()
        for event in events {
            switch event {
            case .deposited(let event):
                state.balance += event.amount
                state.transactions += 1
                state.lastReference = event.reference
            case .withdrawn(let event):
                state.balance -= event.amount
                state.transactions += 1
                state.lastReference = event.reference
            case .holdPlaced(let event):
                state.held += event.amount
                state.holds[event.holdId] = event.amount
            case .holdReleased(let event):
                state.held -= state.holds[event.holdId] ?? 0
                state.holds[event.holdId] = nil
            }
        }
        return state
    }
}

/// Replays through the runtime (`EventSourcedAggregate.replay`, which calls `evolve`) and through the hand-written
/// loop, alternately, `rounds` times; reports the best time of each and their ratio.
@inline(never)
func benchmarkReplay<W: ReplayWorkload>(_ workload: W.Type, count: Int, rounds: Int = 7) -> String {
    let events = W.events(count: count)
    var generatedBest = Double.infinity
    var handBest = Double.infinity
    var generatedState = W.Aggregate.State()
    var handState = W.Aggregate.State()
    for _ in 0..<rounds {
        generatedBest = min(generatedBest, timed { generatedState = W.Aggregate.replay(events) }.cpu)
        handBest = min(handBest, timed { handState = W.handWrittenReplay(events) }.cpu)
    }
    precondition(generatedState == handState, "the two replays disagree")
    return String(
        format: "(c) replay %d %@ events in memory (cpu, best of 7): generated-shape evolve %.1f ms (%.1f M events/s), hand-written switch %.1f ms; speed ratio %.2f×",
        count, W.name, generatedBest * 1000, Double(count) / generatedBest / 1e6, handBest * 1000, handBest / generatedBest
    )
}

/// How long something took: wall-clock seconds and CPU seconds of this process (all threads). On a machine
/// shared with other work, CPU time is the steadier figure.
struct Timing {
    var wall: Double
    var cpu: Double

    static let infinite = Timing(wall: .infinity, cpu: .infinity)

    /// The faster of two timings, by CPU time.
    func best(_ other: Timing) -> Timing { other.cpu < cpu ? other : self }

    static func + (lhs: Timing, rhs: Timing) -> Timing { Timing(wall: lhs.wall + rhs.wall, cpu: lhs.cpu + rhs.cpu) }

    /// `0.123 s (cpu 0.100 s)`.
    var text: String { String(format: "%.3f s (cpu %.3f s)", wall, cpu) }
}

func processCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// How long `body` takes.
@inline(never)
func timed(_ body: () throws -> Void) rethrows -> Timing {
    let cpu = processCPUSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Timing(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: processCPUSeconds() - cpu)
}

/// How long `body` takes.
func timedAsync(_ body: () async throws -> Void) async rethrows -> Timing {
    let cpu = processCPUSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Timing(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: processCPUSeconds() - cpu)
}

/// Seconds `body` takes (wall clock).
@inline(never)
func measure(_ body: () throws -> Void) rethrows -> Double {
    try timed(body).wall
}

/// Seconds `body` takes (wall clock).
func measureAsync(_ body: () async throws -> Void) async rethrows -> Double {
    try await timedAsync(body).wall
}
