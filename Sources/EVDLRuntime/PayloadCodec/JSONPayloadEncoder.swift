import Foundation

/// A JSON `Encoder` for payloads, snapshots and rows that writes the same bytes as the `JSONEncoder` that
/// `PayloadCodec` configures (keys sorted by their UTF-8 bytes, `/` unescaped, dates `.deferredToDate`, `Data` as
/// Base64, `URL`s as their absolute string, `Decimal`s as numbers, UUIDs upper-case), several times faster: values
/// are rendered straight into one byte buffer, an object's members are written once and reordered by key when the
/// object is complete, and UUIDs, integers and `Decimal`s are formatted without building strings.
///
/// Its output is checked byte for byte against `JSONEncoder`'s in the tests. A value that uses the `Encoder` API
/// in a way this encoder does not reproduce exactly (one value asking for two kinds of container) is encoded with
/// the `fallback` encoder instead, so the result is always what `JSONEncoder` writes.
enum JSONPayloadEncoder {
    /// Encodes `value` as JSON; a value this encoder cannot reproduce exactly goes through `fallback`.
    static func encode<T: Encodable>(_ value: T, fallback: JSONEncoder) throws -> Data {
        let output = JSONOutput.take()
        defer { JSONOutput.give(output) }
        let range: Range<Int>
        do {
            range = try output.render(value, parent: nil, key: nil)
        } catch is JSONEncodingFallback {
            return try fallback.encode(value)
        }
        if output.needsFallback {
            return try fallback.encode(value)
        }
        return output.data(range)
    }
}

/// Thrown inside the encoder to stop rendering a value that will go to the fallback encoder anyway (one nested
/// deeper than `JSONOutput.fallbackDepth`, or an object with keys that are equal as strings but not as bytes).
struct JSONEncodingFallback: Error {}

/// One output kept per thread for reuse (with its buffer and node pool), so that encoding a small value allocates
/// little beyond its result. Per thread rather than in a shared pool: a lock taken by every encode on every core
/// was a point of contention. (An encode never suspends, so it takes and gives back on one thread.)
private enum JSONOutputCache {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { releaseCachedOutput($0) }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    static func take() -> JSONOutput {
        guard let cached = pthread_getspecific(key) else { return JSONOutput() }
        pthread_setspecific(key, nil)
        return Unmanaged<JSONOutput>.fromOpaque(cached).takeRetainedValue()
    }

    static func give(_ output: JSONOutput) {
        // A buffer grown by a large value is not kept.
        guard output.capacity <= 64 * 1024, pthread_getspecific(key) == nil else { return }
        output.clear()
        pthread_setspecific(key, Unmanaged.passRetained(output).toOpaque())
    }
}

/// Releases the output cached by a thread that ends.
private func releaseCachedOutput(_ pointer: UnsafeMutableRawPointer?) {
    if let pointer { Unmanaged<JSONOutput>.fromOpaque(pointer).release() }
}

/// The bytes being written by one `JSONPayloadEncoder.encode` call, and the nodes (encoders of nested values) it
/// reuses. Values are rendered at the end of the buffer; an object or array is rendered again, in order and with
/// its punctuation, once all its members are there (the earlier, unordered bytes stay behind unused).
///
/// One call uses it from one thread, so its state is exempt from dynamic exclusivity checks (they were a tenth
/// of the encoding time).
final class JSONOutput {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var count = 0
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private var pool: [JSONEncodingNode] = []
    /// Set when a value used the `Encoder` API in a way this encoder does not reproduce (see `JSONPayloadEncoder`).
    @exclusivity(unchecked) var needsFallback = false

    /// Values nested deeper than this go to the fallback encoder, which applies `JSONEncoder`'s own limit (it
    /// refuses values nested more than 512 levels deep; this encoder has no such limit of its own, and would
    /// write JSON that `JSONDecoder` then refuses to read).
    static let fallbackDepth = 256

    init(capacity: Int = 256) {
        self.capacity = capacity
        self.base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// This thread's cached output (or a new one).
    static func take() -> JSONOutput { JSONOutputCache.take() }

    /// Returns an output to this thread's cache once its result is taken.
    static func give(_ output: JSONOutput) { JSONOutputCache.give(output) }

    /// Forgets the bytes written, for the next value.
    func clear() {
        count = 0
        needsFallback = false
    }

    /// The bytes of `range` as `Data`.
    func data(_ range: Range<Int>) -> Data {
        Data(bytes: base + range.lowerBound, count: range.count)
    }

    /// Renders `value` at the end of the buffer and returns where it is (a single value rendered earlier may be
    /// returned where it stands).
    func render<T: Encodable>(_ value: T, parent: JSONEncodingNode?, key: (any CodingKey)?) throws -> Range<Int> {
        let start = count
        if try renderKnown(value) {
            return start..<count
        }
        var node = makeNode(parent: parent, key: key)
        if node.depth > JSONOutput.fallbackDepth {
            needsFallback = true
            throw JSONEncodingFallback()
        }
        try value.encode(to: node)
        if parent == nil, node.isEmpty {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        let range = try node.finish()
        // A node kept by the value it encoded (against the `Encoder` contract) is left to it.
        if isKnownUniquelyReferenced(&node) {
            node.reset(parent: nil, key: nil)
            pool.append(node)
        }
        return range
    }

    /// Renders the types `JSONEncoder` writes in its own way (and the common scalars, faster); `false` for others.
    private func renderKnown<T: Encodable>(_ value: T) throws -> Bool {
        let type = ObjectIdentifier(T.self)
        if type == ObjectIdentifier(String.self) {
            string(unsafeBitCast(value, to: String.self))
        } else if type == ObjectIdentifier(Int.self) {
            signed(Int64(unsafeBitCast(value, to: Int.self)))
        } else if type == ObjectIdentifier(UUID.self) {
            uuid(unsafeBitCast(value, to: UUID.self))
        } else if type == ObjectIdentifier(Decimal.self) {
            decimal(unsafeBitCast(value, to: Decimal.self))
        } else if type == ObjectIdentifier(Date.self) {
            try double(unsafeBitCast(value, to: Date.self).timeIntervalSinceReferenceDate)
        } else if type == ObjectIdentifier(Bool.self) {
            bool(unsafeBitCast(value, to: Bool.self))
        } else if type == ObjectIdentifier(Double.self) {
            try double(unsafeBitCast(value, to: Double.self))
        } else if type == ObjectIdentifier(Int64.self) {
            signed(unsafeBitCast(value, to: Int64.self))
        } else if type == ObjectIdentifier(Data.self) {
            string(unsafeBitCast(value, to: Data.self).base64EncodedString())
        } else if type == ObjectIdentifier(URL.self) {
            string(unsafeBitCast(value, to: URL.self).absoluteString)
        } else {
            return false
        }
        return true
    }

    private func makeNode(parent: JSONEncodingNode?, key: (any CodingKey)?) -> JSONEncodingNode {
        if let node = pool.popLast() {
            node.reset(parent: parent, key: key)
            return node
        }
        return JSONEncodingNode(output: self, parent: parent, key: key)
    }

    // MARK: Writing bytes

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        let newCapacity = Swift.max(capacity * 2, needed)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func byte(_ value: UInt8) {
        reserve(1)
        base[count] = value
        count += 1
    }

    @inline(__always)
    func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let address = source.baseAddress, source.count > 0 else { return }
        reserve(source.count)
        (base + count).update(from: address, count: source.count)
        count += source.count
    }

    /// Appends a copy of bytes written earlier.
    @inline(__always)
    func copy(_ range: Range<Int>) {
        reserve(range.count)
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// Appends the raw UTF-8 bytes of `text` (an object key, escaped when the object is written).
    func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes($0) }
    }

    /// Whether the bytes at `lhs` sort before those at `rhs`.
    func precedes(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        let common = Swift.min(lhs.count, rhs.count)
        if common > 0 {
            let order = memcmp(base + lhs.lowerBound, base + rhs.lowerBound, common)
            if order != 0 { return order < 0 }
        }
        return lhs.count < rhs.count
    }

    /// Whether the bytes at `lhs` and `rhs` are equal.
    func equal(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        lhs.count == rhs.count && (lhs.isEmpty || memcmp(base + lhs.lowerBound, base + rhs.lowerBound, lhs.count) == 0)
    }

    func ascii(_ text: StaticString) {
        bytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
