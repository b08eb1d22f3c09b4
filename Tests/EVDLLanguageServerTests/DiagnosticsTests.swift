import EVDLLanguageServer
import Testing

/// Diagnostics as you type, for the whole module.
@Suite struct DiagnosticsTests {
    @Test func aCleanModuleHasNoDiagnostics() {
        let client = Fixture.client(orders: Fixture.orders)
        #expect(client.diagnostics["file:///ws/orders.evdl"] == [])
        #expect(client.diagnostics["file:///ws/views.evdl"] == nil, "a clean closed file gets no notification")
    }

    @Test func anErrorIsPublishedWithItsPlaceCodeAndHelp() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("require count > 0", "require «cout» > 0"))
        let diagnostic = try #require(client.diagnostics["file:///ws/orders.evdl"]?.first { $0["code"] == "EVDL0201" })
                #expect(diagnostic["severity"] == 1)
        #expect(diagnostic["source"] == "evdlc")
        #expect(TextRange(json: diagnostic["range"]) == client.range("/ws/orders.evdl"))
        #expect(diagnostic["message"]?.string?.contains("cannot find `cout` in scope") == true)
        #expect(diagnostic["message"]?.string?.contains("help: did you mean `count`?") == true)
    }

    @Test func theWorkspacesErrorsArePublishedOnceInitialized() {
        let client = ScriptedClient(files: ["/ws/a.evdl": "type T { n: Strng }\n", "/ws/b.evdl": "type U { n: Int }\n"])
        client.initialize()
        #expect(client.codes("/ws/a.evdl").contains("EVDL0202"))
        #expect(client.diagnostics["file:///ws/b.evdl"] == nil || client.codes("/ws/b.evdl").allSatisfy { $0 >= "EVDL0700" })
    }

    @Test func notesWithAPlaceBecomeRelatedInformation() throws {
        let client = Fixture.client(orders: Fixture.orders + "\ntype «LineItem» { other: Int }\n")
        let duplicate = try #require(client.diagnostics["file:///ws/orders.evdl"]?.first { $0["relatedInformation"] != nil })
        #expect(TextRange(json: duplicate["range"]) == client.range("/ws/orders.evdl"))
        let related = try #require(duplicate["relatedInformation"]?.array?.first)
        #expect(related["location"]?["uri"] == "file:///ws/orders.evdl")
        #expect(TextRange(json: related["location"]?["range"])?.start == Position(line: 4, character: 5))
    }

    @Test func editsUpdateTheDiagnosticsOfEveryFileOfTheModule() {
        // Renaming the event in orders.evdl breaks views.evdl, which is not open: its diagnostics come too.
        let client = Fixture.client(orders: Fixture.orders)
        client.replace("/ws/orders.evdl", Fixture.orders.replacingOccurrences("event OrderCancelled", "event OrderVoided")
            .replacingOccurrences("emit OrderCancelled", "emit OrderVoided").replacingOccurrences("apply OrderCancelled", "apply OrderVoided"))
        #expect(client.codes("/ws/orders.evdl") == [])
        #expect(client.codes("/ws/views.evdl") == ["EVDL0203"])
        #expect(client.messages("/ws/views.evdl").first?.contains("`Order` has no event `OrderCancelled`") == true)
        // Putting it back clears the other file's diagnostics.
        client.replace("/ws/orders.evdl", Fixture.orders)
        #expect(client.diagnostics["file:///ws/views.evdl"] == [])
    }

    @Test func incrementalEditsAreAppliedAtUTF16Positions() {
        // The emoji before the mark makes byte and UTF-16 columns differ.
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("\"empty\"", "\"empty 😀\"; let x = «cout»"))
        #expect(client.codes("/ws/orders.evdl").contains("EVDL0201"))
        client.edit("/ws/orders.evdl", client.range("/ws/orders.evdl"), "count")
        #expect(!client.codes("/ws/orders.evdl").contains("EVDL0201"))
        #expect(client.codes("/ws/orders.evdl").contains("EVDL0705") || client.codes("/ws/orders.evdl").isEmpty)
    }

    @Test func syntaxErrorsArePublishedAndTheRestIsStillChecked() {
        let client = Fixture.client(orders: Fixture.orders + "\naggregate Broken {\n  state { n: Int = 0 \n")
        let codes = client.codes("/ws/orders.evdl")
        #expect(codes.contains { $0.hasPrefix("EVDL01") })
    }

    @Test func closingADocumentBringsBackTheDisksText() {
        let client = Fixture.client(orders: Fixture.orders)
        client.replace("/ws/orders.evdl", "aggregate {")
        #expect(!client.codes("/ws/orders.evdl").isEmpty)
        client.notify("textDocument/didClose", ["textDocument": ["uri": "file:///ws/orders.evdl"]])
        #expect(client.codes("/ws/orders.evdl") == [])
    }

    @Test func aDocumentOutsideEveryFolderIsAModuleOfItsOwn() {
        let client = ScriptedClient()
        client.initialize(root: nil)
        client.open("/tmp/loose.evdl", "type T { n: «Strng» }")
        #expect(client.codes("/tmp/loose.evdl").contains("EVDL0202"))
        client.notify("textDocument/didClose", ["textDocument": ["uri": "file:///tmp/loose.evdl"]])
        #expect(client.diagnostics["file:///tmp/loose.evdl"] == [])
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (the fixture edits one place at a time).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard let range = firstRange(of: target) else { fatalError("`\(target)` is not in the fixture") }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
