@testable import EVDLRuntime
import Foundation
import Testing

/// A type whose encoder uses what synthesized conformances do not: a super encoder, a key written twice, a nested
/// container asked for twice, and keys that sort differently by bytes than by `<` on case-folded text.
struct HandWritten: Encodable {
    enum Keys: String, CodingKey { case zeta = "Zeta", alpha, item10, item9, inner, é = "é", e = "e", list }
    enum InnerKeys: String, CodingKey { case x, y }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(1, forKey: .zeta)
        try container.encode("first", forKey: .alpha)
        try container.encode("second", forKey: .alpha)
        try container.encode(10, forKey: .item10)
        try container.encode(9, forKey: .item9)
        var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
        try container.encode(true, forKey: .é)
        try inner.encode(2, forKey: .y)
        var again = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
        try again.encode(1, forKey: .x)
        try container.encodeNil(forKey: .e)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try list.encode(1)
        var element = list.nestedContainer(keyedBy: InnerKeys.self)
        try list.encode("after")
        try element.encode("late", forKey: .x)
        let superEncoder = container.superEncoder()
        var single = superEncoder.singleValueContainer()
        try single.encode(UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!)
    }
}

/// Asks one value for a single-value container and then a keyed one: `JSONEncoder` merges them, this encoder
/// hands the value to its fallback.
struct SingleThenKeyed: Encodable {
    enum Keys: String, CodingKey { case extra }

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(["a": 1])
        var keyed = encoder.container(keyedBy: Keys.self)
        try keyed.encode(2, forKey: .extra)
    }
}

/// An enum with associated values (synthesized `Codable`: nested keyed containers), nested deeply.
indirect enum Tree: Codable, Equatable {
    case leaf(Int, label: String?)
    case node([Tree])
}

/// Encodes nothing at all.
struct EncodesNothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

@Suite struct JSONPayloadEncoderTests {
    let fast = PayloadCodec(encoding: .fast)
    let foundation = PayloadCodec(encoding: .foundation)

    func sample() -> Everything {
        Everything(
            int: -42, negative: Int64.min, unsigned: UInt64.max, small: -128, double: 0.1 + 0.2, float: 1.1, bool: false,
            text: "plain", escaped: "quote \" backslash \\ slash / newline \n tab \t cr \r bs \u{08} ff \u{0C} nul \u{00} unit \u{1F} del \u{7F}",
            unicode: "héllo ✓ 😀 漢字 \u{301}", uuid: UUID(uuidString: "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")!,
            date: Date(timeIntervalSinceReferenceDate: 786_000_123.456), decimal: Decimal(string: "-1234567890.0123456789")!,
            data: Data([0, 1, 2, 250, 251, 252, 253, 254, 255]), url: URL(string: "https://example.com/a/b?c=d&e=f#g")!,
            kind: .small, optional: "", missing: nil, nested: .init(name: "\"n\"", tags: ["x", "", "/"]),
            list: [.init(name: "a", tags: []), .init(name: "b", tags: ["z"])], matrix: [[1, 2], [], [3]],
            byName: ["one": 1, "One": 2, "tenth": Decimal(string: "0.1")!, "10": 10, "9": 9, "é": 5, "e": 6, "": 0],
            byNumber: [10: "ten", 9: "nine", -1: "minus one"], optionals: [nil, 1, nil]
        )
    }

    func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test func writesTheSameBytesAsJSONEncoder() throws {
        let value = sample()
        #expect(text(try fast.encode(value)) == text(try foundation.encode(value)))
    }

    @Test func roundTripsThroughBothDecoders() throws {
        let value = sample()
        let data = try fast.encode(value)
        #expect(try JSONDecoder().decode(Everything.self, from: data) == value)
        #expect(try PayloadCodec(decoding: .fast).decode(Everything.self, from: data) == value)
        #expect(try PayloadCodec(decoding: .foundation).decode(Everything.self, from: data) == value)
    }

    @Test func keysAreSortedByTheirBytesAndEscaped() throws {
        let data = try fast.encode(["b": 1, "B": 2, "a\"b": 3, "ä": 4, "a": 5, "a/b": 6, "\n": 7])
        #expect(text(data) == #"{"\n":7,"B":2,"a":5,"a\"b":3,"a/b":6,"b":1,"ä":4}"#)
        #expect(data == (try foundation.encode(["b": 1, "B": 2, "a\"b": 3, "ä": 4, "a": 5, "a/b": 6, "\n": 7])))
    }

    @Test func handWrittenEncodersMatchJSONEncoder() throws {
        let data = try fast.encode(HandWritten())
        #expect(text(data) == text(try foundation.encode(HandWritten())))
        #expect(text(data).contains(#""alpha":"second""#))
        #expect(text(data).contains(#""inner":{"x":1,"y":2}"#))
        #expect(text(data).contains(#""list":[1,{"x":"late"},"after"]"#))
    }

    @Test func mixedContainersFallBackToJSONEncoder() throws {
        let data = try fast.encode(SingleThenKeyed())
        #expect(text(data) == #"{"a":1,"extra":2}"#)
        #expect(data == (try foundation.encode(SingleThenKeyed())))
    }

    @Test func topLevelValueThatEncodesNothingIsAnError() throws {
        #expect(throws: EncodingError.self) { try fast.encode(EncodesNothing()) }
        #expect(throws: EncodingError.self) { try foundation.encode(EncodesNothing()) }
        // Nested, it is an empty object, as with `JSONEncoder`.
        #expect(text(try fast.encode([EncodesNothing()])) == "[{}]")
        #expect(text(try foundation.encode([EncodesNothing()])) == "[{}]")
    }

    @Test func nonFiniteNumbersAreErrors() throws {
        #expect(throws: EncodingError.self) { try fast.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try fast.encode(["x": Double.infinity]) }
        #expect(throws: EncodingError.self) { try fast.encode(-Float.infinity) }
    }

    @Test func topLevelScalarsMatchJSONEncoder() throws {
        let uuid = UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF")!
        #expect(try fast.encode(uuid) == (try foundation.encode(uuid)))
        #expect(try fast.encode("a\u{0}b") == (try foundation.encode("a\u{0}b")))
        #expect(try fast.encode(Int.min) == (try foundation.encode(Int.min)))
        #expect(try fast.encode(Date(timeIntervalSinceReferenceDate: -0.5)) == (try foundation.encode(Date(timeIntervalSinceReferenceDate: -0.5))))
        #expect(try fast.encode(Data()) == (try foundation.encode(Data())))
        #expect(try fast.encode(Optional<Int>.none) == (try foundation.encode(Optional<Int>.none)))
        #expect(try fast.encode([UInt8.max]) == (try foundation.encode([UInt8.max])))
        #expect(try fast.encode([Int16.min, Int16.max]) == (try foundation.encode([Int16.min, Int16.max])))
        #expect(try fast.encode([Int32.min]) == (try foundation.encode([Int32.min])))
        #expect(try fast.encode([UInt32.max]) == (try foundation.encode([UInt32.max])))
        #expect(try fast.encode([UInt.max]) == (try foundation.encode([UInt.max])))
        #expect(try fast.encode([UInt16.max]) == (try foundation.encode([UInt16.max])))
    }

    @Test func doublesMatchJSONEncoder() throws {
        var doubles: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 1e15 - 1, 1e15, 1e16, 9_007_199_254_740_992, 123.456, -2.5e-300, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bits = UInt64.random(in: 0...UInt64.max, using: &generator)
            let value = Double(bitPattern: bits)
            if value.isFinite { doubles.append(value) }
            doubles.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100)
        }
        #expect(text(try fast.encode(doubles)) == text(try foundation.encode(doubles)))
        let floats: [Float] = [0, 1, 1.1, -3.25, 1e20, .leastNonzeroMagnitude] + (0..<500).map { _ in Float.random(in: -1e6...1e6) }
        #expect(text(try fast.encode(floats)) == text(try foundation.encode(floats)))
    }

    @Test func decimalsMatchJSONEncoder() throws {
        var decimals: [Decimal] = [0, 1, -1, 25, .nan, Decimal(string: "0.000001")!, Decimal(string: "-100")!, Decimal(string: "25.00")!,
                                   Decimal(string: "18446744073709551615")!, Decimal(string: "18446744073709551616")!,
                                   Decimal(string: "123456789012345678901234567890.5")!, Decimal(sign: .plus, exponent: 20, significand: 7),
                                   Decimal(sign: .minus, exponent: -30, significand: 123)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let significand = UInt64.random(in: 1...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator)
            let exponent = Int.random(in: -40...40, using: &generator)
            decimals.append(Decimal(sign: Bool.random(using: &generator) ? .minus : .plus, exponent: exponent, significand: Decimal(significand)))
        }
        #if os(Linux)
        #expect(DecimalParts.layout == .swiftFoundation, "the fast path for decimals is in use on Linux")
        #endif
        #expect(text(try fast.encode(decimals)) == text(try foundation.encode(decimals)))
        for decimal in decimals where !decimal.isNaN {
            #expect(try JSONPayloadDecoder.decode(Decimal.self, from: fast.encode(decimal)) == decimal)
        }
    }

    @Test func stringsMatchJSONEncoder() throws {
        var strings: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["", "\u{2028}", "\u{FFFF}", "𝄞", "a\"\\b"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let scalars = (0..<Int.random(in: 0...20, using: &generator)).compactMap { _ in
                UnicodeScalar(UInt32.random(in: 0...0x1F_FFF, using: &generator))
            }
            strings.append(String(String.UnicodeScalarView(scalars)))
        }
        let data = try fast.encode(strings)
        #expect(text(data) == text(try foundation.encode(strings)))
        #expect(try JSONDecoder().decode([String].self, from: data) == strings)
    }

    @Test func nestedValuesAndLargeOutputsMatchJSONEncoder() throws {
        let list = (0..<2000).map { Everything.Nested(name: "name \($0)", tags: Array(repeating: "t\($0)", count: $0 % 5)) }
        let deep = (0..<100).reduce(Tree.leaf(0, label: "bottom")) { inner, level in .node([inner, .leaf(level, label: nil)]) }
        #expect(text(try fast.encode(deep)) == text(try foundation.encode(deep)))
        #expect(try fast.encode(list) == (try foundation.encode(list)))
        let byKey = Dictionary(uniqueKeysWithValues: (0..<300).map { ("key\($0)", $0) })
        #expect(try fast.encode(byKey) == (try foundation.encode(byKey)))
    }
}

/// A tree as deep as asked: each level is an object holding an array (two JSON levels per node).
indirect enum DeepTree: Codable, Equatable {
    case leaf(Int)
    case node([DeepTree])

    static func chain(_ depth: Int) -> DeepTree {
        var tree = DeepTree.leaf(0)
        for _ in 0..<depth { tree = .node([tree]) }
        return tree
    }
}

/// An object whose encoder hands out `count` nested containers with distinct keys, asks for one of them again
/// (which must reuse it), and writes one plain key twice.
struct ManyNested: Encodable {
    let count: Int
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for index in 0..<count {
            var row = container.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: "row\(count - index)"))
            try row.encode(index, forKey: Key(stringValue: "n"))
        }
        var again = container.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: "row7"))
        try again.encode(true, forKey: Key(stringValue: "again"))
        try container.encode("first", forKey: Key(stringValue: "plain"))
        try container.encode("second", forKey: Key(stringValue: "plain"))
    }
}

/// Two keys that are one `String` (canonically equivalent) but different bytes.
struct EquivalentKeys: Encodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: Key(stringValue: "e\u{301}"))
        try container.encode(2, forKey: Key(stringValue: "\u{E9}"))
        try container.encode(3, forKey: Key(stringValue: "z"))
    }
}

/// Found in review: cases where the fast encoder's bytes (or success) differed from `JSONEncoder`'s, or where it
/// was quadratic.
@Suite struct JSONPayloadEncoderLimitsTests {
    let fast = PayloadCodec(encoding: .fast)
    let foundation = PayloadCodec(encoding: .foundation)

    /// The same bytes, or both refuse the value.
    func agree<T: Encodable>(_ value: T, _ comment: Comment? = nil) {
        let viaFast = Result { try fast.encode(value) }
        let viaFoundation = Result { try foundation.encode(value) }
        switch (viaFast, viaFoundation) {
        case (.success(let left), .success(let right)): #expect(left == right, comment)
        case (.failure, .failure): break
        default: Issue.record("fast \(viaFast) vs JSONEncoder \(viaFoundation) \(comment.map { "\($0)" } ?? "")")
        }
    }

    /// `JSONEncoder` refuses values nested more than 512 levels deep; the fast encoder must not write them.
    @Test(arguments: [1, 100, 127, 128, 200, 255, 256, 257, 300, 600])
    func deepValuesAreRefusedAsJSONEncoderRefusesThem(depth: Int) {
        agree(DeepTree.chain(depth), "depth \(depth)")
    }

    @Test func largeDictionariesSortTheirKeysAsJSONEncoderDoes() throws {
        var map: [String: Int] = [:]
        for index in 0..<20_000 { map["key\(index * 7919 % 20_000)"] = index }
        map["é"] = -1
        map["E"] = -2
        agree(map)
        let decoded = try JSONDecoder().decode([String: Int].self, from: try fast.encode(map))
        #expect(decoded == map)
    }

    @Test(arguments: [3, 15, 16, 17, 40, 2_000])
    func manyNestedContainersMatchJSONEncoder(count: Int) throws {
        agree(ManyNested(count: count), "\(count) nested")
        let text = String(decoding: try fast.encode(ManyNested(count: count)), as: UTF8.self)
        #expect(text.contains(#""row7":{"again":true,"n":\#(count - 7)}"#) == (count >= 7))
        #expect(text.contains(#""plain":"second""#))
    }

    @Test func keysEqualAsStringsButNotAsBytesMatchJSONEncoder() {
        agree(EquivalentKeys())
    }

    @Test func integersOf128BitsMatchJSONEncoder() {
        if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *) {
            agree(Int128(5))
            agree(["a": UInt128.max])
            agree([Int128.min, Int128.max])
        }
    }
}
