import Foundation

/// An object's container: each member is rendered as it is encoded (see `JSONEncodingNode`).
struct JSONKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONEncodingNode

    var codingPath: [any CodingKey] { node.codingPath }

    mutating func encodeNil(forKey key: Key) throws { node.add(key.stringValue) { $0.null() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.add(key.stringValue) { $0.bool(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { node.add(key.stringValue) { $0.string(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { try node.add(key.stringValue) { try $0.double(value) } }
    mutating func encode(_ value: Float, forKey key: Key) throws { try node.add(key.stringValue) { try $0.float(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.add(key.stringValue) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.add(key.stringValue) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.add(key.stringValue) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.add(key.stringValue) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.add(key.stringValue) { $0.signed(value) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.add(key.stringValue) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.add(key.stringValue) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.add(key.stringValue) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.add(key.stringValue) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.add(key.stringValue) { $0.unsigned(value) } }
    // 128-bit integers: written by the fallback encoder (the standard library's default would throw instead).
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128, forKey key: Key) throws { node.add(key.stringValue) { $0.needsFallback = true; $0.null() } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128, forKey key: Key) throws { node.add(key.stringValue) { $0.needsFallback = true; $0.null() } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.add(value, key: key.stringValue, codingKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(node: node.nested(key.stringValue, codingKey: key, kind: .keyed)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncoding(node: node.nested(key.stringValue, codingKey: key, kind: .unkeyed))
    }

    mutating func superEncoder() -> any Encoder {
        node.nested(JSONEncodingKey.super.stringValue, codingKey: JSONEncodingKey.super, kind: .empty)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        node.nested(key.stringValue, codingKey: key, kind: .empty)
    }
}

/// An array's container: each element is rendered as it is encoded (see `JSONEncodingNode`).
struct JSONUnkeyedEncoding: UnkeyedEncodingContainer {
    let node: JSONEncodingNode

    var codingPath: [any CodingKey] { node.codingPath }

    var count: Int { node.members.count }

    mutating func encodeNil() throws { node.add(nil) { $0.null() } }
    mutating func encode(_ value: Bool) throws { node.add(nil) { $0.bool(value) } }
    mutating func encode(_ value: String) throws { node.add(nil) { $0.string(value) } }
    mutating func encode(_ value: Double) throws { try node.add(nil) { try $0.double(value) } }
    mutating func encode(_ value: Float) throws { try node.add(nil) { try $0.float(value) } }
    mutating func encode(_ value: Int) throws { node.add(nil) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int8) throws { node.add(nil) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int16) throws { node.add(nil) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int32) throws { node.add(nil) { $0.signed(Int64(value)) } }
    mutating func encode(_ value: Int64) throws { node.add(nil) { $0.signed(value) } }
    mutating func encode(_ value: UInt) throws { node.add(nil) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt8) throws { node.add(nil) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt16) throws { node.add(nil) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt32) throws { node.add(nil) { $0.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt64) throws { node.add(nil) { $0.unsigned(value) } }
    // 128-bit integers: written by the fallback encoder (the standard library's default would throw instead).
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128) throws { node.add(nil) { $0.needsFallback = true; $0.null() } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128) throws { node.add(nil) { $0.needsFallback = true; $0.null() } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.add(value, key: nil, codingKey: JSONEncodingKey(intValue: count))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(node: node.nested(nil, codingKey: JSONEncodingKey(intValue: count), kind: .keyed)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncoding(node: node.nested(nil, codingKey: JSONEncodingKey(intValue: count), kind: .unkeyed))
    }

    mutating func superEncoder() -> any Encoder {
        node.nested(nil, codingKey: JSONEncodingKey(intValue: count), kind: .empty)
    }
}
