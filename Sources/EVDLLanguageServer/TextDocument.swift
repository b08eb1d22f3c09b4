import EVDLSyntax

/// A place in a document as LSP counts it: a 0-based line and a 0-based offset in UTF-16 code units.
public struct Position: Hashable, Sendable, Comparable {
    /// The 0-based line.
    public var line: Int
    /// The 0-based UTF-16 code unit offset in the line.
    public var character: Int

    /// Creates a position.
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    /// Orders positions by line, then character.
    public static func < (lhs: Position, rhs: Position) -> Bool { (lhs.line, lhs.character) < (rhs.line, rhs.character) }

    /// `{"line":…,"character":…}`.
    public var json: JSON { ["line": .int(line), "character": .int(character)] }

    /// Reads `{"line":…,"character":…}`; `nil` unless both are non-negative whole numbers.
    public init?(json: JSON?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int, line >= 0, character >= 0 else { return nil }
        self.init(line: line, character: character)
    }
}

/// A range between two positions, end exclusive.
public struct TextRange: Hashable, Sendable {
    /// The first position.
    public var start: Position
    /// The position after the last.
    public var end: Position

    /// Creates a range.
    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    /// `{"start":…,"end":…}`.
    public var json: JSON { ["start": start.json, "end": end.json] }

    /// Reads `{"start":…,"end":…}`; `nil` when a position is missing or the end comes before the start.
    public init?(json: JSON?) {
        guard let start = Position(json: json?["start"]), let end = Position(json: json?["end"]), start <= end else { return nil }
        self.init(start: start, end: end)
    }
}

/// The text of one open or on-disk `.evdl` file, with conversions between byte offsets (the compiler's spans) and
/// LSP positions (UTF-16 code units).
public struct TextDocument: Sendable {
    /// The document's URI.
    public var uri: String
    /// The version the client gave (0 for files read from disk).
    public var version: Int
    /// The bytes, as the compiler reads them.
    public private(set) var bytes: [UInt8]
    /// Where each line starts.
    public private(set) var lines: LineTable

    /// Creates a document.
    public init(uri: String, version: Int, bytes: [UInt8]) {
        self.uri = uri
        self.version = version
        self.bytes = bytes
        self.lines = LineTable(bytes: bytes)
    }

    /// Creates a document from text.
    public init(uri: String, version: Int, text: String) { self.init(uri: uri, version: version, bytes: Array(text.utf8)) }

    /// The text (invalid UTF-8 repaired).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The byte length of the UTF-8 sequence starting with `lead` (1 for a byte that cannot start one).
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }

    /// The scalar starting at `i` (its byte length and UTF-16 width); a byte that does not start a complete valid
    /// sequence counts as one byte and one code unit, as the U+FFFD an editor shows for it.
    private func step(at i: Int, end: Int) -> (bytes: Int, units: Int) {
        let n = TextDocument.sequenceLength(bytes[i])
        guard n > 1, i + n <= end else { return (1, 1) }
        for k in 1..<n where bytes[i + k] & 0xC0 != 0x80 { return (1, 1) }
        return (n, n == 4 ? 2 : 1)
    }

    /// The end of a 0-based line's content, before its terminator.
    private func contentEnd(ofLine line: Int) -> Int {
        let range = lines.byteRange(ofLine: line + 1, in: bytes.count)
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The LSP position of a byte offset (clamped to the document; an offset inside a scalar counts from its start).
    public func position(of offset: Int) -> Position {
        let clamped = max(0, min(offset, bytes.count))
        let line = lines.line(of: clamped) - 1
        var i = lines.start(ofLine: line + 1)
        var units = 0
        while i < clamped {
            let s = step(at: i, end: bytes.count)
            if i + s.bytes > clamped { break }
            i += s.bytes
            units += s.units
        }
        return Position(line: line, character: units)
    }

    /// The byte offset of an LSP position. A line past the end means the end of the document; a character past the
    /// end of its line means the line's end (as the protocol says); a character inside a surrogate pair means the
    /// start of that scalar.
    public func offset(of position: Position) -> Int {
        guard position.line < lines.count else { return bytes.count }
        var i = lines.start(ofLine: position.line + 1)
        let end = contentEnd(ofLine: position.line)
        var units = 0
        while i < end {
            let s = step(at: i, end: end)
            if units + s.units > position.character { break }
            i += s.bytes
            units += s.units
        }
        return i
    }

    /// The LSP range of a span.
    public func range(of span: Span) -> TextRange { TextRange(start: position(of: span.start), end: position(of: span.end)) }

    /// The byte range of an LSP range.
    public func byteRange(of range: TextRange) -> Range<Int> {
        let s = offset(of: range.start)
        return s..<max(s, offset(of: range.end))
    }

    /// Replaces the bytes of an LSP range with new text (an incremental change), or everything when `range` is `nil`.
    public mutating func apply(change text: String, in range: TextRange?) {
        if let range {
            bytes.replaceSubrange(byteRange(of: range), with: Array(text.utf8))
        } else {
            bytes = Array(text.utf8)
        }
        lines = LineTable(bytes: bytes)
    }

    /// The range from the start to the end of the document.
    public var fullRange: TextRange { TextRange(start: Position(line: 0, character: 0), end: position(of: bytes.count)) }
}
