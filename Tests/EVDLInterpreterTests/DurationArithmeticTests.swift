import EVDLInterpreter
import Testing

/// `evdlc test`'s durations compute what Swift's 128-bit `Duration` computes (the expected components were printed
/// by Swift 6's `Duration` for the same operations), then clamp to ±(2⁶³ − 1) seconds as `SpecMath` does.
@Suite struct DurationArithmeticTests {
    static let minusOneAndAHalf = SpecDuration(seconds: -2, attoseconds: 500_000_000_000_000_000)

    static func components(_ d: SpecDuration) -> [Int64] { [d.components.seconds, d.components.attoseconds] }

    @Test("products and quotients are Swift's, exactly, to the attosecond, negative fractions too")
    func exact() {
        #expect(Self.components(SpecDuration(seconds: 10) / 3) == [3, 333_333_333_333_333_333])
        #expect(Self.components(SpecDuration(seconds: 86_400) / 7) == [12_342, 857_142_857_142_857_142])
        #expect(Self.components(Self.minusOneAndAHalf / 7) == [0, -214_285_714_285_714_285])
        #expect(Self.components(Self.minusOneAndAHalf * 7) == [-10, -500_000_000_000_000_000])
        #expect(Self.components(Self.minusOneAndAHalf * 4_611_686_018_427_387_905) == [-6_917_529_027_641_081_857, -500_000_000_000_000_000])
        #expect(Self.components(SpecDuration(seconds: 90) / 0) == [0, 0])
    }

    @Test("sums, differences and products saturate at ±(2⁶³ − 1) seconds")
    func saturation() {
        let longest = SpecDuration(seconds: Int64.max), shortest = SpecDuration(seconds: -Int64.max)
        #expect(SpecDuration(seconds: 1) * Int.max == longest)
        #expect(SpecDuration(seconds: -1) * Int.min == longest)
        #expect(SpecDuration(seconds: 86_400) * Int.min == shortest)
        #expect(Self.minusOneAndAHalf * Int.max == shortest)
        #expect(longest + SpecDuration(seconds: 1) == longest)
        #expect(shortest - SpecDuration(seconds: 1) == shortest)
        #expect(longest + shortest == SpecDuration(seconds: 0))
        #expect(SpecDuration(seconds: 0) - shortest == longest)
        #expect(SpecDuration(seconds: Int64.max - 1, attoseconds: 600_000_000_000_000_000) + SpecDuration(seconds: 0, attoseconds: 600_000_000_000_000_000) == longest)
    }

    @Test("a duration divided by a zero duration is IEEE's: infinite, or not a number for zero by zero")
    func ratioByZero() {
        #expect(SpecDuration.ratio(SpecDuration(seconds: 90), SpecDuration(seconds: 0)) == .infinity)
        #expect(SpecDuration.ratio(SpecDuration(seconds: -90), SpecDuration(seconds: 0)) == -.infinity)
        #expect(SpecDuration.ratio(SpecDuration(seconds: 0), SpecDuration(seconds: 0)).isNaN)
    }
}
