import EVDLSyntax

/// A spec text with places marked inside it, for tests that read like the thing they test.
///
/// Write `«` and `»` around the span a diagnostic must point at:
///
///     aggregate Order {
///       apply «Nope» { }
///     }
///
/// `MarkedSource` removes the markers and remembers the byte ranges they enclosed, in order.
public struct MarkedSource: Sendable {
    /// The text without markers.
    public let text: String
    /// The marked byte ranges `[start, end)` in `text`, sorted by start offset.
    public let marks: [Range<Int>]

    /// Strips `«` `»` pairs from `marked`. Unbalanced markers are a programming error in the test.
    public init(_ marked: String) {
        var out: [UInt8] = []
        var marks: [Range<Int>] = []
        var open: [Int] = []
        for scalar in marked.unicodeScalars {
            switch scalar {
            case "«":
                open.append(out.count)
            case "»":
                precondition(!open.isEmpty, "unbalanced » in marked source")
                marks.append(open.removeLast()..<out.count)
            default:
                out.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        precondition(open.isEmpty, "unbalanced « in marked source")
        self.text = String(decoding: out, as: UTF8.self)
        self.marks = marks.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
    }

    /// The single marked range; fails the precondition unless exactly one was marked.
    public var mark: Range<Int> {
        precondition(marks.count == 1, "expected exactly one «…» mark, found \(marks.count)")
        return marks[0]
    }

    /// A source manager holding this text as one file, and the file's id.
    public func sourceManager(path: String = "test.evdl") -> (SourceManager, FileID) {
        var sources = SourceManager()
        let id = sources.add(path: path, text: text)
        return (sources, id)
    }
}
