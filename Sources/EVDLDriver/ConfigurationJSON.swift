/// A reader of the JSON the configuration file holds (RFC 8259): it checks the whole text and keeps, of a
/// top-level object, each key with its value when the value is a string.
struct ConfigurationJSON {
    /// A value of the top-level object, as far as the configuration cares.
    enum Value: Equatable {
        /// A string, decoded.
        case string(String)
        /// Any other value (number, `true`, `false`, `null`, array, object).
        case other
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The members of the top-level object (the last of duplicate keys wins), or `nil` when the text is not
    /// valid JSON or not an object.
    static func object(_ bytes: [UInt8]) -> [String: Value]? {
        var reader = ConfigurationJSON(bytes)
        // A UTF-8 byte order mark is allowed (as `JSONSerialization` allows it); offsets stay byte offsets.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        reader.skipSpace()
        guard reader.peek == UInt8(ascii: "{"), let members = reader.parseObject() else { return nil }
        reader.skipSpace()
        return reader.position == bytes.count ? members : nil
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
    }

    private mutating func eat(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    private mutating func parseObject() -> [String: Value]? {
        guard eat(UInt8(ascii: "{")) else { return nil }
        depth += 1
        defer { depth -= 1 }
        guard depth <= 512 else { return nil }
        var members: [String: Value] = [:]
        skipSpace()
        if eat(UInt8(ascii: "}")) { return members }
        while true {
            skipSpace()
            guard let key = parseString() else { return nil }
            skipSpace()
            guard eat(UInt8(ascii: ":")), let value = parseValue() else { return nil }
            members[key] = value
            skipSpace()
            if eat(UInt8(ascii: "}")) { return members }
            guard eat(UInt8(ascii: ",")) else { return nil }
        }
    }

    private mutating func parseArray() -> Bool {
        guard eat(UInt8(ascii: "[")) else { return false }
        depth += 1
        defer { depth -= 1 }
        guard depth <= 512 else { return false }
        skipSpace()
        if eat(UInt8(ascii: "]")) { return true }
        while true {
            guard parseValue() != nil else { return false }
            skipSpace()
            if eat(UInt8(ascii: "]")) { return true }
            guard eat(UInt8(ascii: ",")) else { return false }
        }
    }

    private mutating func parseValue() -> Value? {
        skipSpace()
        guard let b = peek else { return nil }
        switch b {
        case UInt8(ascii: "\""): return parseString().map(Value.string)
        case UInt8(ascii: "{"): return parseObject() == nil ? nil : .other
        case UInt8(ascii: "["): return parseArray() ? .other : nil
        case UInt8(ascii: "t"): return literal("true") ? .other : nil
        case UInt8(ascii: "f"): return literal("false") ? .other : nil
        case UInt8(ascii: "n"): return literal("null") ? .other : nil
        default: return parseNumber() ? .other : nil
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        for byte in word.utf8 {
            guard eat(byte) else { return false }
        }
        return true
    }

    /// number = [ "-" ] int [ frac ] [ exp ]
    private mutating func parseNumber() -> Bool {
        _ = eat(UInt8(ascii: "-"))
        let first = peek
        let count = digits()
        guard count > 0, count == 1 || first != UInt8(ascii: "0") else { return false }
        if eat(UInt8(ascii: ".")), digits() == 0 { return false }
        if eat(UInt8(ascii: "e")) || eat(UInt8(ascii: "E")) {
            if !eat(UInt8(ascii: "+")) { _ = eat(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return true
    }

    private mutating func digits() -> Int {
        let start = position
        while let b = peek, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    private mutating func parseString() -> String? {
        guard eat(UInt8(ascii: "\"")) else { return nil }
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        // Invalid UTF-8 makes the string invalid (decoding would put U+FFFD in its place).
        func flush() -> Bool {
            guard String(validating: run, as: UTF8.self) != nil || run.isEmpty else { return false }
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll()
            return true
        }
        while let b = peek {
            position += 1
            if b == UInt8(ascii: "\"") {
                return flush() ? String(scalars) : nil
            }
            if b < 0x20 { return nil }
            guard b == UInt8(ascii: "\\") else {
                run.append(b)
                continue
            }
            guard flush(), let escape = peek else { return nil }
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                guard let unit = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(unit) {
                    // A high surrogate must be followed by an escaped low one; anything else is invalid.
                    guard eat(UInt8(ascii: "\\")), eat(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low),
                          let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else { return nil }
                    scalars.append(scalar)
                } else {
                    guard let scalar = Unicode.Scalar(unit) else { return nil }  // a lone low surrogate
                    scalars.append(scalar)
                }
            default: return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            position += 1
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
