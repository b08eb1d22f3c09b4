@testable import EVDLDriver
import Testing

@Suite("The configuration file's JSON reader")
struct ConfigurationJSONTests {
    private func read(_ text: String) -> [String: ConfigurationJSON.Value]? {
        ConfigurationJSON.object(Array(text.utf8))
    }

    @Test("an object keeps string values and marks every other value")
    func objects() {
        let members = read(#" { "access" : "public", "n": -1.5e3, "list": [1, "a", {"x": null}], "flag": true, "none": null, "o": {} } "#)
        #expect(members == [
            "access": .string("public"), "n": .other, "list": .other, "flag": .other, "none": .other, "o": .other,
        ])
        #expect(read("{}") == [:])
    }

    @Test("escapes are decoded, surrogate pairs included")
    func escapes() {
        #expect(read(#"{"k\u0065y": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#) == ["key": .string("a\"b\\c/d\né😀")])
    }

    @Test("text that is not one JSON object is refused", arguments: [
        "", "[1]", "\"s\"", "{", "{\"a\" 1}", "{\"a\": 1,}", "{\"a\": 01x}", "{\"a\": tru}", "{} {}", "{\"a\": \"\n\"}",
        "{\"a\": 1.}", "{\"a\": 007}", "{\"a\": \"\\x\"}", "{a: 1}",
        // Unpaired surrogates (one of them swallowing the closing quote), a lone low surrogate.
        #"{"x":"\uD800\"}"#, #"{"x":"\uD800\u0041"}"#, #"{"x":"\uD800"}"#, #"{"x":"\uDC00"}"#,
    ])
    func refused(_ text: String) {
        #expect(read(text) == nil)
    }

    @Test("a UTF-8 byte order mark is skipped; invalid UTF-8 in a string is refused")
    func encodings() {
        #expect(ConfigurationJSON.object([0xEF, 0xBB, 0xBF] + Array(#"{"access":"public"}"#.utf8)) == ["access": .string("public")])
        #expect(ConfigurationJSON.object(Array(#"{"access":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == nil)
        #expect(ConfigurationJSON.object(Array(#"{"access":"é"}"#.utf8)) == ["access": .string("é")])
    }
}
