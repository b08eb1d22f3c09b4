import Foundation

/// The encoder of one value being rendered by `JSONOutput`: collects the value's members (an object's keyed
/// members or an array's elements, each already rendered, or a nested container still being filled) and, when
/// the value is complete, writes it in order with its punctuation. Also the value's single-value container.
final class JSONEncodingNode: Encoder, SingleValueEncodingContainer {
    /// What the value turned out to be.
    enum Kind: Equatable {
        /// Nothing encoded (yet): `{}` when complete, as with `JSONEncoder`.
        case empty
        /// One value, rendered at this range.
        case single(Range<Int>)
        /// An object.
        case keyed
        /// An array.
        case unkeyed
    }

    /// A member's value: bytes rendered already, or a nested container rendered when this value is complete.
    enum Content {
        case bytes(Range<Int>)
        case node(JSONEncodingNode)
    }

    /// An object member (with its key) or an array element (without).
    struct Member {
        var key: String?
        var content: Content
    }

    unowned let output: JSONOutput
    /// The value this one is a member of (not retained: members are complete before the value that holds them).
    private(set) unowned(unsafe) var parent: JSONEncodingNode?
    private(set) var key: (any CodingKey)?
    private(set) var kind = Kind.empty
    var members: [Member] = []

    init(output: JSONOutput, parent: JSONEncodingNode?, key: (any CodingKey)?) {
        self.output = output
        self.parent = parent
        self.key = key
    }

    /// Prepares a finished node for another value.
    func reset(parent: JSONEncodingNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
        kind = .empty
        members.removeAll(keepingCapacity: true)
    }

    var isEmpty: Bool { kind == .empty }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: JSONEncodingNode? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        become(.keyed)
        return KeyedEncodingContainer(JSONKeyedEncoding<Key>(node: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        become(.unkeyed)
        return JSONUnkeyedEncoding(node: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    /// Turns an empty value into an object or array; asking a value for another kind of container than it has
    /// (which `JSONEncoder` answers by converting what was written) sends the whole value to the fallback encoder.
    private func become(_ wanted: Kind) {
        if kind == .empty {
            kind = wanted
        } else if kind != wanted {
            output.needsFallback = true
        }
    }

    // MARK: Members

    /// Adds a member rendered by `write`.
    @inline(__always)
    func add(_ key: String?, _ write: (JSONOutput) throws -> Void) rethrows {
        let start = output.count
        try write(output)
        members.append(Member(key: key, content: .bytes(start..<output.count)))
    }

    /// Adds a member that is any encodable value.
    func add<T: Encodable>(_ value: T, key: String?, codingKey: any CodingKey) throws {
        let range = try output.render(value, parent: self, key: codingKey)
        members.append(Member(key: key, content: .bytes(range)))
    }

    /// A nested container (or super encoder) for `key`, filled by the caller while this value is encoded. An
    /// object reuses the nested container it already has for the key, as `JSONEncoder` does.
    func nested(_ key: String?, codingKey: any CodingKey, kind: Kind) -> JSONEncodingNode {
        if let key, let existing = members.lastIndex(where: { $0.key == key }) {
            if case .node(let node) = members[existing].content, node.kind == kind {
                return node
            }
            output.needsFallback = true
        }
        let node = JSONEncodingNode(output: output, parent: self, key: codingKey)
        node.kind = kind
        members.append(Member(key: key, content: .node(node)))
        return node
    }

    // MARK: Single value

    private func single(_ write: () throws -> Void) rethrows {
        if kind != .empty { output.needsFallback = true }
        let start = output.count
        try write()
        kind = .single(start..<output.count)
    }

    func encodeNil() throws { single { output.null() } }
    func encode(_ value: Bool) throws { single { output.bool(value) } }
    func encode(_ value: String) throws { single { output.string(value) } }
    func encode(_ value: Double) throws { try single { try output.double(value) } }
    func encode(_ value: Float) throws { try single { try output.float(value) } }
    func encode(_ value: Int) throws { single { output.signed(Int64(value)) } }
    func encode(_ value: Int8) throws { single { output.signed(Int64(value)) } }
    func encode(_ value: Int16) throws { single { output.signed(Int64(value)) } }
    func encode(_ value: Int32) throws { single { output.signed(Int64(value)) } }
    func encode(_ value: Int64) throws { single { output.signed(value) } }
    func encode(_ value: UInt) throws { single { output.unsigned(UInt64(value)) } }
    func encode(_ value: UInt8) throws { single { output.unsigned(UInt64(value)) } }
    func encode(_ value: UInt16) throws { single { output.unsigned(UInt64(value)) } }
    func encode(_ value: UInt32) throws { single { output.unsigned(UInt64(value)) } }
    func encode(_ value: UInt64) throws { single { output.unsigned(value) } }

    func encode<T: Encodable>(_ value: T) throws {
        if kind != .empty { output.needsFallback = true }
        kind = .single(try output.render(value, parent: self, key: nil))
    }

    // MARK: Completing

    /// Writes the complete value (an object's members sorted by key, the last of equal keys winning) and returns
    /// where it is.
    func finish() throws -> Range<Int> {
        switch kind {
        case .single(let range):
            return range
        case .empty:
            let start = output.count
            output.ascii("{}")
            return start..<output.count
        case .keyed, .unkeyed:
            break
        }
        for index in members.indices {
            if case .node(let node) = members[index].content {
                members[index].content = .bytes(try node.finish())
            }
        }
        let start = output.count
        if kind == .unkeyed {
            output.byte(UInt8(ascii: "["))
            for index in members.indices {
                if index > 0 { output.byte(UInt8(ascii: ",")) }
                output.copy(members[index].range)
            }
            output.byte(UInt8(ascii: "]"))
            return start..<output.count
        }
        sortMembersByKey()
        output.byte(UInt8(ascii: "{"))
        var first = true
        for index in members.indices {
            let key = members[index].key ?? ""
            if index + 1 < members.count, members[index + 1].key == key { continue }
            if !first { output.byte(UInt8(ascii: ",")) }
            first = false
            output.string(key)
            output.byte(UInt8(ascii: ":"))
            output.copy(members[index].range)
        }
        output.byte(UInt8(ascii: "}"))
        return start..<output.count
    }

    /// A stable insertion sort by the keys' UTF-8 bytes (what `JSONEncoder`'s `.sortedKeys` does off Apple
    /// platforms); members are few, and usually nearly ordered.
    private func sortMembersByKey() {
        guard members.count > 1 else { return }
        for index in 1..<members.count {
            let member = members[index]
            var position = index
            while position > 0, JSONEncodingNode.precedes(member.key ?? "", members[position - 1].key ?? "") {
                members[position] = members[position - 1]
                position -= 1
            }
            if position != index { members[position] = member }
        }
    }

    /// Whether `lhs` sorts before `rhs` by UTF-8 bytes.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = Swift.min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        if let fast, let result = fast { return result }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

extension JSONEncodingNode.Member {
    /// The rendered bytes (every nested node is finished before members are written).
    var range: Range<Int> {
        switch content {
        case .bytes(let range): range
        case .node: 0..<0
        }
    }
}

/// The key of an array element in coding paths, and of a keyed container's `superEncoder()`.
struct JSONEncodingKey: CodingKey {
    private let name: String?
    let intValue: Int?

    init(stringValue: String) {
        self.name = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.name = nil
        self.intValue = intValue
    }

    /// `Index <n>` for array elements, as `JSONEncoder` names them (formatted only when asked for).
    var stringValue: String { name ?? "Index \(intValue ?? 0)" }

    static let `super` = JSONEncodingKey(stringValue: "super")
}
