import EVDLLanguageServer
import Testing

/// JSON, framing, URIs and UTF-16 positions: the pieces under the protocol.
@Suite struct ProtocolPieceTests {
    @Test func jsonRoundTrips() throws {
        let text = #"{"a":[1,-2.5,true,false,null,"x\"\\\n\u00e9\ud83d\ude00"],"b":{}}"#
        let value = try JSONParser.parse(text)
        #expect(value["a"]?.array?[0] == 1)
        #expect(value["a"]?.array?[1] == .double(-2.5))
        #expect(value["a"]?.array?[5] == .string("x\"\\\né😀"))
        #expect(try JSONParser.parse(value.serialized) == value)
        #expect(JSON.string("\u{1}").serialized == #""\u0001""#)
    }

    @Test func jsonRefusesWhatIsNotJSON() {
        for bad in ["", "01", "1.", "[1,]", "{\"a\" 1}", "tru", "\"\u{1}\"", "[] []", "-", "1e"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "[", count: 300) + String(repeating: "]", count: 300)) }
        #expect((try? JSONParser.parse(#""\ud800x""#)) == .string("\u{FFFD}x"))
    }

    @Test func framingSplitsAndJoinsMessagesAcrossReads() {
        var reader = MessageReader()
        let bytes = MessageReader.frame("{\"a\":1}") + Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\nContent-Length: 2\n\n[]".utf8)
        var got: [FramedInput] = []
        for byte in bytes {
            reader.append([byte])
            while let next = reader.next() { got.append(next) }
        }
        #expect(got == [.message(Array("{\"a\":1}".utf8)), .message(Array("[]".utf8))])
    }

    @Test func framingRefusesHugeHeadersAndLengths() {
        var reader = MessageReader()
        reader.append(Array(repeating: UInt8(ascii: "a"), count: MessageReader.maximumHeaderBytes + 10))
        guard case .malformedHeader? = reader.next() else { Issue.record("a header without end was accepted"); return }
        reader.append(Array("Content-Length: 999999999999\r\n\r\n".utf8))
        guard case .malformedHeader? = reader.next() else { Issue.record("a huge length was accepted"); return }
        reader.append(MessageReader.frame("1"))
        #expect(reader.next() == .message(Array("1".utf8)))
    }

    @Test func fileURIsDecodeAndEncode() {
        #expect(FileURI.path(ofURI: "file:///a/b%20c/%C3%A9.evdl") == "/a/b c/é.evdl")
        #expect(FileURI.uri(ofPath: "/a/b c/é.evdl") == "file:///a/b%20c/%C3%A9.evdl")
        #expect(FileURI.path(ofURI: "untitled:1") == nil)
        #expect(FileURI.normalized("file:///a/%7e") == "file:///a/~")
    }

    @Test func positionsCountUTF16CodeUnits() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units.
        let document = TextDocument(uri: "", version: 0, text: "aé😀b\r\nxy\rz")
        #expect(document.position(of: 3) == Position(line: 0, character: 2))
        #expect(document.position(of: 7) == Position(line: 0, character: 4))
        #expect(document.position(of: 10) == Position(line: 1, character: 0))
        #expect(document.position(of: 13) == Position(line: 2, character: 0))
        #expect(document.offset(of: Position(line: 0, character: 4)) == 7)
        #expect(document.offset(of: Position(line: 0, character: 3)) == 3, "inside the surrogate pair: the scalar's start")
        #expect(document.offset(of: Position(line: 0, character: 99)) == 8, "past the line's end: its end")
        #expect(document.offset(of: Position(line: 9, character: 0)) == document.bytes.count)
        for offset in [0, 1, 3, 7, 8, 10, 11, 13] { #expect(document.offset(of: document.position(of: offset)) == offset) }
    }

    @Test func incrementalChangesReplaceRanges() {
        var document = TextDocument(uri: "", version: 0, text: "ab😀\ncd")
        document.apply(change: "X\nY", in: TextRange(start: Position(line: 0, character: 2), end: Position(line: 1, character: 1)))
        #expect(document.text == "abX\nYd")
        document.apply(change: "whole", in: nil)
        #expect(document.text == "whole")
    }
}
