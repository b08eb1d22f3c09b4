import Foundation

/// The arithmetic generated code calls where Swift's operators would trap on the data they meet: a spec's `Int` and
/// `Duration` arithmetic never stops the process (a trap in `evolve` would make an aggregate unloadable for good, one
/// in a projection handler would stop its runner at that event on every restart).
///
/// Rules (also in `Grammar/Reference.md`; `evdlc test` follows them too):
/// - `Int` `+ - *`, unary `-` and `abs` saturate at `Int.min` / `Int.max`.
/// - `Int` `/` and `%` by zero give 0; `Int.min / -1` gives `Int.max`, `Int.min % -1` gives 0.
/// - `Duration` `+ -`, unary `-`, and `*` by an `Int`, saturate at ±(2⁶³ − 1) seconds (as far as `Date` arithmetic
///   means anything, and where `evdlc test`'s durations end); `/` by the `Int` 0 gives `.zero`. A duration beyond
///   the bounds (only a decoded one can be: `Duration` stores 128 bits) is clamped before it is used.
extension SpecMath {
    /// `a + b`, saturating.
    @inlinable
    public static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// `a - b`, saturating.
    @inlinable
    public static func subtract(_ a: Int, _ b: Int) -> Int {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : difference
    }

    /// `a * b`, saturating.
    @inlinable
    public static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : product
    }

    /// `a / b`, toward zero; 0 when `b` is 0, `Int.max` for `Int.min / -1`.
    @inlinable
    public static func divide(_ a: Int, _ b: Int) -> Int {
        if b == 0 { return 0 }
        if b == -1 { return a == .min ? .max : -a }
        return a / b
    }

    /// `a % b` (the sign of `a`); 0 when `b` is 0 or -1.
    @inlinable
    public static func remainder(_ a: Int, _ b: Int) -> Int {
        b == 0 || b == -1 ? 0 : a % b
    }

    /// `-a`, saturating (`-Int.min` is `Int.max`).
    @inlinable
    public static func negate(_ a: Int) -> Int {
        a == .min ? .max : -a
    }

    /// `abs(a)`, saturating (`abs(Int.min)` is `Int.max`).
    @inlinable
    public static func abs(_ a: Int) -> Int {
        a == .min ? .max : Swift.abs(a)
    }

    /// The largest `Duration` spec arithmetic gives: 2⁶³ − 1 seconds.
    public static let longestDuration = Duration.seconds(Int64.max)

    /// `a + b` of durations, saturating at ±(2⁶³ − 1) seconds.
    public static func add(_ a: Duration, _ b: Duration) -> Duration {
        clamped(clamped(a) + clamped(b))
    }

    /// `a - b` of durations, saturating at ±(2⁶³ − 1) seconds.
    public static func subtract(_ a: Duration, _ b: Duration) -> Duration {
        clamped(clamped(a) - clamped(b))
    }

    /// `-d` (Swift's `Duration` has no prefix `-`), within ±(2⁶³ − 1) seconds.
    public static func negate(_ d: Duration) -> Duration {
        .zero - clamped(d)
    }

    /// `d * n`, saturating at ±(2⁶³ − 1) seconds.
    public static func multiply(_ d: Duration, _ n: Int) -> Duration {
        // `Duration` holds 128 bits of attoseconds (about ±1.7 × 10²⁰ seconds): a Double estimate of the product
        // tells a result past the bounds well before that; below it, Swift's exact product is clamped. A stored
        // duration past the bounds (decoded, never computed) is clamped first, so `components` cannot trap.
        let d = clamped(d)
        let estimate = (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * Double(n)
        if estimate >= 9.3e18 { return longestDuration }
        if estimate <= -9.3e18 { return .zero - longestDuration }
        return clamped(d * n)
    }

    /// `d / n`, toward zero to the attosecond; `.zero` when `n` is 0.
    public static func divide(_ d: Duration, _ n: Int) -> Duration {
        n == 0 ? .zero : clamped(d) / n
    }

    /// `value` within ±(2⁶³ − 1) seconds.
    static func clamped(_ value: Duration) -> Duration {
        if value > longestDuration { return longestDuration }
        if value < .zero - longestDuration { return .zero - longestDuration }
        return value
    }
}
