/// One thing read from the byte stream: a message body, or a header that could not be understood.
public enum FramedInput: Hashable, Sendable {
    /// The bytes of one message's content.
    case message([UInt8])
    /// A header block without a usable `Content-Length` (the block is skipped; reading goes on after it).
    case malformedHeader(String)
}

/// Splits the LSP base protocol's byte stream into messages: header lines (`Content-Length: N`, optionally
/// `Content-Type`), an empty line, then N bytes of content.
///
/// Lines may end in `\r\n` (as the protocol says) or a bare `\n` (as hand-written input often does). A header block
/// without a valid length, or longer than ``maximumHeaderBytes``, is reported and skipped, so that a bad header never
/// stops the server; content lengths above ``maximumContentBytes`` are refused the same way.
public struct MessageReader: Sendable {
    /// The longest header block accepted.
    public static let maximumHeaderBytes = 8 * 1024
    /// The largest message accepted (64 MiB).
    public static let maximumContentBytes = 64 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingLength: Int?

    /// Creates a reader with nothing buffered.
    public init() {}

    /// Appends bytes read from the stream.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message or malformed header, or `nil` when more bytes are needed.
    public mutating func next() -> FramedInput? {
        while true {
            if let length = pendingLength {
                guard buffer.count - start >= length else { return nil }
                let content = Array(buffer[start..<(start + length)])
                start += length
                pendingLength = nil
                return .message(content)
            }
            guard let (headerEnd, bodyStart) = findHeaderEnd() else {
                if buffer.count - start > MessageReader.maximumHeaderBytes {
                    start = buffer.count
                    return .malformedHeader("a header longer than \(MessageReader.maximumHeaderBytes) bytes")
                }
                return nil
            }
            let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
            start = bodyStart
            if header.allSatisfy({ $0.isWhitespace }) { continue }  // stray blank lines between messages
            switch MessageReader.contentLength(in: header) {
            case .success(let length): pendingLength = length
            case .failure(let problem): return .malformedHeader(problem.message)
            }
        }
    }

    /// The end of the header block and the start of the content after the blank line.
    private func findHeaderEnd() -> (Int, Int)? {
        var i = start
        let limit = min(buffer.count, start + MessageReader.maximumHeaderBytes + 4)
        while i < limit {
            if buffer[i] == 0x0A {
                // A line ends here; the block ends when the next line is empty.
                if i + 1 < buffer.count, buffer[i + 1] == 0x0A { return (i, i + 2) }
                if i + 2 < buffer.count, buffer[i + 1] == 0x0D, buffer[i + 2] == 0x0A { return (i, i + 3) }
                if i == start { return (i, i + 1) }
            }
            i += 1
        }
        return nil
    }

    private struct HeaderProblem: Error { var message: String }

    private static func contentLength(in header: String) -> Result<Int, HeaderProblem> {
        var length: Int?
        for rawLine in header.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            guard let colon = rawLine.firstIndex(of: ":") else {
                return .failure(HeaderProblem(message: "a header line without `:`"))
            }
            let name = rawLine[..<colon].trimmingSpaces.lowercased()
            let value = rawLine[rawLine.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                guard let n = Int(value), n >= 0 else { return .failure(HeaderProblem(message: "`Content-Length` is not a number")) }
                guard n <= maximumContentBytes else {
                    return .failure(HeaderProblem(message: "`Content-Length` above \(maximumContentBytes) bytes"))
                }
                length = n
            }
        }
        guard let length else { return .failure(HeaderProblem(message: "a header without `Content-Length`")) }
        return .success(length)
    }

    /// Frames a message body for writing: the header, a blank line, the UTF-8 content.
    public static func frame(_ content: String) -> [UInt8] {
        let body = Array(content.utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
