/// One source line as a terminal shows it: tabs expanded, control characters made visible, invalid UTF-8
/// replaced, and the display column of every byte, so that carets land under the right characters.
struct DisplayLine: Sendable {
    /// How many columns a tab takes in a snippet (rustc uses the same).
    static let tabWidth = 4
    /// Lines longer than this many display columns are cut around the span they show.
    static let maximumWidth = 160

    /// The printed pieces (one per scalar or invalid byte) with the display column each starts at.
    let pieces: [(text: String, column: Int)]
    /// `columns[i]` is the 0-based display column where byte `i` of the line starts; `columns[byteCount]` is the width.
    let columns: [Int]

    /// Prepares the bytes of one line (without its terminator).
    init<Bytes: RandomAccessCollection>(bytes: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        var pieces: [(text: String, column: Int)] = []
        var columns: [Int] = []
        columns.reserveCapacity(bytes.count + 1)
        var column = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let (scalar, length) = Self.decode(bytes, at: i)
            let shown: String
            let width: Int
            if let scalar {
                if scalar == "\t" {
                    shown = String(repeating: " ", count: Self.tabWidth)
                    width = Self.tabWidth
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    // Control pictures: U+2400 + code (DEL is U+2421).
                    let picture = Unicode.Scalar(scalar.value == 0x7F ? 0x2421 : 0x2400 + scalar.value)!
                    shown = String(Character(picture))
                    width = 1
                } else {
                    shown = String(Character(scalar))
                    width = Self.width(of: scalar)
                }
            } else {
                shown = "\u{FFFD}"
                width = 1
            }
            for _ in 0..<length { columns.append(column) }
            pieces.append((shown, column))
            column += width
            i += length
        }
        columns.append(column)
        self.pieces = pieces
        self.columns = columns
    }

    /// The whole line as printed.
    var text: String { pieces.map(\.text).joined() }

    /// The pieces that start in display columns `[from, to)`, as printed.
    func text(from: Int, to: Int) -> String {
        pieces.filter { $0.column >= from && $0.column < to }.map(\.text).joined()
    }

    /// The display width of the whole line.
    var width: Int { columns[columns.count - 1] }

    /// The display column (0-based) of a byte offset inside the line, clamped to the line.
    func column(ofByte offset: Int) -> Int { columns[max(0, min(offset, columns.count - 1))] }

    /// Decodes one UTF-8 scalar at `i`; returns `nil` and length 1 for a byte that does not start a valid sequence.
    static func decode<Bytes: RandomAccessCollection>(_ bytes: Bytes, at i: Int) -> (Unicode.Scalar?, Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let lead = bytes[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        let minimum: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07); minimum = 0x10000
        default: return (nil, 1)
        }
        guard i + length <= bytes.endIndex else { return (nil, 1) }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }

    /// Terminal columns of a scalar: 0 for combining marks and joiners, 2 for wide East Asian characters and
    /// emoji presentation, 1 otherwise.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200D || (0xFE00...0xFE0F).contains(v) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
