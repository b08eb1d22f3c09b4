import EVDLFormat
import EVDLSyntax
import EVDLTestSupport
import Foundation
import Testing

/// Every `.evdl` of the repository (examples, domain corpus, the generator's reference specs, fuzz seeds): formatting
/// keeps the tree, is idempotent, and the checked-in specs are already formatted (what `evdlc format --check` in CI
/// asks).
@Suite struct RepositorySpecsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The specs, as paths relative to the repository root.
    static let specs: [String] = {
        let folders = ["Examples", "Tests/DomainCorpus", "Tests/EVDLGeneratorTests/References", "Tests/Fuzz/seeds"]
        var paths: [String] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".evdl") && !path.contains(".build") {
                paths.append(folder + "/" + path)
            }
        }
        return paths.sorted()
    }()

    @Test func theRepositoryHasSpecsInEveryFolder() {
        for folder in ["Examples/", "Tests/DomainCorpus/", "Tests/EVDLGeneratorTests/References/", "Tests/Fuzz/seeds/"] {
            #expect(Self.specs.contains { $0.hasPrefix(folder) }, "no spec found under \(folder)")
        }
    }

    @Test(arguments: specs) func formattingKeepsTheTreeAndIsIdempotent(path: String) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(path)))
        let source = SourceFile(id: FileID(index: 0), path: path, bytes: bytes)
        let first = SpecFormatter.format(source)
        #expect(first.isFormatted, "\(path): \(first.diagnostics.map(\.message))")
        let formatted = SourceFile(id: FileID(index: 0), path: path, bytes: Array(first.text.utf8))
        let before = EVDLParser.parse(source)
        let after = EVDLParser.parse(formatted)
        #expect(after.diagnostics.isEmpty, "\(path): the formatted text has errors: \(after.diagnostics.map(\.message))")
        #expect(SyntaxShape.of(before.spec) == SyntaxShape.of(after.spec), "\(path): formatting changed the tree")
        let second = SpecFormatter.format(formatted)
        #expect(second.text == first.text, "\(path): formatting twice changed the text")
        #expect(!second.changed)
        #expect(Self.comments(source) == Self.comments(formatted), "\(path): a comment was lost or changed")
    }

    @Test(arguments: specs) func parsingKeepingTokensLexesAsTheLexerDoes(path: String) throws {
        let source = SourceFile(id: FileID(index: 0), path: path, bytes: Array(try Data(contentsOf: Self.root.appendingPathComponent(path))))
        let (parsed, lexed) = EVDLParser.parseKeepingTokens(source)
        let alone = Lexer.tokenize(source)
        #expect(lexed.tokens == alone.tokens)
        #expect(lexed.comments == alone.comments)
        #expect(SyntaxShape.of(parsed.spec) == SyntaxShape.of(EVDLParser.parse(source).spec))
    }

    @Test(arguments: specs.filter { !$0.hasPrefix("Tests/Fuzz/") }) func checkedInSpecsAreFormatted(path: String) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(path)))
        let result = SpecFormatter.format(SourceFile(id: FileID(index: 0), path: path, bytes: bytes))
        let changed = result.changed
        #expect(!changed, "\(path) is not formatted: run `evdlc format \(path)`")
    }

    /// The text of every comment, trailing spaces removed.
    static func comments(_ source: SourceFile) -> [String] {
        Lexer.tokenize(source).comments.map { comment in
            var text = Substring(source.text(of: comment.span))
            while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
            return String(text)
        }
    }
}
