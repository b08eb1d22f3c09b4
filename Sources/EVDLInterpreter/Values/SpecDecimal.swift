/// A decimal number computed the way Foundation's `Decimal` computes it, for the interpreter (the compiler does not
/// link Foundation): a sign, up to 38 significant decimal digits and a power of ten.
///
/// Rules kept identical to what generated code does (the differential tests compare the two):
/// - addition, subtraction and multiplication are exact while the significand fits Foundation's 128 bits (38 or 39
///   digits), and are truncated to fit beyond that;
/// - division is exact when the quotient fits; a quotient that does not end (`2 / 3`) keeps as many digits as fit,
///   where Foundation may keep a few digits fewer (past the 32nd significant digit: `rounded(scale:)` agrees);
/// - division by zero is not a number (`NaN`), as Foundation's is;
/// - `description` prints plain digits with no exponent and no trailing zeros (`12.5`, `0.001`, `-3`).
///
/// The value is kept normalized (no trailing zero digits in the significand), so equal numbers are equal values.
public struct SpecDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The significand's digits, least significant first, without trailing (high) zeros; empty for zero.
    var digits: [UInt8]
    /// The power of ten the significand is multiplied by.
    var exponent: Int
    /// Whether the number is negative (never for zero).
    var isNegative: Bool
    /// Not a number (the result of a division by zero).
    public private(set) var isNaN: Bool

    /// The most significant digits a value keeps.
    static let precision = 38

    /// Zero.
    public static let zero = SpecDecimal(digits: [], exponent: 0, isNegative: false)

    /// Not a number.
    public static let nan: SpecDecimal = {
        var value = SpecDecimal.zero
        value.isNaN = true
        return value
    }()

    init(digits: [UInt8], exponent: Int, isNegative: Bool) {
        self.digits = digits
        self.exponent = exponent
        self.isNegative = isNegative
        self.isNaN = false
        normalize()
    }

    /// The value of an integer.
    public init(_ value: Int) {
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        while magnitude > 0 {
            digits.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        self.init(digits: digits, exponent: 0, isNegative: value < 0)
    }

    /// Parses `12.50`, `-3`, `1e-05`, `1.5e+16` (the spellings of decimal literals and of a `Double`'s description);
    /// `nil` for anything else. Underscores between digits are ignored.
    public init?(parsing text: String) {
        var digits: [UInt8] = []
        var exponent = 0
        var negative = false
        var seenPoint = false
        var seenDigit = false
        var iterator = text.utf8.makeIterator()
        var first = true
        var exponentPart: [UInt8]?
        while let c = iterator.next() {
            defer { first = false }
            if exponentPart != nil {
                exponentPart!.append(c)
                continue
            }
            switch c {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "+") where first: break
            case UInt8(ascii: "_"): break
            case UInt8(ascii: "."):
                if seenPoint { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                digits.append(c - UInt8(ascii: "0"))
                if seenPoint { exponent -= 1 }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                exponentPart = []
            default:
                return nil
            }
        }
        guard seenDigit else { return nil }
        if let part = exponentPart {
            guard let value = Int(String(decoding: part, as: UTF8.self)) else { return nil }
            exponent += value
        }
        self.init(digits: Array(digits.reversed()), exponent: exponent, isNegative: negative)
        truncateToPrecision()
    }

    private mutating func normalize() {
        while let last = digits.last, last == 0 { digits.removeLast() }
        var zeros = 0
        while zeros < digits.count, digits[zeros] == 0 { zeros += 1 }
        if zeros > 0 {
            digits.removeFirst(zeros)
            exponent += zeros
        }
        if digits.isEmpty {
            exponent = 0
            isNegative = false
        }
    }

    /// The largest significand Foundation's 128-bit mantissa holds (39 digits).
    static let largestSignificand: [UInt8] = Array("340282366920938463463374607431768211455".utf8.reversed().map { $0 - 48 })

    /// Drops the least significant digits (toward zero) until the significand fits Foundation's 128 bits.
    private mutating func truncateToPrecision() {
        var extra = digits.count - Self.largestSignificand.count
        if extra < 0 { return }
        if extra == 0, Magnitude.compare(digits, Self.largestSignificand) <= 0 { return }
        if extra == 0 || Magnitude.compare(Array(digits[extra...]), Self.largestSignificand) > 0 { extra += 1 }
        digits.removeFirst(extra)
        exponent += extra
        normalize()
    }

    /// Whether the value is zero.
    public var isZero: Bool { digits.isEmpty && !isNaN }

    // MARK: Arithmetic

    /// `a + b`.
    public static func + (a: SpecDecimal, b: SpecDecimal) -> SpecDecimal {
        if a.isNaN || b.isNaN { return .nan }
        if a.isZero { return b }
        if b.isZero { return a }
        let e = min(a.exponent, b.exponent)
        let x = Magnitude.shifted(a.digits, by: a.exponent - e)
        let y = Magnitude.shifted(b.digits, by: b.exponent - e)
        var result: SpecDecimal
        if a.isNegative == b.isNegative {
            result = SpecDecimal(digits: Magnitude.add(x, y), exponent: e, isNegative: a.isNegative)
        } else if Magnitude.compare(x, y) >= 0 {
            result = SpecDecimal(digits: Magnitude.subtract(x, y), exponent: e, isNegative: a.isNegative)
        } else {
            result = SpecDecimal(digits: Magnitude.subtract(y, x), exponent: e, isNegative: b.isNegative)
        }
        result.truncateToPrecision()
        return result
    }

    /// `-a`.
    public static prefix func - (a: SpecDecimal) -> SpecDecimal {
        var copy = a
        if !copy.isZero && !copy.isNaN { copy.isNegative.toggle() }
        return copy
    }

    /// `a - b`.
    public static func - (a: SpecDecimal, b: SpecDecimal) -> SpecDecimal { a + (-b) }

    /// `a * b`.
    public static func * (a: SpecDecimal, b: SpecDecimal) -> SpecDecimal {
        if a.isNaN || b.isNaN { return .nan }
        var result = SpecDecimal(digits: Magnitude.multiply(a.digits, b.digits), exponent: a.exponent + b.exponent,
                                 isNegative: a.isNegative != b.isNegative)
        result.truncateToPrecision()
        return result
    }

    /// `a / b`: 38 significant digits, truncated; `NaN` when `b` is zero.
    public static func / (a: SpecDecimal, b: SpecDecimal) -> SpecDecimal {
        if a.isNaN || b.isNaN || b.isZero { return .nan }
        if a.isZero { return .zero }
        // Scale the dividend so that the integer quotient has more digits than fit.
        let shift = max(0, Self.precision + 2 + b.digits.count - a.digits.count)
        let dividend = Magnitude.shifted(a.digits, by: shift)
        let quotient = Magnitude.divide(dividend, by: b.digits)
        var result = SpecDecimal(digits: quotient, exponent: a.exponent - b.exponent - shift, isNegative: a.isNegative != b.isNegative)
        result.truncateToPrecision()
        return result
    }

    /// Orders by value (`NaN` sorts below everything, as it never occurs in a valid comparison).
    public static func < (a: SpecDecimal, b: SpecDecimal) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && !b.isNaN }
        if a.isNegative != b.isNegative { return a.isNegative }
        let e = min(a.exponent, b.exponent)
        let order = Magnitude.compare(Magnitude.shifted(a.digits, by: a.exponent - e), Magnitude.shifted(b.digits, by: b.exponent - e))
        return a.isNegative ? order > 0 : order < 0
    }

    /// The value rounded to `scale` fractional digits: half away from zero (`.plain`), or toward zero.
    public func rounded(scale: Int, towardZero: Bool = false) -> SpecDecimal {
        if isNaN { return self }
        let scale = max(-128, min(127, scale))
        let drop = -exponent - scale
        guard drop > 0 else { return self }
        // Every digit is below half a unit of the last kept place.
        if drop > digits.count { return .zero }
        var kept = Array(digits[drop...])
        if !towardZero, digits[drop - 1] >= 5 {
            kept = Magnitude.add(kept, [1])
        }
        return SpecDecimal(digits: kept, exponent: exponent + drop, isNegative: isNegative)
    }

    /// `Int(x)`: toward zero, saturating at `Int`'s bounds; 0 for `NaN`.
    public var intValue: Int {
        if isNaN { return 0 }
        let whole = rounded(scale: 0, towardZero: true)
        if whole.digits.count + whole.exponent > 19 { return isNegative ? Int.min : Int.max }
        var magnitude: UInt64 = 0
        for d in whole.digits.reversed() { magnitude = magnitude * 10 + UInt64(d) }
        for _ in 0..<whole.exponent {
            let (m, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return isNegative ? Int.min : Int.max }
            magnitude = m
        }
        if isNegative { return magnitude >= UInt64(Int.max) + 1 ? Int.min : -Int(magnitude) }
        return magnitude > UInt64(Int.max) ? Int.max : Int(magnitude)
    }

    /// `Double(x)`: the double nearest to the printed value.
    public var doubleValue: Double {
        if isNaN { return .nan }
        return Double(description) ?? 0
    }

    /// `Decimal(x)` of a `Double`: its shortest spelling; 0 for not a number, the largest magnitude for infinities.
    public init(_ value: Double) {
        if value.isNaN { self = .zero; return }
        if value.isInfinite {
            self = SpecDecimal(digits: Array(repeating: 9, count: Self.precision), exponent: 127 - Self.precision + 1, isNegative: value < 0)
            return
        }
        self = SpecDecimal(parsing: "\(value)") ?? .zero
    }

    /// Plain digits: `12.5`, `-0.001`, `1000`; `NaN`.
    public var description: String {
        if isNaN { return "NaN" }
        if digits.isEmpty { return "0" }
        var text = isNegative ? "-" : ""
        let printed = digits.reversed().map { Character(Unicode.Scalar($0 + 48)) }
        if exponent >= 0 {
            text += String(printed) + String(repeating: "0", count: exponent)
        } else {
            let fraction = -exponent
            if fraction >= printed.count {
                text += "0." + String(repeating: "0", count: fraction - printed.count) + String(printed)
            } else {
                text += String(printed[..<(printed.count - fraction)]) + "." + String(printed[(printed.count - fraction)...])
            }
        }
        return text
    }
}

/// Unsigned decimal magnitudes as digit arrays, least significant first.
enum Magnitude {
    static func shifted(_ x: [UInt8], by places: Int) -> [UInt8] {
        places <= 0 || x.isEmpty ? x : Array(repeating: 0, count: places) + x
    }

    static func trimmed(_ x: [UInt8]) -> [UInt8] {
        var x = x
        while let last = x.last, last == 0 { x.removeLast() }
        return x
    }

    static func compare(_ x: [UInt8], _ y: [UInt8]) -> Int {
        let x = trimmed(x), y = trimmed(y)
        if x.count != y.count { return x.count < y.count ? -1 : 1 }
        var i = x.count - 1
        while i >= 0 {
            if x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    static func add(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(max(x.count, y.count) + 1)
        var carry: UInt8 = 0
        for i in 0..<max(x.count, y.count) {
            let sum = (i < x.count ? x[i] : 0) + (i < y.count ? y[i] : 0) + carry
            result.append(sum % 10)
            carry = sum / 10
        }
        if carry > 0 { result.append(carry) }
        return result
    }

    /// `x - y` for `x >= y`.
    static func subtract(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(x.count)
        var borrow: Int = 0
        for i in 0..<x.count {
            var d = Int(x[i]) - (i < y.count ? Int(y[i]) : 0) - borrow
            borrow = 0
            if d < 0 { d += 10; borrow = 1 }
            result.append(UInt8(d))
        }
        return trimmed(result)
    }

    static func multiply(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        if x.isEmpty || y.isEmpty { return [] }
        var cells = [Int](repeating: 0, count: x.count + y.count)
        for i in 0..<x.count where x[i] != 0 {
            for j in 0..<y.count { cells[i + j] += Int(x[i]) * Int(y[j]) }
        }
        var result: [UInt8] = []
        result.reserveCapacity(cells.count)
        var carry = 0
        for c in cells {
            let v = c + carry
            result.append(UInt8(v % 10))
            carry = v / 10
        }
        while carry > 0 { result.append(UInt8(carry % 10)); carry /= 10 }
        return trimmed(result)
    }

    /// The integer quotient `x / y` (long division, most significant digit first).
    static func divide(_ x: [UInt8], by y: [UInt8]) -> [UInt8] {
        var remainder: [UInt8] = []
        var quotient: [UInt8] = []
        for digit in x.reversed() {
            remainder = trimmed([digit] + remainder)
            var q: UInt8 = 0
            while compare(remainder, y) >= 0 {
                remainder = subtract(remainder, y)
                q += 1
            }
            quotient.append(q)
        }
        return trimmed(quotient.reversed())
    }
}
