import EVDLLanguageServer
import Testing

/// Input no editor would send, and specs at the compiler's limits: every request is answered.
@Suite struct RobustnessTests {
    @Test func deepNestingAndGarbageTextAreAnswered() {
        let nested = String(repeating: "(", count: 2_000) + "1" + String(repeating: ")", count: 2_000)
        let blocks = String(repeating: "if true { ", count: 500) + String(repeating: "} ", count: 500)
        let texts = [
            Fixture.orders.replacingOccurrences("let count = items.count", "let count = \(nested)\n    \(blocks)"),
            String(repeating: "aggregate { state { ", count: 300), "\u{0}\u{FFFD}\r\r\n😀«»".replacingOccurrences("«»", ""),
            String(repeating: "/// doc\n", count: 100) + "enum E { " + String(repeating: "a, ", count: 500) + "}",
        ]
        for text in texts {
            let client = ScriptedClient(files: ["/ws/views.evdl": Fixture.views])
            client.initialize()
            client.open("/ws/x.evdl", "«»" + text)
            for line in stride(from: 0, to: 30, by: 3) {
                for character in [0, 5, 17, 4_000] {
                    let at: JSON = ["textDocument": ["uri": "file:///ws/x.evdl"], "position": ["line": .int(line), "character": .int(character)]]
                    for method in ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion",
                                   "textDocument/prepareRename"] {
                        #expect(client.request(method, at)["error"] == nil, "\(method) at \(line):\(character)")
                    }
                }
            }
            #expect(client.request("textDocument/documentSymbol", ["textDocument": ["uri": "file:///ws/x.evdl"]])["error"] == nil)
            client.edit("/ws/x.evdl", TextRange(start: Position(line: 99, character: 0), end: Position(line: 200, character: 9)), "}")
            #expect(client.result("shutdown") == .null)
        }
    }

    @Test func changesToDocumentsThatAreNotOpenAreIgnored() {
        let client = Fixture.client(orders: Fixture.orders)
        #expect(client.notify("textDocument/didChange", ["textDocument": ["uri": "file:///ws/views.evdl", "version": 2],
                                                         "contentChanges": [["text": "garbage"]]]).isEmpty)
        #expect(client.notify("textDocument/didClose", ["textDocument": ["uri": "file:///ws/nothing.evdl"]]).isEmpty)
        #expect(client.notify("textDocument/didOpen", ["textDocument": ["uri": 5]]).isEmpty)
        #expect(client.diagnostics["file:///ws/views.evdl"] == nil)
    }
}
