/// Identifies one source file inside a ``SourceManager``.
/// Stored in 32 bits: spans and expression ids, which embed it, are the bulk of a tree's memory.
public struct FileID: Hashable, Sendable, Comparable {
    private let storage: UInt32

    /// The index of the file in the manager that created it.
    public var index: Int { Int(storage) }

    /// Creates a file identifier; only ``SourceManager`` hands these out in practice.
    public init(index: Int) { self.storage = UInt32(clamping: index) }

    /// Orders files in the order they were added.
    public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.storage < rhs.storage }
}

/// A half-open range of bytes `[start, end)` in one source file.
///
/// Spans store byte offsets only; line and column are computed from a ``LineTable`` when printing.
/// The offsets are stored in 32 bits (12 bytes a span instead of 24: every node, name and token holds one);
/// files are read whole into memory and are far below 4 GB. Offsets outside `0...UInt32.max` are clamped.
public struct Span: Hashable, Sendable {
    /// The file the bytes belong to.
    public var file: FileID
    private var startOffset: UInt32
    private var endOffset: UInt32

    /// The offset of the first byte.
    public var start: Int {
        get { Int(startOffset) }
        set { startOffset = UInt32(clamping: newValue) }
    }

    /// The offset one past the last byte.
    public var end: Int {
        get { Int(endOffset) }
        set { endOffset = UInt32(clamping: newValue) }
    }

    /// Creates a span; `end` is clamped so that it is never before `start`.
    public init(file: FileID, start: Int, end: Int) {
        self.file = file
        self.startOffset = UInt32(clamping: start)
        self.endOffset = UInt32(clamping: max(start, end))
    }

    /// The number of bytes covered.
    public var length: Int { end - start }

    /// The smallest span that covers both `self` and `other` (which must be in the same file).
    public func to(_ other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty span at the end of this one.
    public var endPoint: Span { Span(file: file, start: end, end: end) }
}

/// One `.evdl` file: its path, its bytes and the line table over them.
public struct SourceFile: Sendable {
    /// The identifier of this file in its manager.
    public let id: FileID
    /// The path as given by the user (used verbatim in diagnostics).
    public let path: String
    /// The raw bytes of the file; they are not required to be valid UTF-8.
    public let bytes: [UInt8]
    /// The start offsets of the lines.
    public let lines: LineTable

    /// Creates a source file from raw bytes.
    public init(id: FileID, path: String, bytes: [UInt8]) {
        self.id = id
        self.path = path
        self.bytes = bytes
        self.lines = LineTable(bytes: bytes)
    }

    /// The text of a span, with invalid UTF-8 repaired (for messages only).
    public func text(of span: Span) -> String {
        let s = max(0, min(span.start, bytes.count))
        let e = max(s, min(span.end, bytes.count))
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// The text of the line (1-based) without its line terminator.
    public func lineText(_ line: Int) -> String {
        let range = lines.byteRange(ofLine: line, in: bytes.count)
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[range.lowerBound..<end], as: UTF8.self)
    }
}

/// A line and column, both 1-based. The column counts Unicode scalars of the line's valid UTF-8 prefix,
/// and bytes one by one where the line holds invalid UTF-8.
public struct LineColumn: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column number.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// The start offsets of every line of a file, for turning byte offsets into lines and columns.
public struct LineTable: Sendable, Equatable {
    /// `offsets[i]` is the byte offset where line `i + 1` begins, in 32 bits (as in ``Span``). `offsets[0] == 0`.
    private let offsets: [UInt32]

    /// Scans the bytes once for `\n` (a `\r\n` pair ends a line at its `\n`; a lone `\r` also ends a line).
    public init(bytes: [UInt8]) {
        var offsets: [UInt32] = [0]
        // Specs run about 30–40 bytes a line; the table is fitted to its size at the end.
        offsets.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            let n = buffer.count
            while i < n {
                let b = buffer[i]
                // Both terminators are below 14: one comparison skips every other byte.
                if b < 14 {
                    if b == UInt8(ascii: "\n") {
                        offsets.append(UInt32(clamping: i + 1))
                    } else if b == UInt8(ascii: "\r") {
                        if i + 1 < n, buffer[i + 1] == UInt8(ascii: "\n") { i += 1 }
                        offsets.append(UInt32(clamping: i + 1))
                    }
                }
                i += 1
            }
        }
        self.offsets = offsets.trimmedToFit
    }

    /// The byte offset where a 1-based line begins (`line` is clamped to the lines there are).
    public func start(ofLine line: Int) -> Int { Int(offsets[max(0, min(line - 1, offsets.count - 1))]) }

    /// The number of lines (a file always has at least one, possibly empty).
    public var count: Int { offsets.count }

    /// The 1-based line holding `offset` (binary search).
    public func line(of offset: Int) -> Int {
        var lo = 0
        var hi = offsets.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(offsets[mid]) <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// The bytes of a 1-based line, including its terminator.
    public func byteRange(ofLine line: Int, in length: Int) -> Range<Int> {
        let idx = max(0, min(line - 1, offsets.count - 1))
        let start = min(Int(offsets[idx]), length)
        let end = idx + 1 < offsets.count ? min(Int(offsets[idx + 1]), length) : length
        return start..<max(start, end)
    }

    /// The line and column of `offset` in `bytes`.
    public func location(of offset: Int, in bytes: [UInt8]) -> LineColumn {
        let clamped = max(0, min(offset, bytes.count))
        let line = self.line(of: clamped)
        let lineStart = Int(offsets[line - 1])
        // Count scalars: every byte that is not a UTF-8 continuation byte starts a new column.
        var column = 1
        var i = lineStart
        while i < clamped {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return LineColumn(line: line, column: column)
    }
}

/// Owns every source file of one compilation and hands out their identifiers.
public struct SourceManager: Sendable {
    /// The files, indexed by ``FileID/index``.
    public private(set) var files: [SourceFile] = []

    /// Creates an empty manager.
    public init() {}

    /// Adds a file and returns its identifier.
    @discardableResult
    public mutating func add(path: String, bytes: [UInt8]) -> FileID {
        let id = FileID(index: files.count)
        files.append(SourceFile(id: id, path: path, bytes: bytes))
        return id
    }

    /// Adds a file from a string (tests, generated specs).
    @discardableResult
    public mutating func add(path: String, text: String) -> FileID {
        add(path: path, bytes: Array(text.utf8))
    }

    /// The file with the given identifier.
    public subscript(id: FileID) -> SourceFile { files[id.index] }

    /// The line and column where a span starts.
    public func location(of span: Span) -> LineColumn {
        let file = self[span.file]
        return file.lines.location(of: span.start, in: file.bytes)
    }

    /// `path:line:col` for the start of a span.
    public func describe(_ span: Span) -> String {
        "\(self[span.file].path):\(location(of: span))"
    }
}

extension Array {
    /// The same elements in a buffer of exactly their size (a copy when the buffer has room to spare).
    var trimmedToFit: [Element] {
        guard capacity > count else { return self }
        var fitted: [Element] = []
        fitted.reserveCapacity(count)
        fitted.append(contentsOf: self)
        return fitted
    }
}
