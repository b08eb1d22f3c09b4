import EVDLSyntax
import Testing

/// Tokens in a compact form: `kw:type`, `ident:A`, `int:42`, `"<` (string start), `seg:text`, `\(`, `)\`, `>"`,
/// punctuation as written; a `⏎` prefix marks a token preceded by a line break. The end-of-file token is left out.
func tokenDump(_ text: String) -> [String] {
    let (file, lexed) = lex(text)
    return lexed.tokens.dropLast().map { token in
        let raw = file.text(of: token.span)
        let body: String = switch token.kind {
        case .identifier: "ident:\(raw)"
        case .keyword(let k): "kw:\(k.rawValue)"
        case .integer: "int:\(raw)"
        case .decimal: "dec:\(raw)"
        case .duration: "dur:\(raw)"
        case .stringStart: "\"<"
        case .stringSegment: "seg:\(raw)"
        case .interpolationStart: "\\("
        case .interpolationEnd: token.isMissing ? ")\\?" : ")\\"
        case .stringEnd: token.isMissing ? ">\"?" : ">\""
        case .invalid: "invalid:\(raw)"
        case .endOfFile: "eof"
        case .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .semicolon, .colon,
             .dot, .arrow, .question, .questionQuestion, .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater,
             .greaterEqual, .plus, .minus, .star, .slash, .percent, .bang, .ampAmp, .pipePipe, .plusEqual, .minusEqual,
             .starEqual, .slashEqual:
            token.kind.fixedText ?? "?"
        }
        return (token.precededByNewline ? "⏎" : "") + body
    }
}

func lexCodes(_ text: String) -> [String] {
    let (file, lexed) = lex(text)
    return describeDiagnostics(lexed.diagnostics, in: file)
}

@Suite("Lexer")
struct LexerTests {
    @Test("every keyword is recognised, and words that merely look alike are identifiers")
    func keywords() {
        for keyword in Keyword.allCases {
            #expect(tokenDump(keyword.rawValue) == ["⏎kw:\(keyword.rawValue)"])
        }
        #expect(tokenDump("types Type _type type_ v1 was now") == ["⏎ident:types", "ident:Type", "ident:_type", "ident:type_", "ident:v1", "ident:was", "ident:now"])
    }

    @Test("every punctuation token")
    func punctuation() {
        let text = "{ } ( ) [ ] , ; : . -> ? ?? = == != < <= > >= + - * / % ! && || += -= *= /="
        let expected = text.split(separator: " ").map(String.init)
        #expect(tokenDump(text) == ["⏎{"] + expected.dropFirst())
    }

    @Test("operators without spaces split greedily")
    func greedyOperators() {
        #expect(tokenDump("a->b??c!=d<=e") == ["⏎ident:a", "->", "ident:b", "??", "ident:c", "!=", "ident:d", "<=", "ident:e"])
        #expect(tokenDump("x+=1") == ["⏎ident:x", "+=", "int:1"])
    }

    @Test("integers, decimals and durations")
    func numbers() {
        #expect(tokenDump("42 1_000 12.50 0.5 500ms 30s 30m 2h 7d") ==
                ["⏎int:42", "int:1_000", "dec:12.50", "dec:0.5", "dur:500ms", "dur:30s", "dur:30m", "dur:2h", "dur:7d"])
        // A dot not followed by a digit is member access.
        #expect(tokenDump("1.description") == ["⏎int:1", ".", "ident:description"])
    }

    @Test("malformed numbers are reported and keep their digits")
    func malformedNumbers() {
        #expect(tokenDump("12abc") == ["⏎int:12"])
        #expect(lexCodes("12abc") == ["1:3: EVDL0008 invalid suffix `abc` on number `12`"])
        #expect(lexCodes("0x1F") == ["1:2: EVDL0008 invalid suffix `x1F` on number `0`"])
        #expect(tokenDump("1.5h") == ["⏎dur:1.5h"])
        #expect(lexCodes("1.5h") == ["1:1: EVDL0009 duration `1.5h` must be a whole number"])
    }

    @Test("a string with escapes is one segment between its quotes")
    func escapes() {
        #expect(tokenDump(#""a\n\t\r\"\\\0\u{1F600}""#) == ["⏎\"<", #"seg:a\n\t\r\"\\\0\u{1F600}"#, ">\""])
        #expect(lexCodes(#""a\n\t\r\"\\\0\u{1F600}""#) == [])
        let (file, result) = parse(#"type A { s: String = "a\n\t\"\\\0\u{1F600}é" }"#)
        #expect(result.diagnostics.isEmpty)
        guard case .type(let t)? = result.spec.declarations.first, case .string(let segments)? = t.fields.first?.defaultValue?.kind else {
            Issue.record("no string parsed from \(file.path)")
            return
        }
        #expect(segments == [.text("a\n\t\"\\\0😀é")])
    }

    @Test("string segments decode through the public decoder, bad escapes dropped")
    func decoder() {
        let (file, lexed) = lex(#""a\tb\u{41}\q\u{D800}c""#)
        let segment = lexed.tokens.first { $0.kind == .stringSegment }
        #expect(segment.map { StringLiteralDecoder.decode($0, in: file) } == "a\tbAc")
    }

    @Test("bad escapes are located")
    func badEscapes() {
        #expect(lexCodes(#""a\qb""#) == [#"1:3: EVDL0006 invalid escape sequence `\q` in string literal"#])
        #expect(lexCodes(#""\u{D800}""#) == [#"1:2: EVDL0007 invalid unicode escape `\u{D800}`"#])
        #expect(lexCodes(#""\u{}""#) == [#"1:2: EVDL0007 invalid unicode escape `\u{}`"#])
        #expect(lexCodes(#""\u41""#) == [#"1:2: EVDL0007 invalid unicode escape `\u`"#])
        #expect(lexCodes(#""\u{123456789}""#) == [#"1:2: EVDL0007 invalid unicode escape `\u{123456789}`"#])
    }

    @Test("interpolation emits ordinary tokens between \\( and its matching )")
    func interpolation() {
        #expect(tokenDump(#""order \(orderId) placed""#) ==
                ["⏎\"<", "seg:order ", "\\(", "ident:orderId", ")\\", "seg: placed", ">\""])
        // Nested parentheses and a nested string with its own interpolation.
        #expect(tokenDump(#""x\(f((a), "in\(b)"))y""#) ==
                ["⏎\"<", "seg:x", "\\(", "ident:f", "(", "(", "ident:a", ")", ",", "\"<", "seg:in", "\\(", "ident:b", ")\\", ">\"", ")", ")\\", "seg:y", ">\""])
        #expect(lexCodes(#""x\(f((a), "in\(b)"))y""#) == [])
    }

    @Test("unterminated strings and interpolations are closed with missing tokens and reported once")
    func unterminated() {
        #expect(tokenDump("\"abc\nx") == ["⏎\"<", "seg:abc", ">\"?", "⏎ident:x"])
        #expect(lexCodes("\"abc\nx") == ["1:1: EVDL0003 unterminated string literal"])
        #expect(tokenDump("\"a\\(b\nx") == ["⏎\"<", "seg:a", "\\(", "ident:b", ")\\?", ">\"?", "⏎ident:x"])
        #expect(lexCodes("\"a\\(b\nx") == ["1:3: EVDL0005 unterminated string interpolation"])
        #expect(lexCodes("\"a\\(\"b") == ["1:5: EVDL0003 unterminated string literal"])
        #expect(lexCodes("/* a /* b */") == ["1:1: EVDL0004 unterminated block comment"])
    }

    @Test("comments are skipped, nest, and count as line breaks when they span lines")
    func comments() {
        #expect(tokenDump("a // x\nb /* c /* d */ e */ c /* \n */ d") == ["⏎ident:a", "⏎ident:b", "ident:c", "⏎ident:d"])
        let (_, lexed) = lex("a // x\n/* y */ b /// z\nc")
        #expect(lexed.comments.map(\.kind) == [.line, .block, .doc])
    }

    @Test("doc comments group consecutive /// lines and attach to the next token")
    func docComments() {
        let (_, lexed) = lex("/// First line.\n///Second line.\n// plain\ntype A {}\n//// not a doc\nb")
        #expect(lexed.docComments.map(\.lines) == [["First line.", "Second line."]])
        #expect(lexed.tokens[0].docCommentIndex == 0)
        #expect(lexed.tokens.dropFirst().allSatisfy { $0.docCommentIndex == -1 })
    }

    @Test("stray characters are one invalid token per run, with a hint for single & and |")
    func strayCharacters() {
        #expect(tokenDump("a @# b") == ["⏎ident:a", "invalid:@#", "ident:b"])
        #expect(lexCodes("a @# b") == ["1:3: EVDL0002 unexpected characters `@#`"])
        let (_, lexed) = lex("a & b")
        #expect(lexed.diagnostics.first?.help == "did you mean `&&`?")
        #expect(lexCodes("x é") == ["1:3: EVDL0002 unexpected character `é`"])
    }

    @Test("invalid UTF-8 anywhere is reported, one diagnostic per run")
    func invalidUTF8() {
        var sources = SourceManager()
        let bytes: [UInt8] = [0x61, 0x20, 0xC3, 0x28, 0x20, 0x22, 0xFF, 0xFE, 0x22, 0x20, 0x2F, 0x2F, 0xED, 0xA0, 0x80]
        let id = sources.add(path: "t.evdl", bytes: bytes)
        let lexed = Lexer.tokenize(sources[id])
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["EVDL0001", "EVDL0001", "EVDL0001"])
        #expect(lexed.diagnostics.map { $0.span!.start } == [2, 6, 12])
    }

    @Test("byte offsets, lines and columns with CRLF and multi-byte characters")
    func offsetsAndColumns() {
        let text = "type Ä {\r\n  s: String = \"😀\" // é\r\n}\rx"
        let (file, lexed) = lex(text)
        let places = lexed.tokens.map { token in
            "\(file.text(of: token.span))@\(token.span.start)-\(token.span.end):\(file.lines.location(of: token.span.start, in: file.bytes))"
        }
        #expect(places == [
            "type@0-4:1:1", "Ä@5-7:1:6", "{@8-9:1:8",
            "s@13-14:2:3", ":@14-15:2:4", "String@16-22:2:6", "=@23-24:2:13", "\"@25-26:2:15", "😀@26-30:2:16", "\"@30-31:2:17",
            "}@39-40:3:1", "x@41-42:4:1", "@42-42:4:2",
        ])
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["EVDL0002"])  // `Ä` is not an identifier character
        #expect(lexed.tokens[1].kind == .invalid)
        #expect(lexed.tokens[3].precededByNewline && lexed.tokens[10].precededByNewline && lexed.tokens[11].precededByNewline)
    }

    @Test("the token after a line break is marked, the first token of a file too")
    func newlineFlags() {
        #expect(tokenDump("a b\nc\n\n  d") == ["⏎ident:a", "ident:b", "⏎ident:c", "⏎ident:d"])
        #expect(tokenDump("") == [])
    }
}
