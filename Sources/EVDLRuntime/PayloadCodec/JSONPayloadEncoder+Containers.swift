import Foundation

/// The encoder of one value being rendered by `JSONOutput`: collects the value's members (an object's keyed
/// members or an array's elements, each already rendered, or a nested container still being filled) and, when
/// the value is complete, writes it in order with its punctuation. Also the value's single-value container.
/// Used from one thread during one `JSONPayloadEncoder.encode` call (hence no exclusivity checks on its state).
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

    /// An object member or an array element: where its key (raw UTF-8, objects only) and its rendered value are
    /// in the output, or which nested container (in `nested`) renders the value when this one completes. Plain
    /// data, so collecting and sorting members costs no reference counting.
    struct Member {
        var keyStart: Int
        var keyEnd: Int
        var valueStart: Int
        var valueEnd: Int
        /// The index in `nested` of the container that renders the value, or -1.
        var nested: Int
    }

    /// The output (not retained: it owns the pool of nodes; a node lives only during its output's `render`).
    unowned(unsafe) let output: JSONOutput
    /// The value this one is a member of (not retained: members are complete before the value that holds them).
    @exclusivity(unchecked) private(set) unowned(unsafe) var parent: JSONEncodingNode?
    @exclusivity(unchecked) private(set) var key: (any CodingKey)?
    @exclusivity(unchecked) private(set) var kind = Kind.empty
    @exclusivity(unchecked) var members: [Member] = []
    /// The nested containers and super encoders handed out for members.
    @exclusivity(unchecked) private var nested: [JSONEncodingNode] = []
    /// For each of `nested`, the position in `members` of the member it renders.
    @exclusivity(unchecked) private var nestedPositions: [Int] = []
    /// The positions in `members` by a hash of their key, kept once an object has handed out many nested
    /// containers (so that finding the member already written for a key stays linear in all).
    @exclusivity(unchecked) private var keyIndex: [UInt64: [Int]] = [:]
    /// How deep this value is: 1 for the value being encoded, its members 2, and so on.
    @exclusivity(unchecked) private(set) var depth: Int

    init(output: JSONOutput, parent: JSONEncodingNode?, key: (any CodingKey)?) {
        self.output = output
        self.parent = parent
        self.key = key
        self.depth = (parent?.depth ?? 0) + 1
    }

    /// Prepares a finished node for another value.
    func reset(parent: JSONEncodingNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
        depth = (parent?.depth ?? 0) + 1
        kind = .empty
        members.removeAll(keepingCapacity: true)
        if !nested.isEmpty {
            nested.removeAll()
            nestedPositions.removeAll()
            keyIndex.removeAll()
        }
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
        let keyStart = output.count
        if let key { output.raw(key) }
        let valueStart = output.count
        try write(output)
        if !keyIndex.isEmpty, key != nil { keyIndex[hashOfKey(keyStart..<valueStart), default: []].append(members.count) }
        members.append(Member(keyStart: keyStart, keyEnd: valueStart, valueStart: valueStart, valueEnd: output.count, nested: -1))
    }

    /// Adds a member that is any encodable value.
    func add<T: Encodable>(_ value: T, key: String?, codingKey: any CodingKey) throws {
        let keyStart = output.count
        if let key { output.raw(key) }
        let keyEnd = output.count
        let range = try output.render(value, parent: self, key: codingKey)
        if !keyIndex.isEmpty, key != nil { keyIndex[hashOfKey(keyStart..<keyEnd), default: []].append(members.count) }
        members.append(Member(keyStart: keyStart, keyEnd: keyEnd, valueStart: range.lowerBound, valueEnd: range.upperBound, nested: -1))
    }

    /// A nested container (or super encoder) for `key`, filled by the caller while this value is encoded. An
    /// object reuses the nested container it already has for the key, as `JSONEncoder` does.
    func nested(_ key: String?, codingKey: any CodingKey, kind: Kind) -> JSONEncodingNode {
        let keyStart = output.count
        if let key { output.raw(key) }
        let keyEnd = output.count
        if key != nil, let existing = lastMember(withKey: keyStart..<keyEnd) {
            let index = members[existing].nested
            if index >= 0, nested[index].kind == kind {
                return nested[index]
            }
            output.needsFallback = true
        }
        let node = JSONEncodingNode(output: output, parent: self, key: codingKey)
        node.kind = kind
        if node.depth > JSONOutput.fallbackDepth { output.needsFallback = true }
        if key != nil, nested.count >= 16 {
            if keyIndex.isEmpty {
                for position in members.indices { keyIndex[hashOfKey(members[position]), default: []].append(position) }
            }
            keyIndex[hashOfKey(keyStart..<keyEnd), default: []].append(members.count)
        }
        nestedPositions.append(members.count)
        members.append(Member(keyStart: keyStart, keyEnd: keyEnd, valueStart: 0, valueEnd: 0, nested: nested.count))
        nested.append(node)
        return node
    }

    /// The last member whose key has the bytes at `key`, if any: through the key index once there is one.
    private func lastMember(withKey key: Range<Int>) -> Int? {
        if keyIndex.isEmpty {
            return members.lastIndex(where: { output.equal($0.keyStart..<$0.keyEnd, key) })
        }
        return keyIndex[hashOfKey(key)]?.last(where: { output.equal(members[$0].keyStart..<members[$0].keyEnd, key) })
    }

    private func hashOfKey(_ member: Member) -> UInt64 { hashOfKey(member.keyStart..<member.keyEnd) }

    /// FNV-1a of the key's bytes in the output.
    private func hashOfKey(_ key: Range<Int>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in key {
            hash = (hash ^ UInt64(output.base[index])) &* 0x0000_0100_0000_01B3
        }
        return hash
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
    // 128-bit integers: written by the fallback encoder (the standard library's default would throw instead).
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: Int128) throws { single { output.needsFallback = true; output.null() } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: UInt128) throws { single { output.needsFallback = true; output.null() } }

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
        for index in nested.indices {
            let range = try nested[index].finish()
            members[nestedPositions[index]].valueStart = range.lowerBound
            members[nestedPositions[index]].valueEnd = range.upperBound
        }
        // Work on the members without going through `self` (which costs reference counting per access), and
        // give the array back, emptied, for the node's next value.
        var members: [Member] = []
        swap(&members, &self.members)
        defer {
            members.removeAll(keepingCapacity: true)
            swap(&members, &self.members)
        }
        let output = self.output
        // Room for everything at once (keys escaped at worst as `\u00xx`), so that the buffer does not move
        // while it is copied from.
        var size = 2
        for member in members {
            size += (member.keyEnd - member.keyStart) * 6 + 4 + member.valueEnd - member.valueStart
        }
        output.reserve(size)
        let start = output.count
        if kind == .unkeyed {
            output.byte(UInt8(ascii: "["))
            for index in members.indices {
                if index > 0 { output.byte(UInt8(ascii: ",")) }
                output.copy(members[index].valueStart..<members[index].valueEnd)
            }
            output.byte(UInt8(ascii: "]"))
            return start..<output.count
        }
        JSONEncodingNode.sortByKey(&members, in: output)
        try JSONEncodingNode.checkNonASCIIKeys(members, in: output)
        output.byte(UInt8(ascii: "{"))
        var first = true
        for index in members.indices {
            let member = members[index]
            if index + 1 < members.count, output.equal(member.keyStart..<member.keyEnd, members[index + 1].keyStart..<members[index + 1].keyEnd) {
                continue
            }
            if !first { output.byte(UInt8(ascii: ",")) }
            first = false
            output.string(copyOf: member.keyStart..<member.keyEnd)
            output.byte(UInt8(ascii: ":"))
            output.copy(member.valueStart..<member.valueEnd)
        }
        output.byte(UInt8(ascii: "}"))
        return start..<output.count
    }

    /// Keys with different bytes that are equal as Swift strings (`"é"` and `"e\u{301}"`) are one member in
    /// `JSONEncoder`'s object (it keeps members in a `[String: …]`): such an object goes to the fallback encoder.
    /// Only objects with a non-ASCII key are checked.
    private static func checkNonASCIIKeys(_ members: [Member], in output: JSONOutput) throws {
        guard members.count > 1, members.contains(where: { member in
            (member.keyStart..<member.keyEnd).contains { output.base[$0] >= 0x80 }
        }) else { return }
        var distinctBytes = 0
        var strings = Set<String>()
        for (index, member) in members.enumerated() {
            let key = member.keyStart..<member.keyEnd
            if index > 0, output.equal(key, members[index - 1].keyStart..<members[index - 1].keyEnd) { continue }
            distinctBytes += 1
            strings.insert(String(decoding: UnsafeBufferPointer(start: output.base + key.lowerBound, count: key.count), as: UTF8.self))
        }
        if strings.count != distinctBytes {
            output.needsFallback = true
            throw JSONEncodingFallback()
        }
    }

    /// A stable sort by the keys' UTF-8 bytes (what `JSONEncoder`'s `.sortedKeys` does off Apple platforms):
    /// insertion sort for the usual few members, otherwise a sort by key and then by position (dictionaries
    /// iterate in random order, where insertion sort would be quadratic).
    private static func sortByKey(_ members: inout [Member], in output: JSONOutput) {
        guard members.count > 1 else { return }
        if members.count > 32 {
            let ordered = members.enumerated().sorted { lhs, rhs in
                let left = lhs.element.keyStart..<lhs.element.keyEnd
                let right = rhs.element.keyStart..<rhs.element.keyEnd
                if output.precedes(left, right) { return true }
                if output.precedes(right, left) { return false }
                return lhs.offset < rhs.offset
            }
            members = ordered.map(\.element)
            return
        }
        for index in 1..<members.count {
            let member = members[index]
            var position = index
            while position > 0, output.precedes(member.keyStart..<member.keyEnd, members[position - 1].keyStart..<members[position - 1].keyEnd) {
                members[position] = members[position - 1]
                position -= 1
            }
            if position != index { members[position] = member }
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
