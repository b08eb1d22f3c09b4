import Foundation

/// The functions generated code calls where Swift has no initializer, or one that would trap on stored data (numbers,
/// and dictionary literals whose keys repeat; the arithmetic is in `SpecArithmetic.swift`).
///
/// Rules (also in `Grammar/Reference.md`):
/// - `int(_:)` rounds toward zero and saturates at `Int.min` / `Int.max`; a `Double` that is not a number gives 0.
/// - `decimal(_:)` of a `Double` keeps the double's shortest decimal spelling (`0.1` stays `0.1`); infinities saturate
///   at `Decimal`'s largest magnitude and a value that is not a number gives 0.
/// - `rounded(_:scale:)` rounds half away from zero to `scale` fractional digits (a negative scale rounds to tens,
///   hundreds, …).
public enum SpecMath {
    /// `Int(x)` of a `Decimal`: toward zero, saturating.
    public static func int(_ value: Decimal) -> Int {
        if value.isNaN { return 0 }
        var source = value
        var truncated = Decimal()
        NSDecimalRound(&truncated, &source, 0, value < 0 ? .up : .down)
        if truncated >= Decimal(Int.max) { return Int.max }
        if truncated <= Decimal(Int.min) { return Int.min }
        return NSDecimalNumber(decimal: truncated).intValue
    }

    /// `Int(x)` of a `Double`: toward zero, saturating; not a number gives 0.
    public static func int(_ value: Double) -> Int {
        if value.isNaN { return 0 }
        if value >= 9_223_372_036_854_775_807.0 { return Int.max }
        if value <= -9_223_372_036_854_775_808.0 { return Int.min }
        return Int(value.rounded(.towardZero))
    }

    /// `Decimal(x)` of a `Double`: its shortest decimal spelling.
    public static func decimal(_ value: Double) -> Decimal {
        if value.isNaN { return 0 }
        if value.isInfinite { return value > 0 ? Decimal.greatestFiniteMagnitude : -Decimal.greatestFiniteMagnitude }
        return Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }

    /// `[k: v, …]` whose keys may repeat at run time (Swift's literal traps on a repeated key): each key's last value.
    public static func dictionary<Key: Hashable, Value>(keys: [Key], values: [Value]) -> [Key: Value] {
        var result: [Key: Value] = [:]
        result.reserveCapacity(keys.count)
        for (key, value) in zip(keys, values) { result[key] = value }
        return result
    }

    /// `abs(d)` of a `Duration` (Swift's `abs` needs a `SignedNumeric`).
    public static func magnitude(_ value: Duration) -> Duration {
        let bounded = clamped(value)
        return bounded < .zero ? .zero - bounded : bounded
    }

    /// `x.rounded(scale: n)` of an optional `Decimal`: `nil` stays `nil`.
    public static func rounded(_ value: Decimal?, scale: Int) -> Decimal? {
        value.map { rounded($0, scale: scale) }
    }

    /// `x.rounded(scale: n)` of an optional `Double`: `nil` stays `nil`.
    public static func rounded(_ value: Double?, scale: Int) -> Double? {
        value.map { rounded($0, scale: scale) }
    }

    /// `Double(x)` of a `Decimal`.
    public static func double(_ value: Decimal) -> Double {
        NSDecimalNumber(decimal: value).doubleValue
    }

    /// `x.rounded(scale: n)`: half away from zero, to `scale` fractional digits.
    public static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var source = value
        var result = Decimal()
        NSDecimalRound(&result, &source, max(-128, min(127, scale)), .plain)
        return result
    }

    /// `x.rounded(scale: n)` of a `Double`: half away from zero, to `scale` fractional digits.
    public static func rounded(_ value: Double, scale: Int) -> Double {
        guard value.isFinite else { return value }
        let clamped = max(-300, min(300, scale))
        let factor = pow(10.0, Double(clamped))
        let scaled = value * factor
        guard scaled.isFinite else { return value }
        return scaled.rounded(.toNearestOrAwayFromZero) / factor
    }
}

extension Array {
    /// The element at `index`, or `nil` when the index is out of range: how generated code reads `items[i]`.
    public func element(at index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

extension Date {
    /// The date `duration` earlier.
    public func subtracting(_ duration: Duration) -> Date {
        addingTimeInterval(-duration.timeInterval)
    }

    /// The time from `other` to this date (negative when this date is earlier): `a - b` in a spec.
    public func duration(since other: Date) -> Duration {
        let seconds = timeIntervalSince(other)
        guard seconds.isFinite else { return seconds > 0 ? SpecMath.longestDuration : .zero - SpecMath.longestDuration }
        let clamped = max(-9.2e18, min(9.2e18, seconds))
        return .seconds(clamped)
    }
}

extension Dictionary {
    /// The keys in a deterministic order: how generated code reads `dictionary.keys` (Swift's own order differs from
    /// one process to the next, and `decide` and `apply` must not). Keys that are not ordered themselves are ordered
    /// by their description.
    public var sortedKeys: [Key] {
        keys.sorted { String(describing: $0) < String(describing: $1) }
    }

    /// The values ordered by their keys (see ``sortedKeys``): how generated code reads `dictionary.values`.
    public var valuesBySortedKey: [Value] {
        sortedKeys.compactMap { self[$0] }
    }
}

extension Dictionary where Key: Comparable {
    /// The keys in ascending order: how generated code reads `dictionary.keys`.
    public var sortedKeys: [Key] { keys.sorted() }

    /// The values ordered by their keys: how generated code reads `dictionary.values`.
    public var valuesBySortedKey: [Value] { sortedKeys.compactMap { self[$0] } }
}

extension Dictionary where Key: RawRepresentable, Key.RawValue: Comparable {
    /// The keys ordered by their raw values (enum cases by name): how generated code reads `dictionary.keys`.
    public var sortedKeys: [Key] { keys.sorted { $0.rawValue < $1.rawValue } }

    /// The values ordered by their keys: how generated code reads `dictionary.values`.
    public var valuesBySortedKey: [Value] { sortedKeys.compactMap { self[$0] } }
}
