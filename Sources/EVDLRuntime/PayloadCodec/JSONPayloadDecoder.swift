import Foundation

/// A JSON `Decoder` for payloads, snapshots and rows, compatible with what `PayloadCodec` encodes (Foundation's
/// `JSONEncoder` with `.deferredToDate` dates and Base64 `Data`) and several times faster than `JSONDecoder`
/// on small objects: it reads the bytes in place, parses a value only when it is asked for, and decodes UUIDs,
/// `Decimal`s, `Data` and `URL`s straight from their JSON text as `JSONDecoder` does.
///
/// Its results are checked against `JSONDecoder`'s in the tests; `PayloadCodec(decoding: .foundation)` uses
/// `JSONDecoder` instead.
enum JSONPayloadDecoder {
    /// Decodes a `T` from the JSON in `data`.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> T in
            let scanner = JSONScanner(bytes: raw)
            let start = scanner.skipWhitespace(0)
            let decoder = JSONValueDecoder(scanner: scanner, offset: start, codingPath: [])
            let value = try decoder.decodeValue(type, at: start, codingPath: [])
            let end = scanner.skipWhitespace(try decoder.end ?? decoder.scan([]) { try scanner.skipValue(start) })
            guard end == raw.count else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unexpected text after the JSON value at byte \(end)"))
            }
            return value
        }
    }
}

extension JSONPayloadDecoder {
    /// Decodes a `T` that reads itself from a JSON object, straight from the bytes of `data`: the same result as
    /// `decode(_:from:)` without the dynamic cast and the generic dispatch on the way.
    static func decodeObject<T: JSONPayloadDecodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> T in
            let scanner = JSONScanner(bytes: raw)
            let start = scanner.skipWhitespace(0)
            let object = try JSONPayloadObject(scanner: scanner, offset: start, codingPath: [])
            let value = try T(jsonObject: object)
            let end = scanner.skipWhitespace(object.end)
            guard end == raw.count else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unexpected text after the JSON value at byte \(end)"))
            }
            return value
        }
    }
}

/// A decoder positioned on one JSON value. Lives only during `JSONPayloadDecoder.decode` (it points into the
/// bytes being decoded).
final class JSONValueDecoder: Decoder {
    let scanner: JSONScanner
    let offset: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The index after this decoder's value, once a container scan has found it.
    var end: Int?

    init(scanner: JSONScanner, offset: Int, codingPath: [any CodingKey]) {
        self.scanner = scanner
        self.offset = offset
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (entries, end) = try scan(codingPath) { try scanner.objectEntriesAndEnd(offset) }
        self.end = end
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(decoder: self, entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let elements = try scan(codingPath) { try scanner.arrayElements(offset) }
        return JSONUnkeyedContainer(decoder: self, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueContainer(decoder: self)
    }

    /// Runs a scanner step, turning its failure into `DecodingError.dataCorrupted` at `path`.
    func scan<T>(_ path: @autoclosure () -> [any CodingKey], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as JSONScanError {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "\(error.message) at byte \(error.offset)"))
        }
    }

    func typeMismatch<T>(_ type: T.Type, at offset: Int, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        let found = scanner.byte(at: scanner.skipWhitespace(offset))
        let what: String
        switch found {
        case UInt8(ascii: "\""): what = "a string"
        case UInt8(ascii: "{"): what = "an object"
        case UInt8(ascii: "["): what = "an array"
        case UInt8(ascii: "n"): what = "null"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): what = "a boolean"
        default: what = "a number"
        }
        return DecodingError.typeMismatch(type, .init(codingPath: path(), debugDescription: "expected \(type) but found \(what)"))
    }

    func decodeNil(at offset: Int) -> Bool {
        scanner.isNull(offset)
    }

    func decodeBool(at offset: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        let start = scanner.skipWhitespace(offset)
        switch scanner.byte(at: start) {
        case UInt8(ascii: "t"): _ = try scan(path()) { try scanner.literal("true", at: start) }; return true
        case UInt8(ascii: "f"): _ = try scan(path()) { try scanner.literal("false", at: start) }; return false
        default: throw typeMismatch(Bool.self, at: offset, path())
        }
    }

    func decodeString(at offset: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard scanner.byte(at: scanner.skipWhitespace(offset)) == UInt8(ascii: "\"") else { throw typeMismatch(String.self, at: offset, path()) }
        return try scan(path()) { try scanner.string(at: offset) }
    }

    func decodeDouble(at offset: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard (try? scanner.numberText(at: offset)) != nil else { throw typeMismatch(Double.self, at: offset, path()) }
        return try scan(path()) { try scanner.double(at: offset) }
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, at offset: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        guard (try? scanner.numberText(at: offset)) != nil else { throw typeMismatch(type, at: offset, path()) }
        if let value = try scan(path(), { try scanner.int64(at: offset) }) {
            if let exact = T(exactly: value) { return exact }
        } else if T.self == UInt64.self || T.self == UInt.self, let text = try? scanner.numberString(at: offset), let value = T(text) {
            return value
        } else {
            let double = try scan(path()) { try scanner.double(at: offset) }
            if let exact = T(exactly: double) { return exact }
        }
        let text = (try? scanner.numberString(at: offset)) ?? "?"
        throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "number \(text) does not fit in \(type)"))
    }

    /// Decodes any `T` at `offset`, reading the types `JSONDecoder` special-cases straight from their JSON text.
    func decodeValue<T: Decodable>(_ type: T.Type, at offset: Int, codingPath path: @autoclosure () -> [any CodingKey]) throws -> T {
        if T.self == String.self { return try decodeString(at: offset, path()) as! T }
        if T.self == Int.self { return try decodeInteger(Int.self, at: offset, path()) as! T }
        if T.self == Bool.self { return try decodeBool(at: offset, path()) as! T }
        if T.self == Double.self { return try decodeDouble(at: offset, path()) as! T }
        if T.self == UUID.self {
            guard scanner.byte(at: scanner.skipWhitespace(offset)) == UInt8(ascii: "\"") else { throw typeMismatch(UUID.self, at: offset, path()) }
            if let uuid = try scan(path(), { try scanner.uuid(at: offset) }) {
                return uuid as! T
            }
            let text = try decodeString(at: offset, path())
            guard let uuid = UUID(uuidString: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "`\(text)` is not a UUID"))
            }
            return uuid as! T
        }
        if T.self == Date.self {
            return Date(timeIntervalSinceReferenceDate: try decodeDouble(at: offset, path())) as! T
        }
        if T.self == Decimal.self {
            guard (try? scanner.numberText(at: offset)) != nil else { throw typeMismatch(Decimal.self, at: offset, path()) }
            let text = try scan(path()) { try scanner.numberString(at: offset) }
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "`\(text)` is not a decimal number"))
            }
            return decimal as! T
        }
        if T.self == Data.self {
            let text = try decodeString(at: offset, path())
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "string is not valid Base64"))
            }
            return data as! T
        }
        if T.self == URL.self {
            let text = try decodeString(at: offset, path())
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "`\(text)` is not a URL"))
            }
            return url as! T
        }
        // At its own value (the top level), this decoder decodes `T` itself, so that it learns where the value ends.
        let decoder = offset == self.offset ? self : JSONValueDecoder(scanner: scanner, offset: offset, codingPath: path())
        if let direct = T.self as? any JSONPayloadDecodable.Type {
            return try direct.init(jsonObject: JSONPayloadObject(decoder: decoder)) as! T
        }
        return try T(from: decoder)
    }
}

/// The members of one JSON object.
struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONValueDecoder
    let entries: [JSONObjectEntry]
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        entries.compactMap { entry in
            (try? decoder.scanner.string(from: entry.keyStart, to: entry.keyEnd, hasEscapes: entry.keyHasEscapes)).flatMap(Key.init(stringValue:))
        }
    }

    /// Where the value of `key` starts, if the object has it.
    private func find(_ key: Key) -> Int? {
        var name = key.stringValue
        return name.withUTF8 { utf8 -> Int? in
            let scanner = decoder.scanner
            for entry in entries {
                if entry.keyHasEscapes {
                    if (try? scanner.string(from: entry.keyStart, to: entry.keyEnd, hasEscapes: true)) == key.stringValue { return entry.valueStart }
                } else if entry.keyEnd - entry.keyStart == utf8.count,
                          utf8.count == 0 || memcmp(scanner.bytes.baseAddress! + entry.keyStart, utf8.baseAddress!, utf8.count) == 0 {
                    return entry.valueStart
                }
            }
            return nil
        }
    }

    private func offset(_ key: Key) throws -> Int {
        guard let offset = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key `\(key.stringValue)`"))
        }
        return offset
    }

    private func valueOffset<T>(_ type: T.Type, _ key: Key) throws -> Int {
        let offset = try offset(key)
        if decoder.decodeNil(at: offset) {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "`\(key.stringValue)` is null"))
        }
        return offset
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.decodeNil(at: try offset(key))
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.decodeBool(at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.decodeString(at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.decodeDouble(at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder.decodeDouble(at: valueOffset(type, key), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.decodeInteger(type, at: valueOffset(type, key), codingPath + [key]) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let offset = try offset(key)
        return try decoder.decodeValue(type, at: offset, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(scanner: decoder.scanner, offset: offset(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(scanner: decoder.scanner, offset: offset(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = JSONSuperKey()
        guard let offset = entries.first(where: { (try? decoder.scanner.string(from: $0.keyStart, to: $0.keyEnd, hasEscapes: $0.keyHasEscapes)) == "super" })?.valueStart else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key `super`"))
        }
        return JSONValueDecoder(scanner: decoder.scanner, offset: offset, codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(scanner: decoder.scanner, offset: try offset(key), codingPath: codingPath + [key])
    }
}

/// The `super` key of `superDecoder()`.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { guard stringValue == "super" else { return nil } }
    init?(intValue: Int) { nil }
}

/// An index key in coding paths of array elements.
struct JSONIndexKey: CodingKey {
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}

/// The elements of one JSON array.
struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONValueDecoder
    let elements: [Int]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(decoder: JSONValueDecoder, elements: [Int], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next<T>(_ type: T.Type) throws -> (Int, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [JSONIndexKey(currentIndex)], debugDescription: "unkeyed container is at end"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [JSONIndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw DecodingError.valueNotFound(Any?.self, .init(codingPath: codingPath, debugDescription: "unkeyed container is at end")) }
        if decoder.decodeNil(at: elements[currentIndex]) {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (offset, path) = try next(type)
        if decoder.decodeNil(at: offset), !(T.self is any ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "element is null"))
        }
        return try decoder.decodeValue(type, at: offset, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (offset, path) = try next(KeyedDecodingContainer<NestedKey>.self)
        return try JSONValueDecoder(scanner: decoder.scanner, offset: offset, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (offset, path) = try next((any UnkeyedDecodingContainer).self)
        return try JSONValueDecoder(scanner: decoder.scanner, offset: offset, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (offset, path) = try next((any Decoder).self)
        return JSONValueDecoder(scanner: decoder.scanner, offset: offset, codingPath: path)
    }
}

/// The one value a decoder is positioned on.
struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.decodeNil(at: decoder.offset) }

    private func valueOffset<T>(_ type: T.Type) throws -> Int {
        if decoder.decodeNil(at: decoder.offset) {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "value is null"))
        }
        return decoder.offset
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool(at: valueOffset(type), codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString(at: valueOffset(type), codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble(at: valueOffset(type), codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble(at: valueOffset(type), codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type, at: valueOffset(type), codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(type, at: decoder.offset, codingPath: codingPath)
    }
}
