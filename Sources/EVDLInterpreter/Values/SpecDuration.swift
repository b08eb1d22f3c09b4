/// A `Duration` as Swift keeps it: whole seconds and attoseconds (`0 ≤ attoseconds < 10¹⁸`).
public struct SpecDuration: Hashable, Sendable, Comparable {
    /// Whole seconds (rounded down).
    public var seconds: Int64
    /// Attoseconds beyond ``seconds``.
    public var attoseconds: Int64

    static let attosecondsPerSecond: Int64 = 1_000_000_000_000_000_000

    /// Creates a duration, normalizing the attoseconds into `0..<10¹⁸`.
    public init(seconds: Int64, attoseconds: Int64 = 0) {
        var s = seconds
        var a = attoseconds
        s += a / Self.attosecondsPerSecond
        a %= Self.attosecondsPerSecond
        if a < 0 { a += Self.attosecondsPerSecond; s -= 1 }
        self.seconds = s
        self.attoseconds = a
    }

    /// `.seconds(x)` of a `Double`, as Swift rounds it (to the attosecond, toward zero).
    public init(secondsValue x: Double) {
        guard x.isFinite else { self.init(seconds: x > 0 ? Int64.max : -Int64.max); return }
        let whole = x.rounded(.down)
        let clamped = max(-9.2e18, min(9.2e18, whole))
        let fraction = x - whole
        self.init(seconds: Int64(clamped), attoseconds: Int64((fraction * 1e18).rounded(.towardZero)))
    }

    /// Whole seconds and attoseconds as Swift's `Duration.components` gives them: both with the duration's sign
    /// (−1.5 s is −1 s and −5 × 10¹⁷ as), where this type keeps the attoseconds positive.
    public var components: (seconds: Int64, attoseconds: Int64) {
        seconds < 0 && attoseconds > 0 ? (seconds + 1, attoseconds - Self.attosecondsPerSecond) : (seconds, attoseconds)
    }

    /// Seconds as a `Double` (what `Date + Duration` adds).
    public var timeInterval: Double { Double(seconds) + Double(attoseconds) / 1e18 }

    /// The longest duration spec arithmetic gives, 2⁶³ − 1 seconds (`SpecMath.longestDuration` in generated code).
    static let longest = SpecDuration(seconds: Int64.max)
    /// The most negative one, −(2⁶³ − 1) seconds.
    static let shortest = SpecDuration(seconds: -Int64.max)

    /// `seconds + carry` seconds and `attoseconds` (any sign, under 2 × 10¹⁸ in magnitude), clamped to
    /// ±(2⁶³ − 1) seconds, as generated code's `SpecMath` clamps.
    static func clamped(seconds: Int64, carry: Int64, attoseconds: Int64) -> SpecDuration {
        var rest = attoseconds % attosecondsPerSecond
        var borrow = attoseconds / attosecondsPerSecond
        if rest < 0 { rest += attosecondsPerSecond; borrow -= 1 }
        let (whole, carried) = carry.addingReportingOverflow(borrow)
        if carried { return borrow > 0 ? longest : shortest }
        let (total, overflow) = seconds.addingReportingOverflow(whole)
        if overflow { return whole > 0 ? longest : shortest }
        if total == Int64.max, rest > 0 { return longest }
        if total == Int64.min { return shortest }
        return SpecDuration(seconds: total, attoseconds: rest)
    }

    /// `a + b`, saturating at ±(2⁶³ − 1) seconds.
    public static func + (a: SpecDuration, b: SpecDuration) -> SpecDuration {
        let (seconds, overflow) = a.seconds.addingReportingOverflow(b.seconds)
        if overflow { return b.seconds > 0 ? longest : shortest }
        return clamped(seconds: seconds, carry: 0, attoseconds: a.attoseconds + b.attoseconds)
    }

    /// `a - b`, saturating at ±(2⁶³ − 1) seconds.
    public static func - (a: SpecDuration, b: SpecDuration) -> SpecDuration {
        let (seconds, overflow) = a.seconds.subtractingReportingOverflow(b.seconds)
        if overflow { return b.seconds < 0 ? longest : shortest }
        return clamped(seconds: seconds, carry: 0, attoseconds: a.attoseconds - b.attoseconds)
    }

    /// The duration's magnitude as whole seconds and attoseconds (`UInt64`: `|Int64.min|` fits), and its sign.
    var magnitude: (negative: Bool, seconds: UInt64, attoseconds: UInt64) {
        guard seconds < 0 else { return (false, UInt64(seconds), UInt64(attoseconds)) }
        if attoseconds == 0 { return (true, seconds.magnitude, 0) }
        // seconds + atto/10¹⁸ with seconds < 0 is −((−seconds − 1) + (10¹⁸ − atto)/10¹⁸).
        return (true, (seconds + 1).magnitude, UInt64(Self.attosecondsPerSecond - attoseconds))
    }

    /// A duration of the given sign and magnitude, clamped to ±(2⁶³ − 1) seconds.
    static func signed(_ negative: Bool, seconds: UInt64, attoseconds: UInt64) -> SpecDuration {
        if seconds > UInt64(Int64.max) || (seconds == UInt64(Int64.max) && attoseconds > 0) { return negative ? shortest : longest }
        let whole = Int64(seconds), rest = Int64(attoseconds)
        return negative ? SpecDuration(seconds: -whole, attoseconds: -rest) : SpecDuration(seconds: whole, attoseconds: rest)
    }

    /// `d * n`: exact, as Swift's 128-bit `Duration` multiplies, then clamped to ±(2⁶³ − 1) seconds.
    public static func * (a: SpecDuration, n: Int) -> SpecDuration {
        let d = a.magnitude
        let factor = UInt64(n.magnitude)
        let negative = d.negative != (n < 0)
        // |d| · |n| = seconds·|n| + attoseconds·|n| / 10¹⁸; the second quotient is below |n|, so it fits.
        let (q, r) = UInt64(attosecondsPerSecond).dividingFullWidth(d.attoseconds.multipliedFullWidth(by: factor))
        let (whole, overflow) = d.seconds.multipliedReportingOverflow(by: factor)
        let (total, carried) = whole.addingReportingOverflow(q)
        if overflow || carried { return factor == 0 ? SpecDuration(seconds: 0) : (negative ? shortest : longest) }
        return signed(negative, seconds: total, attoseconds: r)
    }

    /// `d / n`, toward zero to the attosecond, exact as Swift's `Duration` divides; the caller gives zero for
    /// `n == 0`.
    public static func / (a: SpecDuration, n: Int) -> SpecDuration {
        let d = a.magnitude
        let divisor = UInt64(n.magnitude)
        guard divisor != 0 else { return SpecDuration(seconds: 0) }
        let unit = UInt64(attosecondsPerSecond)
        // |d| in attoseconds as 128 bits (high, low), divided by |n| in two steps, then split into seconds again.
        let scaled = d.seconds.multipliedFullWidth(by: unit)
        let (low, carry) = scaled.low.addingReportingOverflow(d.attoseconds)
        let high = scaled.high + (carry ? 1 : 0)
        let (quotientHigh, remainder) = high.quotientAndRemainder(dividingBy: divisor)
        let (quotientLow, _) = divisor.dividingFullWidth((remainder, low))
        let (seconds, attoseconds) = unit.dividingFullWidth((quotientHigh, quotientLow))
        return signed(d.negative != (n < 0), seconds: seconds, attoseconds: attoseconds)
    }

    /// `a / b` as a ratio.
    public static func ratio(_ a: SpecDuration, _ b: SpecDuration) -> Double {
        (Double(a.seconds) * 1e18 + Double(a.attoseconds)) / (Double(b.seconds) * 1e18 + Double(b.attoseconds))
    }

    /// Orders by length.
    public static func < (a: SpecDuration, b: SpecDuration) -> Bool {
        (a.seconds, a.attoseconds) < (b.seconds, b.attoseconds)
    }

    /// `Duration`'s `description`: `1800.0 seconds`.
    public var swiftDescription: String { "\(timeInterval) seconds" }
}
