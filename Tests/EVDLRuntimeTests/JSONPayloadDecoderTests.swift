@testable import EVDLRuntime
import Foundation
import Testing

struct Everything: Codable, Equatable {
    enum Kind: String, Codable { case small, large }
    struct Nested: Codable, Equatable { var name: String; var tags: [String] }
    var int: Int
    var negative: Int64
    var unsigned: UInt64
    var small: Int8
    var double: Double
    var float: Float
    var bool: Bool
    var text: String
    var escaped: String
    var unicode: String
    var uuid: UUID
    var date: Date
    var decimal: Decimal
    var data: Data
    var url: URL
    var kind: Kind
    var optional: String?
    var missing: Int?
    var nested: Nested
    var list: [Nested]
    var matrix: [[Int]]
    var byName: [String: Decimal]
    var byNumber: [Int: String]
    var optionals: [Int?]
}

/// A type with a hand-written decoder that reads keys out of order and nests containers.
struct OutOfOrder: Codable, Equatable {
    var a: Int
    var b: [String]
    var c: String

    enum CodingKeys: String, CodingKey { case a, b, c, inner }
    enum InnerKeys: String, CodingKey { case c }

    init(a: Int, b: [String], c: String) { self.a = a; self.b = b; self.c = c }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let inner = try container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
        c = try inner.decode(String.self, forKey: .c)
        var list = try container.nestedUnkeyedContainer(forKey: .b)
        var values: [String] = []
        while !list.isAtEnd { values.append(try list.decode(String.self)) }
        b = values
        a = try container.decode(Int.self, forKey: .a)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
        try inner.encode(c, forKey: .c)
    }
}

@Suite struct JSONPayloadDecoderTests {
    let fast = PayloadCodec(decoding: .fast)
    let foundation = PayloadCodec(decoding: .foundation)

    func sample() -> Everything {
        Everything(
            int: 42, negative: Int64.min, unsigned: UInt64.max, small: -128, double: 0.1 + 0.2, float: 1.5, bool: true,
            text: "plain", escaped: "quote \" backslash \\ slash / newline \n tab \t control \u{01}", unicode: "héllo ✓ 😀",
            uuid: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!, date: Date(timeIntervalSinceReferenceDate: 123_456.789),
            decimal: Decimal(string: "1234567890.0123456789")!, data: Data([0, 1, 2, 250, 255]), url: URL(string: "https://example.com/a?b=c")!,
            kind: .large, optional: "here", missing: nil, nested: .init(name: "n", tags: ["x", "y"]),
            list: [.init(name: "a", tags: []), .init(name: "b", tags: ["z"])], matrix: [[1, 2], [], [3]],
            byName: ["one": 1, "tenth": Decimal(string: "0.1")!], byNumber: [1: "one", 2: "two"], optionals: [1, nil, 3]
        )
    }

    @Test func decodesWhatTheCodecEncodesExactlyAsJSONDecoderDoes() throws {
        let data = try fast.encode(sample())
        let viaFast = try fast.decode(Everything.self, from: data)
        let viaFoundation = try foundation.decode(Everything.self, from: data)
        #expect(viaFast == viaFoundation)
        #expect(viaFast == sample())
    }

    @Test func handWrittenDecodersWithNestedContainersAndAnyKeyOrder() throws {
        let value = OutOfOrder(a: 1, b: ["p", "q"], c: "inner")
        #expect(try fast.decode(OutOfOrder.self, from: try fast.encode(value)) == value)
        let spaced = Data(" { \"inner\" : { \"c\" : \"x\" } , \"b\" : [ ] , \"a\" : -7 } ".utf8)
        #expect(try fast.decode(OutOfOrder.self, from: spaced) == OutOfOrder(a: -7, b: [], c: "x"))
    }

    @Test func decimalsReadTheirTextAsJSONDecoderDoes() throws {
        for text in ["0", "12.5", "-0.000123", "1e3", "99999999999999999999.5", "25"] {
            let data = Data("[\(text)]".utf8)
            #expect(try fast.decode([Decimal].self, from: data) == foundation.decode([Decimal].self, from: data), "\(text)")
        }
    }

    @Test func errorsAreDecodingErrorsWithPaths() throws {
        func failure<T: Decodable>(_ type: T.Type, _ json: String) -> DecodingError? {
            do {
                _ = try fast.decode(type, from: Data(json.utf8))
                return nil
            } catch let error as DecodingError {
                return error
            } catch {
                return nil
            }
        }
        guard case .keyNotFound(let key, _) = failure(OutOfOrder.self, "{\"inner\":{\"c\":\"x\"},\"b\":[]}") else {
            Issue.record("expected keyNotFound")
            return
        }
        #expect(key.stringValue == "a")
        guard case .typeMismatch(_, let context) = failure(Everything.Nested.self, "{\"name\":1,\"tags\":[]}") else {
            Issue.record("expected typeMismatch")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["name"])
        guard case .valueNotFound = failure(Everything.Nested.self, "{\"name\":null,\"tags\":[]}") else {
            Issue.record("expected valueNotFound")
            return
        }
        for broken in ["", "{", "{\"name\":\"a\",\"tags\":[}", "{\"name\":\"a\" \"tags\":[]}", "{\"name\":\"a\",\"tags\":[]} x", "{\"name\":\"unterminated}"] {
            guard case .dataCorrupted = failure(Everything.Nested.self, broken) else {
                Issue.record("expected dataCorrupted for \(broken)")
                continue
            }
        }
        guard case .dataCorrupted = failure([Int8].self, "[300]") else {
            Issue.record("expected an out-of-range number to fail")
            return
        }
        guard case .dataCorrupted = failure([UUID].self, "[\"not-a-uuid\"]") else {
            Issue.record("expected a bad UUID to fail")
            return
        }
    }
}

/// An event type that reads itself from JSON, as generated event types do.
struct Shipped: DomainEvent, JSONPayloadDecodable {
    static let typeName = "Test.Shipped"
    static let schemaVersion = 1
    var orderId: UUID
    var parcels: Int
    var carrier: String
    var note: String?
    var insured: Bool
    var weight: Double

    init(orderId: UUID, parcels: Int, carrier: String, note: String?, insured: Bool, weight: Double) {
        self.orderId = orderId; self.parcels = parcels; self.carrier = carrier; self.note = note
        self.insured = insured; self.weight = weight
    }

    init(jsonObject object: JSONPayloadObject) throws {
        orderId = try object.decode(UUID.self, "orderId")
        parcels = try object.decode(Int.self, "parcels")
        carrier = try object.decode(String.self, "carrier")
        note = try object.decodeIfPresent(String.self, "note")
        insured = try object.decode(Bool.self, "insured")
        weight = try object.decode(Double.self, "weight")
    }
}

@Suite struct JSONPayloadDecodableTests {
    let fast = PayloadCodec(decoding: .fast)
    let foundation = PayloadCodec(decoding: .foundation)

    /// What each codec makes of `json`: the value, or that it failed.
    func outcomes(_ json: String) -> (fast: Shipped?, foundation: Shipped?) {
        let data = Data(json.utf8)
        return (try? fast.decodeEvent(Shipped.self, from: data, schemaVersion: 1), try? foundation.decodeEvent(Shipped.self, from: data, schemaVersion: 1))
    }

    /// The direct path (`init(jsonObject:)`, picked by overload for such types) agrees with `JSONDecoder` on
    /// canonical and unusual input alike: UUIDs in either case, short and long strings with and without escapes,
    /// whitespace, integers written with exponents or fractions, missing and null members, trailing text.
    @Test(arguments: [
        #"{"insured":true,"weight":1.5,"carrier":"DHL","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":2}"#,
        #"{"insured":true,"weight":1.5,"carrier":"dhl","orderId":"e621e1f8-c36c-495a-93fc-0c247a3e6e5f","parcels":-2,"note":null}"#,
        #" { "parcels" : 3 , "insured" : false , "weight" : 2 , "orderId" : "E621E1F8-C36C-495A-93FC-0C247A3E6E5F" , "carrier" : "a \"quoted\" name" } "#,
        #"{"insured":true,"weight":1.5,"carrier":"a carrier with a name longer than twenty-four bytes","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"a carrier with a long name and an escape at the end \n","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"\u00e9t\u00e9 \ud83d\ude00","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1,"note":"ünïcødé ✓"}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1e2}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":2.0}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":2.5}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":99999999999999999999}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8C36C495A93FC0C247A3E6E5F","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"G621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F ","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F"}"#,
        #"{"insured":true,"weight":1.5,"carrier":null,"orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":7,"orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":"1"}"#,
        #"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1} trailing"#,
        #"{"insured":true,"weight":1.5,"carrier":"unterminated,"orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"["not","an","object"]"#,
        #"{"insured":"true","weight":1,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":1,"weight":1,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":tru,"weight":1,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":false,"weight":-1e-3,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":false,"weight":"1","carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
        #"{"insured":false,"weight":null,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1}"#,
    ])
    func agreesWithJSONDecoder(json: String) {
        let (viaFast, viaFoundation) = outcomes(json)
        #expect(viaFast == viaFoundation, "\(json)")
    }

    /// The comparison above is not vacuous: the well-formed payloads among its cases decode on both paths.
    @Test func wellFormedCasesDecodeOnBothPaths() {
        let wellFormed = [
            #"{"insured":true,"weight":1.5,"carrier":"dhl","orderId":"e621e1f8-c36c-495a-93fc-0c247a3e6e5f","parcels":-2,"note":null}"#,
            #" { "parcels" : 3 , "insured" : false , "weight" : 2 , "orderId" : "E621E1F8-C36C-495A-93FC-0C247A3E6E5F" , "carrier" : "a \"quoted\" name" } "#,
            #"{"insured":true,"weight":1.5,"carrier":"\u00e9t\u00e9 \ud83d\ude00","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","parcels":1,"note":"ünïcødé ✓"}"#,
        ]
        let expected = [
            Shipped(orderId: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!, parcels: -2, carrier: "dhl", note: nil, insured: true, weight: 1.5),
            Shipped(orderId: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!, parcels: 3, carrier: "a \"quoted\" name", note: nil, insured: false, weight: 2),
            Shipped(orderId: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!, parcels: 1, carrier: "été 😀", note: "ünïcødé ✓", insured: true, weight: 1.5),
        ]
        for (json, value) in zip(wellFormed, expected) {
            let (viaFast, viaFoundation) = outcomes(json)
            #expect(viaFast == value, "\(json)")
            #expect(viaFoundation == value, "\(json)")
        }
    }

    @Test func canonicalPayloadsDecode() throws {
        let value = Shipped(orderId: UUID(), parcels: 4, carrier: "a \"carrier\" ✓", note: nil, insured: true, weight: 0.1 + 0.2)
        let data = try fast.encode(value)
        #expect(try fast.decodeEvent(Shipped.self, from: data, schemaVersion: 1) == value)
    }

    @Test func failuresAreInvalidPayloadErrorsNamingTheEventAndTheKey() {
        do {
            _ = try fast.decodeEvent(Shipped.self, from: Data(#"{"insured":true,"weight":1.5,"carrier":"x","orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F"}"#.utf8), schemaVersion: 1)
            Issue.record("expected a failure")
        } catch let error as EventDecodingError {
            #expect(error.code == .invalidPayload)
            #expect(error.detail.contains("Test.Shipped"))
            #expect(error.detail.contains("parcels"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct UUIDTextTests {
    /// Every UUID text the fast path reads (it parses eight digits at a time) gives what `JSONDecoder` gives:
    /// random UUIDs in both cases, and each of the 36 positions replaced by bytes just outside the digit and
    /// letter ranges, by a dash, and by a non-ASCII letter.
    @Test func fastUUIDsAgreeWithJSONDecoder() throws {
        let fast = PayloadCodec(decoding: .fast)
        let foundation = PayloadCodec(decoding: .foundation)
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = ["00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "ffffffff-ffff-ffff-ffff-ffffffffffff"]
        for _ in 0..<50 {
            let text = UUID().uuidString
            texts.append(text)
            texts.append(text.lowercased())
            texts.append(String(text.map { Bool.random(using: &generator) ? Character($0.lowercased()) : $0 }))
        }
        let base = Array("E621E1F8-C36C-495A-93FC-0C247A3E6E5F".utf8)
        for position in 0..<36 {
            for replacement in Array("/:@G`g-0aA ".utf8) {
                var bytes = base
                bytes[position] = replacement
                texts.append(String(decoding: bytes, as: UTF8.self))
            }
            var bytes = base
            bytes.replaceSubrange(position..<position + 1, with: Array("é".utf8))
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        var decoded = 0
        for text in texts {
            let json = Data("[\"\(text)\"]".utf8)
            let viaFast = try? fast.decode([UUID].self, from: json)
            let viaFoundation = try? foundation.decode([UUID].self, from: json)
            #expect(viaFast == viaFoundation, "\(text)")
            if let value = viaFast?.first {
                #expect(value == UUID(uuidString: text))
                decoded += 1
            }
        }
        #expect(decoded >= 153)  // the three fixed texts and the 150 random ones at least
    }
}
