/// Whitespace and comments.
extension LexerCore {
    /// Skips whitespace and comments; sets `newlineBefore` when a line break was among them.
    mutating func skipTrivia() {
        while index < count {
            let b = buffer[index]
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                index += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                newlineBefore = true
                index += 1
            case UInt8(ascii: "/"):
                let next = peek(1)
                if next == UInt8(ascii: "/") {
                    lexLineComment()
                } else if next == UInt8(ascii: "*") {
                    lexBlockComment()
                } else {
                    return
                }
            default:
                return
            }
        }
    }

    /// `// …` or `/// …` up to the end of the line.
    mutating func lexLineComment() {
        let start = index
        let isDoc = peek(2) == UInt8(ascii: "/") && peek(3) != UInt8(ascii: "/")
        index += isDoc ? 3 : 2
        let textStart = index
        while index < count {
            let b = buffer[index]
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
            if b >= 0x80 {
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
        comments.append(Comment(kind: isDoc ? .doc : .line, span: span(start, index)))
        guard isDoc else { return }
        var lineStart = textStart
        if lineStart < index, buffer[lineStart] == UInt8(ascii: " ") { lineStart += 1 }
        if pendingDocLines.isEmpty { pendingDocStart = start }
        pendingDocLines.append(text(lineStart, index))
        pendingDocEnd = index
    }

    /// `/* … */`, nesting allowed.
    mutating func lexBlockComment() {
        let start = index
        index += 2
        var depth = 1
        while index < count {
            let b = buffer[index]
            if b == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                index += 2
                depth -= 1
                if depth == 0 {
                    comments.append(Comment(kind: .block, span: span(start, index)))
                    return
                }
            } else if b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                index += 2
                depth += 1
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                newlineBefore = true
                index += 1
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
        comments.append(Comment(kind: .block, span: span(start, index)))
        if hasRoom() { report(SyntaxDiagnostics.unterminatedBlockComment(span(start, start + 2), depth: depth)) }
    }
}
