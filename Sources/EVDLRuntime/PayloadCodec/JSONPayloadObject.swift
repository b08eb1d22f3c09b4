import Foundation

/// A payload type that reads itself from a JSON object directly, without `Codable`'s containers: what generated
/// event types can conform to so that replay decodes faster. `PayloadCodec` uses it (with its `.fast` decoding)
/// whenever the decoded type conforms; the JSON shape is the same as the type's `Encodable` output.
///
/// ```swift
/// extension Order.OrderPlaced: JSONPayloadDecodable {
///     init(jsonObject object: JSONPayloadObject) throws {
///         orderId = try object.decode(UUID.self, "orderId")
///         items = try object.decode([LineItem].self, "items")      // any Decodable: through Codable
///         total = try object.decode(Decimal.self, "total")
///     }
/// }
/// ```
public protocol JSONPayloadDecodable: Decodable {
    /// Reads the value from the members of `object`. `object` is valid only during this call.
    init(jsonObject object: JSONPayloadObject) throws
}

/// The members of one JSON object, read in place. Valid only during `JSONPayloadDecodable.init(jsonObject:)`.
public struct JSONPayloadObject {
    private let scanner: JSONScanner
    let entries: [JSONObjectEntry]
    /// The object's coding path, for errors and for the decoders of nested values.
    private let codingPath: [any CodingKey]
    /// The index after the object's closing brace.
    let end: Int

    /// Reads the members of the object at `offset`. No decoder object is made unless a member needs `Codable`.
    init(scanner: JSONScanner, offset: Int, codingPath: [any CodingKey]) throws {
        self.scanner = scanner
        self.codingPath = codingPath
        do {
            (entries, end) = try scanner.objectEntriesAndEnd(offset)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(error.message) at byte \(error.offset)"))
        }
    }

    /// Reads the members of the object `decoder` is on, and tells it where the object ends.
    init(decoder: JSONValueDecoder) throws {
        try self.init(scanner: decoder.scanner, offset: decoder.offset, codingPath: decoder.codingPath)
        decoder.end = end
    }

    /// Whether the `count` bytes at `a` and `b` are equal: inline, eight bytes at a time (keys are short, and
    /// a call to `memcmp` per member cost more than the comparison).
    @inline(__always)
    static func equalBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            if a.loadUnaligned(fromByteOffset: index, as: UInt64.self) != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
            index += 8
        }
        while index < count {
            if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) { return false }
            index += 1
        }
        return true
    }

    /// A decoder on the value of `key` at `offset`: for members read through `Codable`, and for errors.
    private func valueDecoder(_ offset: Int, _ key: String) -> JSONValueDecoder {
        JSONValueDecoder(scanner: scanner, offset: offset, codingPath: path(key))
    }

    /// Where the value of `key` starts, if present.
    private func find(_ key: String) -> Int? {
        entry(key)?.valueStart
    }

    /// The member named `key`, if present.
    private func entry(_ key: String) -> JSONObjectEntry? {
        var key = key
        return key.withUTF8 { utf8 -> JSONObjectEntry? in
            let base = scanner.bytes.baseAddress!
            return entries.withUnsafeBufferPointer { entries -> JSONObjectEntry? in
                for entry in entries {
                    if entry.keyHasEscapes {
                        if (try? scanner.string(from: entry.keyStart, to: entry.keyEnd, hasEscapes: true)) == String(decoding: utf8, as: UTF8.self) {
                            return entry
                        }
                    } else if entry.keyEnd - entry.keyStart == utf8.count, utf8.count == 0 || Self.equalBytes(base + entry.keyStart, UnsafeRawPointer(utf8.baseAddress!), utf8.count) {
                        return entry
                    }
                }
                return nil
            }
        }
    }

    private func path(_ key: String) -> [any CodingKey] {
        codingPath + [JSONNamedKey(key)]
    }

    private func required<T>(_ type: T.Type, _ key: String) throws -> Int {
        guard let offset = find(key) else {
            throw DecodingError.keyNotFound(JSONNamedKey(key), .init(codingPath: codingPath, debugDescription: "no value for key `\(key)`"))
        }
        if scanner.isNull(offset) {
            throw DecodingError.valueNotFound(type, .init(codingPath: path(key), debugDescription: "`\(key)` is null"))
        }
        return offset
    }

    /// Whether the object has `key` (possibly `null`).
    public func contains(_ key: String) -> Bool { find(key) != nil }

    /// The string at `key`.
    public func decode(_ type: String.Type, _ key: String) throws -> String {
        if let entry = entry(key), entry.plainStringEnd >= 0 {
            return String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[entry.valueStart + 1..<entry.plainStringEnd]), as: UTF8.self)
        }
        let offset = try required(type, key)
        if scanner.byte(at: offset) == UInt8(ascii: "\""), let string = try? scanner.string(at: offset) {
            return string
        }
        return try valueDecoder(offset, key).decodeString(at: offset, path(key))  // the error, with its coding path
    }

    /// The integer at `key`.
    public func decode(_ type: Int.Type, _ key: String) throws -> Int {
        let offset = try required(type, key)
        if let value = (try? scanner.int64(at: offset)) ?? nil, let exact = Int(exactly: value) {
            return exact
        }
        return try valueDecoder(offset, key).decodeInteger(type, at: offset, path(key))  // `1e3`-style integers, and errors
    }

    /// The Boolean at `key`.
    public func decode(_ type: Bool.Type, _ key: String) throws -> Bool {
        let offset = try required(type, key)
        switch scanner.byte(at: offset) {
        case UInt8(ascii: "t"): if (try? scanner.literal("true", at: offset)) != nil { return true }
        case UInt8(ascii: "f"): if (try? scanner.literal("false", at: offset)) != nil { return false }
        default: break
        }
        return try valueDecoder(offset, key).decodeBool(at: offset, path(key))  // the error
    }

    /// The number at `key`.
    public func decode(_ type: Double.Type, _ key: String) throws -> Double {
        let offset = try required(type, key)
        return try valueDecoder(offset, key).decodeDouble(at: offset, path(key))
    }

    /// The UUID at `key` (its canonical string form, as `JSONEncoder` writes it).
    public func decode(_ type: UUID.Type, _ key: String) throws -> UUID {
        let offset = try required(type, key)
        if scanner.byte(at: scanner.skipWhitespace(offset)) == UInt8(ascii: "\""), let uuid = try? scanner.uuid(at: offset) {
            return uuid
        }
        return try valueDecoder(offset, key).decodeValue(type, at: offset, codingPath: path(key))
    }

    /// Any `Decodable` at `key` (UUID, Date, Decimal, Data and URL are read directly; others through `Codable`).
    public func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
        let offset = try required(type, key)
        return try valueDecoder(offset, key).decodeValue(type, at: offset, codingPath: path(key))
    }

    /// The value at `key`, or `nil` when it is missing or `null`.
    public func decodeIfPresent<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
        guard let offset = find(key), !scanner.isNull(offset) else { return nil }
        return try valueDecoder(offset, key).decodeValue(type, at: offset, codingPath: path(key))
    }
}

/// A coding key named by a string (for coding paths in errors).
struct JSONNamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
