import Foundation

/// How long to wait before the next attempt after a failure: exponential, capped, deterministic (no jitter, so
/// tests and replays see the same delays).
public struct Backoff: Sendable, Equatable {
    /// The delay after the first failure.
    public var initial: Duration
    /// The factor each further failure multiplies the delay by.
    public var multiplier: Double
    /// The largest delay.
    public var maximum: Duration

    /// Creates a backoff.
    public init(initial: Duration, multiplier: Double = 2, maximum: Duration) {
        self.initial = initial
        self.multiplier = multiplier
        self.maximum = maximum
    }

    /// No waiting between attempts (tests, in-memory benchmarks).
    public static let immediate = Backoff(initial: .zero, multiplier: 1, maximum: .zero)

    /// 100 ms, doubling, at most 30 s.
    public static let standard = Backoff(initial: .milliseconds(100), multiplier: 2, maximum: .seconds(30))

    /// The delay before the next attempt after `failures` consecutive failures (`.zero` for 0 failures).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0, initial > .zero else { return .zero }
        let seconds = initial.timeInterval * pow(multiplier, Double(failures - 1))
        return seconds >= maximum.timeInterval ? maximum : .interval(seconds)
    }
}

/// How often a failing command is tried again (`retry 3`, `retry forever`, or nothing).
public enum RetryPolicy: Sendable, Equatable, Hashable {
    /// One attempt only (no `retry` clause).
    case none
    /// Up to this many retries after the first attempt (`retry 3`: at most 4 attempts).
    case times(Int)
    /// Retry until it succeeds (`retry forever`); only a permanent failure (`PermanentError`) stops it.
    case forever

    /// Whether another attempt may follow `failures` failed attempts.
    public func allowsAttempt(afterFailures failures: Int) -> Bool {
        switch self {
        case .none: failures == 0
        case .times(let retries): failures <= retries
        case .forever: true
        }
    }
}

/// An error that retrying cannot fix (a rejected command, a missing route): sagas, policies and relays stop
/// retrying at once when they meet one. `CommandRejection` is one.
public protocol PermanentError: Error {}

extension CommandRejection: PermanentError {}

/// A short human-readable reason for `error`, as recorded in saga histories and failure reports.
func failureReason(_ error: any Error) -> String {
    String(describing: error)
}
