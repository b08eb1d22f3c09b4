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

    /// The high bit of each byte of `word` is set where that byte is zero (below the lowest zero byte exactly;
    /// above it, possibly also where a byte is 0x01).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }
}
