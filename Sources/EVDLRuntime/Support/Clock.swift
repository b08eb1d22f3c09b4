import Foundation

/// The time source of everything in the runtime that waits: saga retries and step timeouts, deadlines, relay
/// backoff. Production code uses `SystemClock`; tests use `ManualClock` and move time without sleeping.
///
/// (Not named `Clock`, so that it never clashes with the standard library's `Clock` protocol in user code.)
public protocol RuntimeClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Returns once `now() >= deadline` (at once when it already is); throws `CancellationError` when the task is
    /// cancelled first.
    func sleep(until deadline: Date) async throws
}

extension RuntimeClock {
    /// Sleeps for `duration` of this clock's time (returns at once for zero or negative durations).
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else {
            try Task.checkCancellation()
            return
        }
        try await sleep(until: now().adding(duration))
    }
}

/// The wall clock: `Date()` and `Task.sleep`.
public struct SystemClock: RuntimeClock {
    /// Creates the system clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// Sleeps with `Task.sleep` until `deadline`.
    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        guard interval > 0 else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
    }
}

/// A clock that only moves when told to (`advance(by:)`, `set(to:)`): sleepers wake when the time they wait for
/// is reached. For tests of timeouts, backoff and deadlines that must not sleep.
public final class ManualClock: RuntimeClock, @unchecked Sendable {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current: Date
    private var sleepers: [UUID: Sleeper] = [:]

    /// Creates a clock showing `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    /// The time the clock shows.
    public func now() -> Date {
        lock.withLock { current }
    }

    /// How many tasks are sleeping on this clock (lets a test wait until a retry or timeout is pending).
    public var sleeperCount: Int {
        lock.withLock { sleepers.count }
    }

    /// Moves the clock forward by `duration` and wakes every sleeper whose deadline is reached.
    public func advance(by duration: Duration) {
        set(to: now().adding(duration))
    }

    /// Sets the clock to `date` (never backwards) and wakes every sleeper whose deadline is reached.
    public func set(to date: Date) {
        let woken: [Sleeper] = lock.withLock {
            if date > current { current = date }
            let due = sleepers.filter { $0.value.deadline <= current }
            for id in due.keys { sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Suspends until the clock reaches `deadline` or the task is cancelled.
    public func sleep(until deadline: Date) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = lock.withLock {
                    if Task.isCancelled { return .some(CancellationError()) }
                    if deadline <= current { return .some(nil) }
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return .none
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}

extension Date {
    /// The date `duration` later.
    public func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval` (within ±(2⁶³ − 1) seconds: `components` would trap on a
    /// longer one, which only a decoded duration can be).
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = SpecMath.clamped(self).components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// The duration of `interval` seconds.
    public static func interval(_ interval: TimeInterval) -> Duration {
        .nanoseconds(Int64((interval * 1e9).rounded()))
    }
}
