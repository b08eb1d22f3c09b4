/// Numbers, durations and strings.
extension LexerCore {
    /// `42`, `1_000`, `12.50`, `30m`; a letter right after the digits is a unit or a mistake.
    mutating func lexNumber() {
        let start = index
        skipDigits()
        var isDecimal = false
        if index + 1 < count, buffer[index] == UInt8(ascii: "."), isDigit(buffer[index + 1]) {
            isDecimal = true
            index += 1
            skipDigits()
        }
        let numberEnd = index
        guard index < count, isIdentifierByte(buffer[index]) else {
            emit(isDecimal ? .decimal : .integer, start, numberEnd)
            return
        }
        while index < count, isIdentifierByte(buffer[index]) { index += 1 }
        let suffix = text(numberEnd, index)
        let isUnit = DurationLiteral.Unit(rawValue: suffix) != nil
        if isUnit, !isDecimal {
            emit(.duration, start, index)
        } else if isUnit {
            if hasRoom() { report(SyntaxDiagnostics.fractionalDuration(span(start, index), text: text(start, index))) }
            emit(.duration, start, index)
        } else {
            if hasRoom() { report(SyntaxDiagnostics.invalidNumberSuffix(span(numberEnd, index), suffix: suffix, number: text(start, numberEnd))) }
            emit(isDecimal ? .decimal : .integer, start, numberEnd)
        }
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while index < count, isDigit(buffer[index]) || buffer[index] == UInt8(ascii: "_") { index += 1 }
    }

    /// The inside of a string literal up to its closing `"`, an interpolation `\(`, or the end of the line.
    mutating func lexStringBody(quote: Int) {
        let segmentStart = index
        while index < count {
            let b = buffer[index]
            if b == UInt8(ascii: "\"") {
                emitSegment(segmentStart, index)
                index += 1
                emit(.stringEnd, index - 1, index)
                stack.removeLast()
                return
            }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
            if b == UInt8(ascii: "\\") {
                if index + 1 >= count { index += 1; break }
                let c = buffer[index + 1]
                switch c {
                case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "\""), UInt8(ascii: "\\"),
                     UInt8(ascii: "0"):
                    index += 2
                case UInt8(ascii: "("):
                    emitSegment(segmentStart, index)
                    index += 2
                    emit(.interpolationStart, index - 2, index)
                    stack.append(.interpolation(open: index - 2, depth: 0))
                    return
                case UInt8(ascii: "u"):
                    lexUnicodeEscape()
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    index += 1
                default:
                    let length = max(1, scalarLength(at: index + 1))
                    if hasRoom() { report(SyntaxDiagnostics.invalidEscape(span(index, index + 1 + length), text: text(index, index + 1 + length))) }
                    index += 1 + length
                }
            } else if b >= 0x80 {
                let length = scalarLength(at: index)
                if length == 0 {
                    skipInvalidUTF8()
                } else {
                    index += length
                }
            } else {
                index += 1
            }
        }
        emitSegment(segmentStart, index)
        if hasRoom() { report(SyntaxDiagnostics.unterminatedString(span(quote, index))) }
        closeAllFrames(at: index)
    }

    mutating func emitSegment(_ start: Int, _ end: Int) {
        guard end > start else { return }
        tokens.append(Token(kind: .stringSegment, span: span(start, end), precededByNewline: false))
    }

    /// `\u{1F600}`: one to eight hex digits naming a Unicode scalar.
    mutating func lexUnicodeEscape() {
        let start = index
        index += 2
        guard index < count, buffer[index] == UInt8(ascii: "{") else {
            if hasRoom() { report(SyntaxDiagnostics.invalidUnicodeEscape(span(start, index), text: text(start, index))) }
            return
        }
        index += 1
        var value: UInt32 = 0
        var digits = 0
        while index < count, let digit = hexValue(buffer[index]) {
            if digits < 9 { value = value << 4 | digit }
            digits += 1
            index += 1
        }
        let closed = index < count && buffer[index] == UInt8(ascii: "}")
        if closed { index += 1 }
        if !closed || digits == 0 || digits > 8 || Unicode.Scalar(value) == nil {
            if hasRoom() { report(SyntaxDiagnostics.invalidUnicodeEscape(span(start, index), text: text(start, index))) }
        }
    }

    func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

/// Resolves the escapes of a string segment's bytes (the lexer has already reported bad ones; they are dropped).
public enum StringLiteralDecoder {
    /// The resolved text of a ``TokenKind/stringSegment`` token of `file`.
    public static func decode(_ token: Token, in file: SourceFile) -> String {
        let start = max(0, min(token.span.start, file.bytes.count))
        let end = max(start, min(token.span.end, file.bytes.count))
        return file.bytes.withUnsafeBufferPointer { decode($0, start..<end) }
    }

    /// The text of `bytes[range]` with `\n \t \r \" \\ \0 \u{…}` resolved and invalid UTF-8 repaired.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var hasEscape = false
        for i in range where bytes[i] == UInt8(ascii: "\\") {
            hasEscape = true
            break
        }
        if !hasEscape {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < end else {
                out.append(b)
                i += 1
                continue
            }
            let c = bytes[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "0"): out.append(0x00)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
            case UInt8(ascii: "u"):
                guard i < end, bytes[i] == UInt8(ascii: "{") else { continue }
                i += 1
                var value: UInt32 = 0
                var digits = 0
                while i < end, bytes[i] != UInt8(ascii: "}") {
                    let d = bytes[i]
                    let v: UInt32? = switch d {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(d - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(d - UInt8(ascii: "a") + 10)
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(d - UInt8(ascii: "A") + 10)
                    default: nil
                    }
                    guard let v else { break }
                    if digits < 9 { value = value << 4 | v }
                    digits += 1
                    i += 1
                }
                if i < end, bytes[i] == UInt8(ascii: "}") { i += 1 }
                if digits >= 1, digits <= 8, let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            default:
                break  // reported by the lexer
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
