import EVDLInterpreter
import Foundation
import EVDLTestSupport
import Testing

/// The interpreter's decimal against Foundation's `Decimal`, which generated code computes with: the same results,
/// printed the same way, on random operands of up to 19 significant digits. (With 30-digit operands far apart in
/// scale, Foundation rounds while aligning them and keeps fewer digits; the interpreter does not follow it there.)
@Suite struct SpecDecimalTests {
    /// A random decimal literal: up to `digits` digits, up to `scale` of them after the point.
    static func literal(_ rng: inout SeededGenerator, digits: Int, scale: Int) -> String {
        let count = Int.random(in: 1...digits, using: &rng)
        var text = (0..<count).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
        let fraction = min(Int.random(in: 0...scale, using: &rng), count - 1)
        if fraction > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -fraction)) }
        return (Bool.random(using: &rng) ? "-" : "") + text
    }

    static func foundation(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test("add, subtract, multiply and divide agree with Foundation", arguments: [(6, 2), (12, 4), (19, 10)])
    func arithmeticAgrees(_ size: (Int, Int)) {
        var rng = SeededGenerator(seed: UInt64(size.0 * 1000 + size.1))
        for _ in 0..<400 {
            let a = Self.literal(&rng, digits: size.0, scale: size.1), b = Self.literal(&rng, digits: size.0, scale: size.1)
            let x = SpecDecimal(parsing: a)!, y = SpecDecimal(parsing: b)!
            let fx = Self.foundation(a), fy = Self.foundation(b)
            #expect((x + y).description == (fx + fy).description, "\(a) + \(b)")
            #expect((x - y).description == (fx - fy).description, "\(a) - \(b)")
            #expect((x * y).description == (fx * fy).description, "\(a) * \(b)")
            if !fy.isZero {
                // A quotient that does not end is cut where Foundation cuts it only up to its 32nd digit (see
                // SpecDecimal); rounded to 12 places, as money is, the two agree.
                var fq = fx / fy, rounded = Decimal()
                NSDecimalRound(&rounded, &fq, 12, .plain)
                #expect((x / y).rounded(scale: 12).description == rounded.description, "\(a) / \(b)")
                let exact = fq * fy == fx
                if exact { #expect((x / y).description == fq.description, "\(a) / \(b) (exact)") }
            }
            #expect((x < y) == (fx < fy), "\(a) < \(b)")
            #expect(x.description == fx.description, "\(a)")
        }
    }

    @Test("rounded(scale:) rounds half away from zero, as NSDecimalRound(.plain)")
    func roundingAgrees() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let a = Self.literal(&rng, digits: 10, scale: 6)
            let scale = Int.random(in: -2...4, using: &rng)
            var source = Self.foundation(a)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &source, scale, .plain)
            #expect(SpecDecimal(parsing: a)!.rounded(scale: scale).description == rounded.description, "\(a) at \(scale)")
        }
    }

    @Test("Int(x) of a decimal truncates and saturates; Decimal(x) of a double keeps its shortest spelling")
    func conversions() {
        #expect(SpecDecimal(parsing: "-12.99")!.intValue == -12)
        #expect(SpecDecimal(parsing: "99999999999999999999999")!.intValue == Int.max)
        #expect(SpecDecimal(0.1).description == "0.1")
        #expect(SpecDecimal(1e-05).description == Decimal(string: "\(1e-05)")!.description)
        #expect((SpecDecimal(1) / SpecDecimal(0)).isNaN)
        #expect((SpecDecimal(2) / SpecDecimal(3)).description == "0.66666666666666666666666666666666666666")
    }
}

