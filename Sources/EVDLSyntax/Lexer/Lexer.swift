/// Turns the bytes of a `.evdl` file into tokens, in one pass, without building a `String` per character.
///
/// Strings are lexed in modes: `"` opens a string, `\(` inside it opens an interpolation whose tokens are ordinary
/// tokens, and the `)` matching `\(` closes it again. The lexer keeps those modes on an explicit stack, so deep
/// nesting never recurses. An unterminated string or interpolation is reported once and closed with zero-width
/// ``Token/isMissing`` tokens, so the parser always sees balanced strings.
public enum Lexer {
    /// The most diagnostics the lexer records for one file; the parser adds a final note when there were more.
    public static let diagnosticLimit = 200

    /// Lexes a whole file.
    public static func tokenize(_ file: SourceFile) -> LexedFile {
        file.bytes.withUnsafeBufferPointer { buffer in
            var core = LexerCore(buffer: buffer, file: file.id, reserve: buffer.count / 5 + 8)
            core.run()
            return LexedFile(
                tokens: core.tokens, docComments: core.docComments, comments: core.comments,
                diagnostics: core.diagnostics, droppedDiagnosticCount: core.droppedDiagnostics)
        }
    }
}

/// The lexer's state while it walks one buffer.
struct LexerCore {
    /// A mode the lexer is in besides plain code.
    enum Frame {
        /// Inside a string literal that opened at `quote`.
        case string(quote: Int)
        /// Inside `\( … )` opened at `open`, with `depth` unclosed `(` of its own.
        case interpolation(open: Int, depth: Int)
    }

    let buffer: UnsafeBufferPointer<UInt8>
    let file: FileID
    let count: Int
    var index = 0
    var tokens: [Token] = []
    var comments: [Comment] = []
    var docComments: [DocComment] = []
    var diagnostics: [Diagnostic] = []
    var droppedDiagnostics = 0
    var newlineBefore = true
    var stack: [Frame] = []
    var pendingDocLines: [String] = []
    var pendingDocStart = 0
    var pendingDocEnd = 0
    /// The end of the last invalid UTF-8 byte reported, so that a run of bad bytes gives one diagnostic.
    var lastInvalidUTF8End = -1
    /// Whether the end-of-file token has been emitted.
    var finished = false

    /// Creates a lexer; `reserve` is how many tokens to make room for at once.
    init(buffer: UnsafeBufferPointer<UInt8>, file: FileID, reserve: Int) {
        self.buffer = buffer
        self.file = file
        self.count = buffer.count
        tokens.reserveCapacity(reserve)
    }

    // MARK: Driver

    /// Lexes the whole buffer.
    mutating func run() {
        while !finished { step() }
    }

    /// Lexes at least one more token (several when a string or an unterminated construct needs them),
    /// unless the end-of-file token has been emitted.
    mutating func step() {
        if finished { return }
        if case .string(let quote)? = stack.last {
            lexStringBody(quote: quote)
            return
        }
        let triviaStart = index
        skipTrivia()
        if !stack.isEmpty, newlineBefore || index >= count {
            reportUnterminatedInterpolation(at: triviaStart)
        }
        if index >= count {
            emit(.endOfFile, index, index)
            finished = true
            return
        }
        lexToken()
    }

    func span(_ start: Int, _ end: Int) -> Span { Span(file: file, start: start, end: end) }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }

    /// Whether another diagnostic is still recorded; past the limit it is only counted (its text never built).
    mutating func hasRoom() -> Bool {
        if diagnostics.count < Lexer.diagnosticLimit { return true }
        droppedDiagnostics += 1
        return false
    }

    /// Records a diagnostic (call ``hasRoom()`` first).
    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
        var docIndex: Int32 = -1
        if !pendingDocLines.isEmpty {
            docIndex = Int32(docComments.count)
            docComments.append(DocComment(lines: pendingDocLines, span: span(pendingDocStart, pendingDocEnd)))
            pendingDocLines.removeAll(keepingCapacity: true)
        }
        tokens.append(Token(kind: kind, span: span(start, end), precededByNewline: newlineBefore, docCommentIndex: docIndex))
        newlineBefore = false
    }

    /// Emits the zero-width tokens that close every open string and interpolation.
    mutating func closeAllFrames(at offset: Int) {
        while let frame = stack.popLast() {
            let kind: TokenKind
            switch frame {
            case .string: kind = .stringEnd
            case .interpolation: kind = .interpolationEnd
            }
            tokens.append(Token(kind: kind, span: span(offset, offset), precededByNewline: false, isMissing: true))
        }
    }

    mutating func reportUnterminatedInterpolation(at offset: Int) {
        for frame in stack.reversed() {
            if case .interpolation(let open, _) = frame {
                if hasRoom() { report(SyntaxDiagnostics.unterminatedInterpolation(span(open, open + 2))) }
                break
            }
        }
        closeAllFrames(at: offset)
    }

    // MARK: Tokens

    mutating func lexToken() {
        let start = index
        let byte = buffer[index]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            lexIdentifier()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            lexNumber()
        case UInt8(ascii: "\""):
            index += 1
            emit(.stringStart, start, index)
            stack.append(.string(quote: start))
        case UInt8(ascii: "("):
            if case .interpolation(let open, let depth)? = stack.last {
                stack[stack.count - 1] = .interpolation(open: open, depth: depth + 1)
            }
            single(.leftParen)
        case UInt8(ascii: ")"):
            if case .interpolation(let open, let depth)? = stack.last {
                if depth == 0 {
                    stack.removeLast()
                    single(.interpolationEnd)
                    return
                }
                stack[stack.count - 1] = .interpolation(open: open, depth: depth - 1)
            }
            single(.rightParen)
        case UInt8(ascii: "{"): single(.leftBrace)
        case UInt8(ascii: "}"): single(.rightBrace)
        case UInt8(ascii: "["): single(.leftBracket)
        case UInt8(ascii: "]"): single(.rightBracket)
        case UInt8(ascii: ","): single(.comma)
        case UInt8(ascii: ";"): single(.semicolon)
        case UInt8(ascii: ":"): single(.colon)
        case UInt8(ascii: "."): single(.dot)
        case UInt8(ascii: "%"): single(.percent)
        case UInt8(ascii: "-"):
            if peek(1) == UInt8(ascii: ">") { double(.arrow) } else if peek(1) == UInt8(ascii: "=") { double(.minusEqual) } else { single(.minus) }
        case UInt8(ascii: "+"): if peek(1) == UInt8(ascii: "=") { double(.plusEqual) } else { single(.plus) }
        case UInt8(ascii: "*"):
            if peek(1) == UInt8(ascii: "=") {
                double(.starEqual)
            } else if peek(1) == UInt8(ascii: "/") {
                lexStray(length: 2, help: "`*/` closes a block comment, but no `/*` is open")
            } else {
                single(.star)
            }
        case UInt8(ascii: "/"): if peek(1) == UInt8(ascii: "=") { double(.slashEqual) } else { single(.slash) }
        case UInt8(ascii: "="): if peek(1) == UInt8(ascii: "=") { double(.equalEqual) } else { single(.equal) }
        case UInt8(ascii: "!"): if peek(1) == UInt8(ascii: "=") { double(.bangEqual) } else { single(.bang) }
        case UInt8(ascii: "<"): if peek(1) == UInt8(ascii: "=") { double(.lessEqual) } else { single(.less) }
        case UInt8(ascii: ">"): if peek(1) == UInt8(ascii: "=") { double(.greaterEqual) } else { single(.greater) }
        case UInt8(ascii: "?"): if peek(1) == UInt8(ascii: "?") { double(.questionQuestion) } else { single(.question) }
        case UInt8(ascii: "$") where peek(1) >= UInt8(ascii: "0") && peek(1) <= UInt8(ascii: "9"):
            // `$0`: the parameter of a closure.
            index += 1
            while index < count, buffer[index] >= UInt8(ascii: "0"), buffer[index] <= UInt8(ascii: "9") { index += 1 }
            emit(.identifier, start, index)
        case UInt8(ascii: "`"):
            lexEscapedIdentifier()
        case UInt8(ascii: "&"):
            if peek(1) == UInt8(ascii: "&") { double(.ampAmp) } else { lexStray(length: 1, help: "did you mean `&&`?") }
        case UInt8(ascii: "|"):
            if peek(1) == UInt8(ascii: "|") { double(.pipePipe) } else { lexStray(length: 1, help: "did you mean `||`?") }
        default:
            if byte >= 0x80, scalarLength(at: index) == 0 {
                lexInvalidUTF8()
            } else {
                let help = byte == UInt8(ascii: "'") ? "strings are written in double quotes: `\"…\"`" : nil
                lexStray(length: nil, help: help)
            }
        }
    }

    func peek(_ offset: Int) -> UInt8 {
        index + offset < count ? buffer[index + offset] : 0
    }

    mutating func single(_ kind: TokenKind) {
        index += 1
        emit(kind, index - 1, index)
    }

    mutating func double(_ kind: TokenKind) {
        index += 2
        emit(kind, index - 2, index)
    }

    mutating func lexIdentifier() {
        let start = index
        var allLower = true
        while index < count {
            let b = buffer[index]
            if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") {
                index += 1
            } else if isIdentifierByte(b) {
                allLower = false
                index += 1
            } else {
                break
            }
        }
        if allLower, let keyword = KeywordTable.lookup(buffer, start, index) {
            emit(.keyword(keyword), start, index)
        } else {
            emit(.identifier, start, index)
        }
    }

    /// `` `name` ``: a name spelled like a keyword (or any name), as in Swift. The token is an identifier whose
    /// span includes the backticks; the parser reads the name without them.
    mutating func lexEscapedIdentifier() {
        let start = index
        var end = index + 1
        let first = end < count ? buffer[end] : 0
        let startsName = (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || first == UInt8(ascii: "_")
        if startsName {
            while end < count, isIdentifierByte(buffer[end]) { end += 1 }
            if end < count, buffer[end] == UInt8(ascii: "`") {
                index = end + 1
                emit(.identifier, start, index)
                return
            }
        }
        lexStray(length: 1, help: "a name in backticks is written `` `name` ``: letters, digits and `_`, then a closing backtick")
    }

    /// Stray characters (valid UTF-8 that starts no token): `length` bytes, or (when `nil`) up to the next byte that
    /// could start a token.
    mutating func lexStray(length: Int?, help: String?) {
        let start = index
        if let length {
            index += length
        } else {
            index += max(1, scalarLength(at: index))
            while index < count, isStrayStart(buffer[index]) {
                let length = scalarLength(at: index)
                if length == 0 { break }
                index += length
            }
        }
        if hasRoom() { report(SyntaxDiagnostics.unexpectedCharacters(span(start, index), text: text(start, index), help: help)) }
        emit(.invalid, start, index)
    }

    /// Whether a byte starts a stray run: not whitespace and not the start of any token.
    func isStrayStart(_ b: UInt8) -> Bool {
        if b >= 0x80 { return true }
        switch b {
        case UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "^"), UInt8(ascii: "~"),
             UInt8(ascii: "`"), UInt8(ascii: "'"), UInt8(ascii: "\\"), 0x7F:
            return true
        default:
            return b < 0x20 && b != UInt8(ascii: "\n") && b != UInt8(ascii: "\r") && b != UInt8(ascii: "\t")
        }
    }

    mutating func lexInvalidUTF8() {
        let start = index
        skipInvalidUTF8()
        emit(.invalid, start, index)
    }

    /// Skips a run of bytes that are not valid UTF-8 and reports it once.
    mutating func skipInvalidUTF8() {
        let start = index
        while index < count, buffer[index] >= 0x80, scalarLength(at: index) == 0 {
            index += 1
        }
        reportInvalidUTF8(start, index)
    }

    mutating func reportInvalidUTF8(_ start: Int, _ end: Int) {
        if start <= lastInvalidUTF8End {
            lastInvalidUTF8End = end
            return
        }
        lastInvalidUTF8End = end
        if hasRoom() { report(SyntaxDiagnostics.invalidUTF8(span(start, end))) }
    }

    /// The length of the valid UTF-8 scalar at `offset`, or 0 when the bytes there are not valid UTF-8.
    func scalarLength(at offset: Int) -> Int {
        let b0 = buffer[offset]
        if b0 < 0x80 { return 1 }
        func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            offset + k < count && buffer[offset + k] >= low && buffer[offset + k] <= high
        }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xE1...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}

/// Whether a byte may continue an identifier.
@inline(__always)
func isIdentifierByte(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
        || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
}

/// Finds keywords without building a `String`: each lowercase word of 2…10 letters packs into 5 bits per letter.
enum KeywordTable {
    static let sorted: [(key: UInt64, keyword: Keyword)] = Keyword.allCases
        .map { (pack(Array($0.rawValue.utf8)), $0) }
        .sorted { $0.0 < $1.0 }

    static func pack<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var key: UInt64 = 0
        for b in bytes { key = key << 5 | UInt64(b - 0x60) }
        return key
    }

    /// The keyword spelled by `buffer[start..<end]` (all lowercase ASCII letters), if any.
    static func lookup(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Keyword? {
        let length = end - start
        guard length >= 2, length <= 10 else { return nil }
        var key: UInt64 = 0
        for i in start..<end { key = key << 5 | UInt64(buffer[i] &- 0x60) }
        let table = sorted
        var lo = 0
        var hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let k = table[mid].key
            if k == key { return table[mid].keyword }
            if k < key { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }
}
