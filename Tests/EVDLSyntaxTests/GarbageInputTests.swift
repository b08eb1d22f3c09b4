import EVDLSyntax
import Foundation
import EVDLTestSupport
import Testing


func parseBytes(_ bytes: [UInt8]) -> (SourceFile, ParseResult) {
    var sources = SourceManager()
    let id = sources.add(path: "garbage.evdl", bytes: bytes)
    let file = sources[id]
    return (file, EVDLParser.parse(file))
}

/// Every diagnostic's span lies inside the file, and there is at most one note about the limit.
func checkWellFormed(_ result: ParseResult, _ file: SourceFile) {
    for d in result.diagnostics {
        if let span = d.span {
            #expect(span.start >= 0 && span.end <= file.bytes.count && span.start <= span.end)
        }
    }
    #expect(result.diagnostics.count <= Lexer.diagnosticLimit + 1)
}

@Suite("Garbage input")
struct GarbageInputTests {
    @Test("seeded random bytes never crash and give located diagnostics")
    func randomBytes() {
        var rng = SeededGenerator(seed: 42)
        for iteration in 0..<300 {
            let length = Int.random(in: 0..<2_000, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let (file, result) = parseBytes(bytes)
            checkWellFormed(result, file)
            if length > 50 { #expect(!result.diagnostics.isEmpty, "iteration \(iteration)") }
        }
    }

    @Test("random token soup (valid tokens in random order) never crashes")
    func tokenSoup() {
        let pieces = ["aggregate", "A", "{", "}", "(", ")", "[", "]", "\"", "\\(", "state", "x", ":", "Int", "=", "==",
                      "\n", " ", "1", "2.5", "30m", ",", ";", ".", "if", "else", "require", "emit", "on", "step", "invoke",
                      "type", "saga", "policy", "scenario", "given", "when", "then", "?", "->", "!", "-", "&&", "//", "/*", "*/", "///"]
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let count = Int.random(in: 0..<300, using: &rng)
            let text = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined(separator: " ")
            let (file, result) = parse(text)
            checkWellFormed(result, file)
        }
    }

    @Test("invalid UTF-8 is reported once per run of bad bytes, at its place")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("type A {\n  x: Int ".utf8) + [0xFF, 0xFE, 0xC0] + Array(" }\n".utf8)
        let (file, result) = parseBytes(bytes)
        let codes = result.diagnostics.map(\.code.rawValue)
        #expect(codes == ["EVDL0001"])
        #expect(result.diagnostics.first?.span.map { file.lines.location(of: $0.start, in: file.bytes).description } == "2:10")
        #expect(result.spec.declarations.count == 1)
    }

    @Test("100,000 nested brackets give one nesting diagnostic and finish", arguments: ["[", "(", "{"])
    func deepNesting(opener: String) {
        let text = "aggregate A {\n decide X {\n  x = " + String(repeating: opener, count: 100_000) + "\n }\n}\n"
        let (file, result) = parse(text)
        checkWellFormed(result, file)
        #expect(result.diagnostics.contains { $0.code.rawValue == "EVDL0111" } || opener == "{")
        #expect(result.diagnostics.count <= 3)
    }

    @Test("20,000 nested `a?[` and `f?(` (EVDL0123 each) finish without deepening the stack", arguments: ["a?[", "f?("])
    func deepOptionalSubscripts(opener: String) {
        let closer = opener.hasSuffix("[") ? "]" : ")"
        let n = 20_000
        let text = "aggregate A {\n decide X {\n  x = " + String(repeating: opener, count: n) + "1" + String(repeating: closer, count: n) + "\n }\n}\n"
        let (file, result) = parse(text)
        checkWellFormed(result, file)
        // One EVDL0123 per `?` (up to the 200 shown), and the nesting limit; the parse finishes.
        #expect(result.diagnostics.first?.code.rawValue == "EVDL0123")
    }

    @Test("100,000 balanced nested brackets and 100,000 nested blocks and strings")
    func deepBalanced() {
        let n = 100_000
        let array = "type A { x: Int = " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + " }\n"
        let blocks = "aggregate B { decide X { " + String(repeating: "if a { ", count: n) + String(repeating: "} ", count: n) + "} }\n"
        let strings = "type C { s: String = " + String(repeating: "\"\\(", count: n) + String(repeating: ")\"", count: n) + " }\n"
        let unary = "type D { b: Bool = " + String(repeating: "!", count: n) + "true }\n"
        let types = "type E { t: " + String(repeating: "[", count: n) + "Int" + String(repeating: "]", count: n) + " }\n"
        let chain = "type F { t: Int = " + Array(repeating: "a", count: n).joined(separator: " + ") + " }\n"
        let calls = "type G { t: Int = " + String(repeating: "f(", count: n) + "1" + String(repeating: ")", count: n) + " }\n"
        let subscripts = "type H { t: Int = a" + String(repeating: "[a", count: n) + String(repeating: "]", count: n) + " }\n"
        let elseIfs = "aggregate I { decide X { if a { }" + String(repeating: " else if a { }", count: n) + " } }\n"
        let coalesce = "type J { t: Int = " + Array(repeating: "a", count: n).joined(separator: " ?? ") + " }\n"
        let members = "type K { t: Int = a" + String(repeating: ".b", count: n) + " }\n"
        for text in [array, blocks, strings, unary, types, chain, calls, subscripts, elseIfs, coalesce, members] {
            let (file, result) = parse(text)
            checkWellFormed(result, file)
            #expect(result.diagnostics.map(\.code.rawValue) == ["EVDL0111"], "\(text.prefix(30))")
        }
    }

    @Test("256 levels of nesting are fine, 257 are one too many")
    func nestingBoundary() {
        func nested(_ n: Int) -> String {
            "type A { x: Int = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + " }"
        }
        #expect(parse(nested(256)).1.diagnostics.isEmpty)
        #expect(parse(nested(257)).1.diagnostics.map(\.code.rawValue) == ["EVDL0111"])
    }

    @Test("a 10 MB file of repeated declarations parses without diagnostics")
    func tenMegabytes() throws {
        let unit = try checkoutExampleFiles().map(\.text).joined(separator: "\n")
        var text = ""
        while text.utf8.count < 10_000_000 { text += unit + "\n" }
        let (_, result) = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.spec.declarations.count > 1000)
    }

    @Test("a 10 MB file of random bytes finishes with a bounded number of diagnostics")
    func tenMegabytesOfGarbage() {
        var rng = SeededGenerator(seed: 3)
        var words = [UInt64](repeating: 0, count: 1_250_000)
        for i in words.indices { words[i] = rng.next() }
        let bytes = words.withUnsafeBytes { Array($0) }
        let (file, result) = parseBytes(bytes)
        checkWellFormed(result, file)
        #expect(result.diagnostics.last?.code.rawValue == "EVDL0190")
    }
}
