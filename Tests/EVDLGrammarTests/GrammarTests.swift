import EVDLSyntax
import Foundation
import Testing

/// `Grammar/evdl.tmLanguage.json` over every spec of the repository: the lexer says what each token is, the grammar
/// (run by ``TextMateTokenizer``) must give it the matching scope.
@Suite struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let specs: [String] = {
        var paths: [String] = []
        for folder in ["Examples", "Tests/DomainCorpus", "Tests/EVDLGeneratorTests/References", "Tests/Fuzz/seeds"] {
            guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            for case let path as String in walker where path.hasSuffix(".evdl") && !path.contains(".build") {
                paths.append(folder + "/" + path)
            }
        }
        return paths.sorted()
    }()

    static let tokenizer: TextMateTokenizer = {
        try! TextMateTokenizer(json: Data(contentsOf: root.appendingPathComponent("Grammar/evdl.tmLanguage.json")))
    }()

    /// A tokenized file: the grammar's scopes at any byte offset of the lexer.
    struct Scoped {
        let source: SourceFile
        let lines: [[TextMateTokenizer.Token]]

        init(_ text: String) {
            source = SourceFile(id: FileID(index: 0), path: "spec.evdl", bytes: Array(text.utf8))
            lines = GrammarTests.tokenizer.tokenize(text)
        }

        /// The scopes of the character at a byte offset, outermost first.
        func scopes(at offset: Int) -> [String] {
            let location = source.lines.location(of: offset, in: source.bytes)
            let lineStart = source.lines.start(ofLine: location.line)
            let prefix = String(decoding: source.bytes[lineStart..<offset], as: UTF8.self)
            let column = prefix.utf16.count
            return lines[location.line - 1].first { $0.range.contains(column) }?.scopes ?? []
        }
    }

    /// How many tokens of each kind were checked over all specs (each must be above zero).
    final class Counts: @unchecked Sendable {
        var values: [String: Int] = [:]
        let lock = NSLock()
        func add(_ key: String) { lock.lock(); values[key, default: 0] += 1; lock.unlock() }
    }

    @Test func theGrammarIsValidJSONForTheEVDLScope() {
        #expect(Self.tokenizer.scopeName == "source.evdl")
        #expect(Self.specs.count > 10)
    }

    @Test func everySpecIsScopedAsTheLexerReadsIt() throws {
        let counts = Counts()
        for path in Self.specs {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            check(text, path: path, counts: counts)
        }
        // (The specs hold no escape and no block comment; the test below has both.)
        for kind in ["keyword", "declaration name", "message name", "string", "string text", "interpolation", "interpolated name", "duration", "integer", "decimal", "line comment", "doc comment"] {
            #expect(counts.values[kind, default: 0] > 0, "no \(kind) was checked")
        }
    }

    @Test func blockCommentsNestAndSpanLinesAndDocCommentsNeedExactlyThreeSlashes() {
        let counts = Counts()
        check("/* one /* two */\n still */ type A { x: Int }\n//// not a doc comment\n/// a doc comment\ntype B { s: String = \"\\na\\(x + 1)\" }\n", path: "inline", counts: counts)
        #expect(counts.values["block comment"] == 1 && counts.values["doc comment"] == 1 && counts.values["line comment"] == 1)
        #expect(counts.values["escape"] == 1 && counts.values["interpolated name"] == 1)
        let scoped = Scoped("/* a\n b */ type A { }")
        #expect(scoped.scopes(at: 5).last == "comment.block.evdl")
        #expect(scoped.scopes(at: 11).last == "keyword.declaration.evdl")
    }

    @Test func fieldsBuiltinTypesAndDeclaredNamesOfDecisionsStepsAndQueries() {
        let text = "aggregate A {\n  state { total: Decimal = 0 }\n  decide Pay { }\n}\nsaga S {\n  step charge { }\n}\n"
        let scoped = Scoped(text)
        func scope(of word: String) -> String? {
            guard let range = text.range(of: word) else { return nil }
            return scoped.scopes(at: text.utf8.distance(from: text.startIndex, to: range.lowerBound)).last
        }
        #expect(scope(of: "total") == "variable.other.field.evdl")
        #expect(scope(of: "Decimal") == "support.type.builtin.evdl")
        #expect(scope(of: "Pay") == "entity.name.function.evdl")
        #expect(scope(of: "charge") == "entity.name.function.evdl")
        #expect(scope(of: "state") == "keyword.other.member.evdl")
    }

    func check(_ text: String, path: String, counts: Counts) {
        let scoped = Scoped(text)
        let lexed = Lexer.tokenize(scoped.source)
        let tokens = lexed.tokens
        var interpolation = 0
        func expectScope(_ offset: Int, innermost expected: String, _ kind: String) {
            let scopes = scoped.scopes(at: offset)
            #expect(scopes.last == expected, "\(path) \(scoped.source.lines.location(of: offset, in: scoped.source.bytes)): \(kind) has \(scopes)")
            counts.add(kind)
        }
        for (index, token) in tokens.enumerated() where token.kind != .endOfFile {
            let next = tokens[index + 1]
            let previous = index > 0 ? tokens[index - 1] : nil
            let kind = token.kind
            if case .keyword(let keyword) = kind {
                let nameFollows = !next.precededByNewline && (next.kind == .colon || next.kind == .dot || next.kind == .leftBracket)
                if token.precededByNewline, !nameFollows, interpolation == 0 {
                    let scopes = scoped.scopes(at: token.span.start)
                    let expected = [Keyword.true, .false, .nil].contains(keyword) ? "constant.language" : "keyword."
                    #expect(scopes.last?.hasPrefix(expected) == true, "\(path): keyword `\(keyword.rawValue)` has \(scopes)")
                    counts.add("keyword")
                }
            } else if kind == .identifier {
                if case .keyword(let keyword)? = previous?.kind, !token.precededByNewline {
                    if [Keyword.type, .enum, .aggregate, .service, .projection, .saga, .policy].contains(keyword) {
                        expectScope(token.span.start, innermost: "entity.name.type.evdl", "declaration name")
                    } else if [Keyword.command, .event].contains(keyword), previous?.precededByNewline == true {
                        expectScope(token.span.start, innermost: "entity.name.type.message.evdl", "message name")
                    }
                }
                if interpolation > 0 {
                    let scopes = scoped.scopes(at: token.span.start)
                    #expect(scopes.contains("meta.interpolation.evdl") && scopes.last != "string.quoted.double.evdl", "\(path): a name in an interpolation has \(scopes)")
                    counts.add("interpolated name")
                }
            } else if kind == .stringStart {
                expectScope(token.span.start, innermost: "punctuation.definition.string.begin.evdl", "string")
            } else if kind == .stringSegment {
                let escaped = scoped.source.bytes[token.span.start] == UInt8(ascii: "\\")
                expectScope(token.span.start, innermost: escaped ? "constant.character.escape.evdl" : "string.quoted.double.evdl", escaped ? "escape" : "string text")
            } else if kind == .interpolationStart {
                expectScope(token.span.start, innermost: "punctuation.section.interpolation.begin.evdl", "interpolation")
                interpolation += 1
            } else if kind == .interpolationEnd {
                interpolation -= 1
            } else if kind == .duration {
                expectScope(token.span.start, innermost: "constant.numeric.duration.evdl", "duration")
            } else if kind == .integer, interpolation == 0 {
                expectScope(token.span.start, innermost: "constant.numeric.integer.evdl", "integer")
            } else if kind == .decimal {
                expectScope(token.span.start, innermost: "constant.numeric.decimal.evdl", "decimal")
            }
        }
        for comment in lexed.comments {
            switch comment.kind {
            case .doc: expectScope(comment.span.start, innermost: "comment.line.documentation.evdl", "doc comment")
            case .line: expectScope(comment.span.start, innermost: "comment.line.double-slash.evdl", "line comment")
            case .block: expectScope(comment.span.start, innermost: "comment.block.evdl", "block comment")
            }
        }
    }
}
