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
    let decoder: JSONValueDecoder
    let entries: [JSONObjectEntry]
    /// The decoder's scanner, held here so that reading a member touches no reference count.
    private let scanner: JSONScanner

    init(decoder: JSONValueDecoder) throws {
        self.decoder = decoder
        let scanner = decoder.scanner
        self.scanner = scanner
        let offset = decoder.offset
        let (entries, end) = try decoder.scan(decoder.codingPath) { try scanner.objectEntriesAndEnd(offset) }
        self.entries = entries
        decoder.end = end
    }

    /// Where the value of `key` starts, if present.
    private func find(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { utf8 -> Int? in
            let base = scanner.bytes.baseAddress!
            return entries.withUnsafeBufferPointer { entries -> Int? in
                for entry in entries {
                    if entry.keyHasEscapes {
                        if (try? scanner.string(from: entry.keyStart, to: entry.keyEnd, hasEscapes: true)) == String(decoding: utf8, as: UTF8.self) {
                            return entry.valueStart
                        }
                    } else if entry.keyEnd - entry.keyStart == utf8.count, utf8.count == 0 || memcmp(base + entry.keyStart, utf8.baseAddress!, utf8.count) == 0 {
                        return entry.valueStart
                    }
                }
                return nil
            }
        }
    }

    private func path(_ key: String) -> [any CodingKey] {
        decoder.codingPath + [JSONNamedKey(key)]
    }

    private func required<T>(_ type: T.Type, _ key: String) throws -> Int {
        guard let offset = find(key) else {
            throw DecodingError.keyNotFound(JSONNamedKey(key), .init(codingPath: decoder.codingPath, debugDescription: "no value for key `\(key)`"))
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
        let offset = try required(type, key)
        if scanner.byte(at: offset) == UInt8(ascii: "\""), let string = try? scanner.string(at: offset) {
            return string
        }
        return try decoder.decodeString(at: offset, path(key))  // the error, with its coding path
    }

    /// The integer at `key`.
    public func decode(_ type: Int.Type, _ key: String) throws -> Int {
        let offset = try required(type, key)
        if let value = (try? scanner.int64(at: offset)) ?? nil, let exact = Int(exactly: value) {
            return exact
        }
        return try decoder.decodeInteger(type, at: offset, path(key))  // `1e3`-style integers, and errors
    }

    /// The Boolean at `key`.
    public func decode(_ type: Bool.Type, _ key: String) throws -> Bool {
        try decoder.decodeBool(at: required(type, key), path(key))
    }

    /// The number at `key`.
    public func decode(_ type: Double.Type, _ key: String) throws -> Double {
        try decoder.decodeDouble(at: required(type, key), path(key))
    }

    /// The UUID at `key` (its canonical string form, as `JSONEncoder` writes it).
    public func decode(_ type: UUID.Type, _ key: String) throws -> UUID {
        let offset = try required(type, key)
        if scanner.byte(at: scanner.skipWhitespace(offset)) == UInt8(ascii: "\""), let uuid = try? scanner.uuid(at: offset) {
            return uuid
        }
        return try decoder.decodeValue(type, at: offset, codingPath: path(key))
    }

    /// Any `Decodable` at `key` (UUID, Date, Decimal, Data and URL are read directly; others through `Codable`).
    public func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
        try decoder.decodeValue(type, at: required(type, key), codingPath: path(key))
    }

    /// The value at `key`, or `nil` when it is missing or `null`.
    public func decodeIfPresent<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
        guard let offset = find(key), !scanner.isNull(offset) else { return nil }
        return try decoder.decodeValue(type, at: offset, codingPath: path(key))
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
