import EVDLRuntime
import Foundation
import Testing

/// `SpecMath`'s arithmetic, which generated code calls for a spec's `Int` and `Duration` operators: it never traps.
@Suite struct SpecArithmeticTests {
    static let edges: [Int] = [.min, .min + 1, -3_037_000_500, -65_536, -3, -2, -1, 0, 1, 2, 3, 65_536, 3_037_000_500, .max - 1, .max]

    /// The exact result (Decimal holds 38 digits: every sum and product of two `Int`s), clamped to `Int`.
    static func clamped(_ exact: Decimal) -> Int {
        if exact > Decimal(Int.max) { return .max }
        if exact < Decimal(Int.min) { return .min }
        return NSDecimalNumber(decimal: exact).intValue
    }

    @Test("+, - and * saturate at Int's bounds: the exact result, clamped, for every pair of edge values")
    func saturation() {
        for a in Self.edges {
            for b in Self.edges {
                #expect(SpecMath.add(a, b) == Self.clamped(Decimal(a) + Decimal(b)), "\(a) + \(b)")
                #expect(SpecMath.subtract(a, b) == Self.clamped(Decimal(a) - Decimal(b)), "\(a) - \(b)")
                #expect(SpecMath.multiply(a, b) == Self.clamped(Decimal(a) * Decimal(b)), "\(a) * \(b)")
            }
        }
    }

    @Test("/ and % by zero give 0; Int.min / -1 is Int.max; otherwise Swift's truncating division")
    func division() {
        for a in Self.edges {
            #expect(SpecMath.divide(a, 0) == 0 && SpecMath.remainder(a, 0) == 0)
            #expect(SpecMath.remainder(a, -1) == 0)
            for b in Self.edges where b != 0 && !(a == .min && b == -1) {
                #expect(SpecMath.divide(a, b) == a / b && SpecMath.remainder(a, b) == a % b, "\(a) / \(b)")
            }
        }
        #expect(SpecMath.divide(.min, -1) == .max)
        #expect(SpecMath.negate(.min) == .max && SpecMath.negate(5) == -5)
        #expect(SpecMath.abs(.min) == .max && SpecMath.abs(-5) == 5)
    }

    @Test("durations saturate at ±(2⁶³ − 1) seconds and divide by zero to zero")
    func durations() {
        let longest = SpecMath.longestDuration
        #expect(longest == .seconds(Int64.max))
        #expect(SpecMath.multiply(.seconds(86_400), .max) == longest)
        #expect(SpecMath.multiply(.seconds(86_400), .min) == .zero - longest)
        #expect(SpecMath.multiply(.seconds(-1), .min) == longest)
        #expect(SpecMath.multiply(.milliseconds(1500), 3) == .milliseconds(4500))
        #expect(SpecMath.multiply(longest, 1) == longest && SpecMath.multiply(longest, -1) == .zero - longest)
        #expect(SpecMath.add(longest, .seconds(1)) == longest && SpecMath.subtract(.zero - longest, .seconds(1)) == .zero - longest)
        #expect(SpecMath.add(longest, .zero - longest) == .zero)
        #expect(SpecMath.divide(.seconds(90), 0) == .zero && SpecMath.divide(.seconds(90), 2) == .seconds(45))
        // By a zero duration the ratio is IEEE's, as `evdlc test`'s.
        #expect(Duration.seconds(90) / Duration.zero == .infinity && (Duration.zero / Duration.zero).isNaN)
        // A stored duration past the bounds (only a decoded one can be) is clamped, never read as components.
        #expect(SpecMath.multiply(.seconds(Int64.max) * 16, 1) == longest)
    }

    @Test("a decoded duration beyond the bounds is clamped before arithmetic reads it; -d and dates stay within them")
    func outOfRangeDurations() {
        let longest = SpecMath.longestDuration
        let huge = Duration.seconds(Int64.max) * 16   // what only a stored duration can be
        #expect(SpecMath.add(huge, huge) == longest && SpecMath.subtract(.zero - huge, huge) == .zero - longest)
        #expect(SpecMath.negate(huge) == .zero - longest && SpecMath.negate(.seconds(90)) == .seconds(-90))
        #expect(SpecMath.divide(huge, 2) == .seconds(Int64.max / 2) + .milliseconds(500))
        #expect(SpecMath.magnitude(.zero - huge) == longest)
        #expect(huge.timeInterval == Double(Int64.max))
        #expect(Date(timeIntervalSince1970: 0).adding(huge) == Date(timeIntervalSince1970: 0).addingTimeInterval(Double(Int64.max)))
        #expect(Date.distantFuture.duration(since: Date.distantPast) == .seconds(Date.distantFuture.timeIntervalSince(.distantPast)))
        #expect(Date(timeIntervalSinceReferenceDate: .infinity).duration(since: Date()) == longest)
    }

    @Test("a dictionary literal whose keys repeat keeps each key's last value")
    func repeatedKeys() {
        #expect(SpecMath.dictionary(keys: [1, 1, 2], values: ["a", "b", "c"]) == [1: "b", 2: "c"])
        #expect(SpecMath.dictionary(keys: [String](), values: [Int]()).isEmpty)
    }
}
