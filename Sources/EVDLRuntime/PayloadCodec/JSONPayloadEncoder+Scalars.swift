import Foundation

// How `JSONOutput` writes scalars: exactly as `JSONEncoder` does (see `JSONPayloadEncoder`), without building the
// intermediate strings where it can.
extension JSONOutput {
    func null() {
        ascii("null")
    }

    func bool(_ value: Bool) {
        if value { ascii("true") } else { ascii("false") }
    }

    func signed(_ value: Int64) {
        if value < 0 {
            byte(UInt8(ascii: "-"))
        }
        unsigned(value.magnitude)
    }

    func unsigned(_ value: UInt64) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        reserve(digits)
        var remaining = value
        var index = count + digits
        repeat {
            index -= 1
            base[index] = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
            remaining /= 10
        } while remaining > 0
        count += digits
    }

    /// `JSONEncoder`'s form: the shortest representation that reads back (`description`), without a trailing `.0`.
    /// Not-a-number and infinities are errors, as with `JSONEncoder`'s default strategy.
    func double(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        // Integral values below 10^15 print as their digits (`description` adds `.0`, which is dropped); -0 is not one.
        if value.magnitude < 1e15, value.rounded(.towardZero) == value, !(value == 0 && value.sign == .minus) {
            signed(Int64(value))
            return
        }
        numberText(value.description)
    }

    /// As `double`, for `Float`.
    func float(_ value: Float) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Unable to encode Float.\(value) directly in JSON."))
        }
        numberText(value.description)
    }

    /// A number's text without its trailing `.0`, as `JSONEncoder` writes floating-point numbers.
    private func numberText(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            let dropsZero = utf8.count > 2 && utf8[utf8.count - 2] == UInt8(ascii: ".") && utf8[utf8.count - 1] == UInt8(ascii: "0")
            bytes(UnsafeBufferPointer(rebasing: utf8[0..<(dropsZero ? utf8.count - 2 : utf8.count)]))
        }
    }

    /// A number's text as it is (`Decimal.description` for decimals too large for the fast path).
    private func rawText(_ text: String) {
        var text = text
        text.withUTF8 { bytes($0) }
    }

    /// `"XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX"`, upper-case, as `UUID.uuidString`.
    func uuid(_ value: UUID) {
        reserve(38)
        let hex: StaticString = "0123456789ABCDEF"
        let digits = hex.utf8Start
        var index = count
        base[index] = UInt8(ascii: "\"")
        index += 1
        withUnsafeBytes(of: value.uuid) { raw in
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    base[index] = UInt8(ascii: "-")
                    index += 1
                }
                let byte = raw[position]
                base[index] = digits[Int(byte >> 4)]
                base[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
        }
        base[index] = UInt8(ascii: "\"")
        count = index + 1
    }

    /// `Decimal.description`, which is what `JSONEncoder` writes: the digits of the significand with the decimal
    /// point placed by the exponent, no exponent notation.
    func decimal(_ value: Decimal) {
        if let parts = DecimalParts(value) {
            decimal(parts)
        } else {
            rawText(value.description)
        }
    }

    /// A decimal from its parts, as `Decimal.description` prints it.
    func decimal(_ parts: DecimalParts) {
        if parts.negative {
            byte(UInt8(ascii: "-"))
        }
        let start = count
        unsigned(parts.significand)
        let digits = count - start
        if parts.exponent >= 0 {
            reserve(parts.exponent)
            (base + count).initialize(repeating: UInt8(ascii: "0"), count: parts.exponent)
            count += parts.exponent
            return
        }
        let scale = -parts.exponent
        if scale < digits {
            // Move the fraction digits one place right and put the point in front of them.
            reserve(1)
            let point = start + digits - scale
            (base + point + 1).update(from: base + point, count: scale)
            base[point] = UInt8(ascii: ".")
            count += 1
        } else {
            // `0.` and `scale - digits` zeros go in front of the digits.
            let shift = 2 + scale - digits
            reserve(shift)
            (base + start + shift).update(from: base + start, count: digits)
            base[start] = UInt8(ascii: "0")
            base[start + 1] = UInt8(ascii: ".")
            (base + start + 2).initialize(repeating: UInt8(ascii: "0"), count: scale - digits)
            count += shift
        }
    }

    /// A JSON string with `JSONEncoder`'s escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control
    /// characters as `\u00xx` (lower-case hex); `/` and everything from U+0020 on (non-ASCII too) as they are.
    func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            reserve(utf8.count * 6 + 2)
            string(utf8)
        }
    }

    /// `string` of UTF-8 bytes written earlier (an object key).
    func string(copyOf range: Range<Int>) {
        reserve(range.count * 6 + 2)
        string(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// Writes `utf8` as a JSON string; the caller has reserved room for the worst case (every byte escaped as
    /// `\u00xx`), so the buffer does not move if `utf8` points into it.
    private func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        base[count] = UInt8(ascii: "\"")
        count += 1
        var mark = 0
        for index in 0..<utf8.count {
            let unit = utf8[index]
            guard unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") else { continue }
            bytes(UnsafeBufferPointer(rebasing: utf8[mark..<index]))
            escape(unit)
            mark = index + 1
        }
        bytes(UnsafeBufferPointer(rebasing: utf8[mark..<utf8.count]))
        byte(UInt8(ascii: "\""))
    }

    private func escape(_ unit: UInt8) {
        switch unit {
        case UInt8(ascii: "\""): ascii("\\\"")
        case UInt8(ascii: "\\"): ascii("\\\\")
        case 0x08: ascii("\\b")
        case 0x0C: ascii("\\f")
        case 0x0A: ascii("\\n")
        case 0x0D: ascii("\\r")
        case 0x09: ascii("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            ascii("\\u00")
            byte(hex.utf8Start[Int(unit >> 4)])
            byte(hex.utf8Start[Int(unit & 0x0F)])
        }
    }
}

/// The sign, significand and exponent of a `Decimal` whose significand fits 64 bits, read from its storage: 20
/// bytes, the exponent in byte 0, length and sign in byte 1, eight little-endian 16-bit mantissa words from byte 4.
/// Byte 1 is laid out one way by swift-foundation (length in the high nibble, sign in bit 3) and another by the
/// `NSDecimal` bit-field (length in the low nibble, sign in bit 4). The storage is not public API, so a layout is
/// only used when it reads a set of reference values back exactly as `description` prints them (checked once per
/// process); otherwise (and for NaN, zero and significands of more than 64 bits) `init` fails and `description`
/// is used.
struct DecimalParts {
    /// Where byte 1 keeps the length and the sign.
    enum Layout: CaseIterable {
        case swiftFoundation
        case bitField
    }

    var negative: Bool
    var significand: UInt64
    var exponent: Int

    init?(_ value: Decimal) {
        guard let layout = DecimalParts.layout, let parts = DecimalParts(reading: value, as: layout) else { return nil }
        self = parts
    }

    private init?(reading value: Decimal, as layout: Layout) {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        let parsed: (Bool, UInt64, Int)? = withUnsafeBytes(of: value) { raw in
            let flags = raw[1]
            let (length, negative) = switch layout {
            case .swiftFoundation: (Int(flags >> 4), flags & 0x08 != 0)
            case .bitField: (Int(flags & 0x0F), flags & 0x10 != 0)
            }
            guard length > 0, length <= 4 else { return nil }
            var significand: UInt64 = 0
            for word in (0..<length).reversed() {
                significand = significand << 16 | UInt64(raw[4 + 2 * word]) | UInt64(raw[5 + 2 * word]) << 8
            }
            guard significand > 0 else { return nil }
            return (negative, significand, Int(Int8(bitPattern: raw[0])))
        }
        guard let (negative, significand, exponent) = parsed else { return nil }
        self.negative = negative
        self.significand = significand
        self.exponent = exponent
    }

    /// The layout that reads reference values of every shape back as `description` prints them, if one does.
    static let layout: Layout? = Layout.allCases.first { layout in
        let samples = ["25", "-0.0001", "1.5", "-123.456", "18446744073709551615", "0.000000123", "12000", "-7e20"]
        return samples.allSatisfy { sample in
            guard let value = Decimal(string: sample), let parts = DecimalParts(reading: value, as: layout) else { return false }
            let output = JSONOutput(capacity: 64)
            output.decimal(parts)
            return output.data(0..<output.count) == Data(value.description.utf8)
        }
    }
}
