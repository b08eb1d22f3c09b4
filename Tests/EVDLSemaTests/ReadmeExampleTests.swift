import EVDLSyntax
import Foundation
import Testing
@testable import EVDLSema

/// The `evdl` code blocks of the README are whole specs that check without a diagnostic.
@Suite struct ReadmeExampleTests {
    @Test func readmeSpecsCheckClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```evdl" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        #expect(!blocks.isEmpty)
        for block in blocks {
            let checked = analyze(block)
            #expect(checked.syntaxDiagnostics.isEmpty && checked.diagnostics.isEmpty, "\(checked.summary)\n\(block)")
        }
    }
}
