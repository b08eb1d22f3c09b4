import Foundation

/// A failure to read JSON: where and what.
struct JSONScanError: Error {
    var offset: Int
    var message: String
}

/// One member of a JSON object: its key's bytes, where its value starts, and where a string value without escapes
/// ends (its closing quote), so that reading it does not scan it again.
struct JSONObjectEntry {
    var keyStart: Int
    var keyEnd: Int
    var keyHasEscapes: Bool
    var valueStart: Int
    /// The index of the closing quote when the value is a string without escapes; -1 otherwise.
    var plainStringEnd: Int = -1
}

/// Reads JSON text in place, lazily: containers record where their members start and skip over their values;
/// a value is parsed only when it is asked for. Used by `JSONPayloadDecoder`.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer

    @inline(__always)
    func byte(at index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    @inline(__always)
    func skipWhitespace(_ index: Int) -> Int {
        var index = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    /// The index after the string starting (with its quote) at `index`, and whether it contains escapes.
    ///
    /// Looks at the first 24 bytes one by one (most keys and values are short); beyond that, finds the closing
    /// quote with `memchr` (vectorised) and looks for a backslash before it the same way; only strings with escapes
    /// are walked byte by byte. Unescaped control characters are accepted.
    func skipString(_ index: Int) throws(JSONScanError) -> (end: Int, hasEscapes: Bool) {
        guard byte(at: index) == UInt8(ascii: "\"") else { throw JSONScanError(offset: index, message: "expected a string") }
        let base = bytes.baseAddress!
        let start = index + 1
        // Most keys and values are short: look at eight bytes at a time for a quote or a backslash (SWAR: a byte
        // equal to the one sought becomes zero after the XOR, and the lowest zero byte is found exactly) before
        // calling `memchr` twice.
        var cursor = start
        let shortEnd = min(bytes.count, start + 32)
        while cursor + 8 <= shortEnd {
            let word = bytes.loadUnaligned(fromByteOffset: cursor, as: UInt64.self).littleEndian
            let found = Self.zeroBytes(word ^ 0x2222_2222_2222_2222) | Self.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
            if found != 0 {
                let index = cursor + found.trailingZeroBitCount / 8
                if bytes[index] == UInt8(ascii: "\"") { return (index + 1, false) }
                cursor = shortEnd  // a backslash: the general path below
                break
            }
            cursor += 8
        }
        while cursor < shortEnd {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { return (cursor + 1, false) }
            if byte == UInt8(ascii: "\\") { break }
            cursor += 1
        }
        let remaining = bytes.count - start
        guard remaining > 0, let quote = memchr(base + start, 0x22, remaining) else {
            throw JSONScanError(offset: index, message: "unterminated string")
        }
        let quoteIndex = base.distance(to: UnsafeRawPointer(quote))
        if memchr(base + start, 0x5C, quoteIndex - start) == nil {
            return (quoteIndex + 1, false)
        }
        cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { return (cursor + 1, true) }
            cursor += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        throw JSONScanError(offset: index, message: "unterminated string")
    }

    /// The index after the value starting at `index` (whitespace skipped).
    func skipValue(_ index: Int) throws(JSONScanError) -> Int {
        let index = skipWhitespace(index)
        switch byte(at: index) {
        case UInt8(ascii: "\""):
            return try skipString(index).end
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var cursor = index
            while cursor < bytes.count {
                switch bytes[cursor] {
                case UInt8(ascii: "\""):
                    cursor = try skipString(cursor).end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return cursor + 1 }
                default:
                    break
                }
                cursor += 1
            }
            throw JSONScanError(offset: index, message: "unterminated container")
        case UInt8(ascii: "t"): return try literal("true", at: index)
        case UInt8(ascii: "f"): return try literal("false", at: index)
        case UInt8(ascii: "n"): return try literal("null", at: index)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let end = numberEnd(index)
            return end
        default:
            throw JSONScanError(offset: index, message: index < bytes.count ? "unexpected character" : "unexpected end of JSON")
        }
    }

    func literal(_ word: StaticString, at index: Int) throws(JSONScanError) -> Int {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else {
            throw JSONScanError(offset: index, message: "expected `\(word)`")
        }
        return index + count
    }

    func numberEnd(_ index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                cursor += 1
            default:
                return cursor
            }
        }
        return cursor
    }

    func isNull(_ index: Int) -> Bool {
        let index = skipWhitespace(index)
        return index + 4 <= bytes.count && bytes[index] == UInt8(ascii: "n") && (try? literal("null", at: index)) != nil
    }

    /// The members of the object starting at `index`.
    func objectEntries(_ index: Int) throws(JSONScanError) -> [JSONObjectEntry] {
        try objectEntriesAndEnd(index).entries
    }

    /// The members of the object starting at `index`, and the index after its closing brace.
    func objectEntriesAndEnd(_ index: Int) throws(JSONScanError) -> (entries: [JSONObjectEntry], end: Int) {
        var cursor = skipWhitespace(index)
        guard byte(at: cursor) == UInt8(ascii: "{") else { throw JSONScanError(offset: cursor, message: "expected an object") }
        var entries: [JSONObjectEntry] = []
        entries.reserveCapacity(8)
        cursor = skipWhitespace(cursor + 1)
        if byte(at: cursor) == UInt8(ascii: "}") { return (entries, cursor + 1) }
        while true {
            let keyStart = cursor + 1
            let key = try skipString(cursor)
            cursor = skipWhitespace(key.end)
            guard byte(at: cursor) == UInt8(ascii: ":") else { throw JSONScanError(offset: cursor, message: "expected `:`") }
            let valueStart = skipWhitespace(cursor + 1)
            if byte(at: valueStart) == UInt8(ascii: "\"") {
                let value = try skipString(valueStart)
                entries.append(JSONObjectEntry(
                    keyStart: keyStart, keyEnd: key.end - 1, keyHasEscapes: key.hasEscapes, valueStart: valueStart,
                    plainStringEnd: value.hasEscapes ? -1 : value.end - 1
                ))
                cursor = skipWhitespace(value.end)
            } else {
                entries.append(JSONObjectEntry(keyStart: keyStart, keyEnd: key.end - 1, keyHasEscapes: key.hasEscapes, valueStart: valueStart))
                cursor = skipWhitespace(try skipValue(valueStart))
            }
            switch byte(at: cursor) {
            case UInt8(ascii: ","): cursor = skipWhitespace(cursor + 1)
            case UInt8(ascii: "}"): return (entries, cursor + 1)
            default: throw JSONScanError(offset: cursor, message: "expected `,` or `}`")
            }
        }
    }

    /// The start of each element of the array starting at `index`.
    func arrayElements(_ index: Int) throws(JSONScanError) -> [Int] {
        var cursor = skipWhitespace(index)
        guard byte(at: cursor) == UInt8(ascii: "[") else { throw JSONScanError(offset: cursor, message: "expected an array") }
        var elements: [Int] = []
        cursor = skipWhitespace(cursor + 1)
        if byte(at: cursor) == UInt8(ascii: "]") { return elements }
        while true {
            elements.append(cursor)
            cursor = skipWhitespace(try skipValue(cursor))
            switch byte(at: cursor) {
            case UInt8(ascii: ","): cursor = skipWhitespace(cursor + 1)
            case UInt8(ascii: "]"): return elements
            default: throw JSONScanError(offset: cursor, message: "expected `,` or `]`")
            }
        }
    }

    /// The string starting (with its quote) at `index`, escapes resolved.
    func string(at index: Int) throws(JSONScanError) -> String {
        let index = skipWhitespace(index)
        let (end, hasEscapes) = try skipString(index)
        return try string(from: index + 1, to: end - 1, hasEscapes: hasEscapes)
    }

    /// The text between `start` and `end` (exclusive) of a string, escapes resolved.
    func string(from start: Int, to end: Int, hasEscapes: Bool) throws(JSONScanError) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if !hasEscapes {
            return String(decoding: raw, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                cursor += 1
                continue
            }
            let escaped = self.byte(at: cursor + 1)
            cursor += 2
            switch escaped {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: cursor)
                cursor += 4
                if (0xD800..<0xDC00).contains(scalar), self.byte(at: cursor) == UInt8(ascii: "\\"), self.byte(at: cursor + 1) == UInt8(ascii: "u") {
                    let low = try hex4(at: cursor + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        cursor += 6
                    }
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw JSONScanError(offset: cursor - 6, message: "invalid unicode escape")
                }
                output.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw JSONScanError(offset: cursor - 2, message: "invalid escape")
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func hex4(at index: Int) throws(JSONScanError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONScanError(offset: index, message: "short unicode escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONScanError(offset: index + offset, message: "invalid hex digit")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The number text starting at `index`.
    func numberText(at index: Int) throws(JSONScanError) -> (start: Int, end: Int) {
        let index = skipWhitespace(index)
        let first = byte(at: index)
        guard first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw JSONScanError(offset: index, message: "expected a number")
        }
        return (index, numberEnd(index))
    }

    /// The integer at `index`, if it is written as one (digits, optional minus) and fits in 64 bits.
    func int64(at index: Int) throws(JSONScanError) -> Int64? {
        let (start, end) = try numberText(at: index)
        var cursor = start
        let negative = bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        guard cursor < end else { return nil }
        var magnitude: UInt64 = 0
        while cursor < end {
            let byte = bytes[cursor]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            cursor += 1
        }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// The number at `index` as a `Double`.
    func double(at index: Int) throws(JSONScanError) -> Double {
        let (start, end) = try numberText(at: index)
        guard end - start < 64 else { throw JSONScanError(offset: start, message: "number too long") }
        var buffer = [CChar](repeating: 0, count: end - start + 1)
        for offset in 0..<(end - start) { buffer[offset] = CChar(bitPattern: bytes[start + offset]) }
        return buffer.withUnsafeBufferPointer { pointer in
            strtod(pointer.baseAddress!, nil)
        }
    }

    /// The raw text of the number at `index`.
    func numberString(at index: Int) throws(JSONScanError) -> String {
        let (start, end) = try numberText(at: index)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The UUID written as the string at `index` (`8-4-4-4-12` hex digits, either case), or `nil` when it is not one.
    func uuid(at index: Int) throws(JSONScanError) -> UUID? {
        let index = skipWhitespace(index)
        // The canonical form, quotes included, is 38 bytes of which none can be a quote or a backslash: when the
        // 38th is the closing quote and the rest parse, there is no need to find the string's end first.
        if bytes.count - index >= 38, bytes[index] == UInt8(ascii: "\""), bytes[index + 37] == UInt8(ascii: "\""),
           let uuid = canonicalUUID(at: index + 1) {
            return uuid
        }
        let (end, hasEscapes) = try skipString(index)
        guard !hasEscapes, end - index == 38 else { return nil }
        var bytes16: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &bytes16) { output -> Bool in
            var cursor = index + 1
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    guard bytes[cursor] == UInt8(ascii: "-") else { return false }
                    cursor += 1
                }
                guard let high = Self.hexValue(bytes[cursor]), let low = Self.hexValue(bytes[cursor + 1]) else { return false }
                output[position] = high << 4 | low
                cursor += 2
            }
            return true
        }
        return ok ? UUID(uuid: bytes16) : nil
    }

    /// The high bit of each byte of `word` is set where that byte is zero (below the lowest zero byte exactly;
    /// above it, possibly also where a byte is 0x01).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// The UUID in the 36 bytes at `start` (`8-4-4-4-12` hex digits, either case), or `nil`.
    ///
    /// Eight digits at a time (SWAR): the 32 digits are gathered into four words around the dashes, each word is
    /// checked to hold only hex digits and turned into four bytes.
    private func canonicalUUID(at start: Int) -> UUID? {
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<start + 36])
        guard text[8] == UInt8(ascii: "-"), text[13] == UInt8(ascii: "-"), text[18] == UInt8(ascii: "-"), text[23] == UInt8(ascii: "-") else {
            return nil
        }
        func u32(_ offset: Int) -> UInt64 { UInt64(text.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian) }
        func u64(_ offset: Int) -> UInt64 { text.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian }
        guard let a = Self.hexBytes(u64(0)), let b = Self.hexBytes(u32(9) | u32(14) << 32),
              let c = Self.hexBytes(u32(19) | u32(24) << 32), let d = Self.hexBytes(u64(28)) else {
            return nil
        }
        var words = ((UInt64(a) | UInt64(b) << 32).littleEndian, (UInt64(c) | UInt64(d) << 32).littleEndian)
        return withUnsafeBytes(of: &words) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// The four bytes written by the eight hex digits in `word` (the first digit in the lowest byte), the first byte
    /// lowest; `nil` when a byte is not a hex digit.
    @inline(__always)
    static func hexBytes(_ word: UInt64) -> UInt32? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard word & highs == 0 else { return nil }  // ASCII only, so the sums below carry into no other byte
        // A byte is in `low...high` when adding `0x80 - low` sets its high bit and adding `0x7F - high` does not.
        func within(_ value: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
            (value &+ (0x80 &- low) &* ones) & ~(value &+ (0x7F &- high) &* ones) & highs
        }
        let digits = within(word, 0x30, 0x39)
        let letters = within(word | 0x2020_2020_2020_2020, 0x61, 0x66)  // either case
        guard digits | letters == highs else { return nil }
        // Digit values: the low nibble, plus 9 for letters (bit 6 set).
        let values = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ ((word >> 6) & ones) &* 9
        // Pairs of digits into bytes, one per 16-bit lane, then the lanes packed together.
        var packed = ((values & 0x000F_000F_000F_000F) << 4) | ((values >> 8) & 0x000F_000F_000F_000F)
        packed = (packed | (packed >> 8)) & 0x0000_FFFF_0000_FFFF
        packed = (packed | (packed >> 16)) & 0xFFFF_FFFF
        return UInt32(packed)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = (byte | 0x20) &- UInt8(ascii: "a")  // either case
        return letter < 6 ? letter + 10 : nil
    }
}
