import EVDLLanguageServer
import Testing

/// Rename, completion, quick fixes and formatting.
@Suite struct EditingFeatureTests {
    /// The edits of a `WorkspaceEdit`, by URI, as (range, text).
    func edits(_ result: JSON) -> [String: [(TextRange, String)]] {
        guard case .object(let changes)? = result["changes"] else { return [:] }
        var out: [String: [(TextRange, String)]] = [:]
        for (uri, list) in changes {
            out[uri] = (list.array ?? []).compactMap { edit in TextRange(json: edit["range"]).map { ($0, edit["newText"]?.string ?? "") } }
        }
        return out
    }

    @Test func renameAnEventAcrossFiles() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("event OrderCancelled", "event «OrderCancelled»")
            .replacingOccurrences("emit OrderCancelled", "emit «OrderCancelled»").replacingOccurrences("apply OrderCancelled", "apply «OrderCancelled»"))
        let prepared = client.result("textDocument/prepareRename", client.at("/ws/orders.evdl", mark: 2))
        #expect(prepared["placeholder"] == "OrderCancelled")
        #expect(TextRange(json: prepared["range"]) == client.range("/ws/orders.evdl", mark: 2))
        var params = client.at("/ws/orders.evdl", mark: 2)
        if case .object(var members) = params { members.append(("newName", "OrderVoided")); params = .object(members) }
        let changes = edits(client.result("textDocument/rename", params))
        #expect(changes["file:///ws/orders.evdl"]?.map(\.0) == (0..<3).map { client.range("/ws/orders.evdl", mark: $0) })
        #expect(changes["file:///ws/orders.evdl"]?.allSatisfy { $0.1 == "OrderVoided" } == true)
        #expect(changes["file:///ws/views.evdl"]?.map(\.1) == ["OrderVoided"])
    }

    @Test func renameAFieldUsedAsAShorthandArgumentKeepsTheValue() {
        // `emit OrderCancelled { reason }` reads the command's `reason` into the event's `reason`: renaming the
        // event's field writes the label out.
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("event OrderCancelled { reason", "event OrderCancelled { «reason»")
            .replacingOccurrences("emit OrderCancelled { reason", "emit OrderCancelled { «reason»"))
        var params = client.at("/ws/orders.evdl", mark: 0)
        if case .object(var members) = params { members.append(("newName", "why")); params = .object(members) }
        let changes = edits(client.result("textDocument/rename", params))["file:///ws/orders.evdl"] ?? []
        #expect(changes.map(\.1) == ["why", "why: reason"])
        #expect(changes.map(\.0) == [client.range("/ws/orders.evdl", mark: 0), client.range("/ws/orders.evdl", mark: 1)])
    }

    @Test func renameRefusesAClashAndABadName() {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("command CancelOrder", "command «CancelOrder»")
            .replacingOccurrences("let count", "let «count»"))
        func rename(_ mark: Int, _ name: String) -> JSON {
            var params = client.at("/ws/orders.evdl", mark: mark)
            if case .object(var members) = params { members.append(("newName", .string(name))); params = .object(members) }
            return client.request("textDocument/rename", params)
        }
        let clash = rename(0, "PlaceOrder")
        #expect(clash["error"]?["code"] == -32803)
        #expect(clash["error"]?["message"]?.string?.contains("command Order.PlaceOrder already has that name") == true)
        #expect(rename(0, "2x")["error"]?["code"] == -32803)
        #expect(rename(0, "emit")["error"]?["code"] == -32803)
        // `let items = items.count` would hide the state's `items`, and `emit OrderPlaced { items }` would send an
        // `Int`: the trial check of the renamed module refuses it.
        let hiding = rename(1, "items")
        #expect(hiding["error"]?["code"] == -32803, "\(hiding.serialized)")
        #expect(rename(1, "itemCount")["result"] != nil)
    }

    @Test func completionOffersMessageFieldsEnumCasesAndKeywords() {
        let client = Fixture.client(orders: Fixture.orders)
        client.replace("/ws/orders.evdl", Fixture.orders.replacingOccurrences("apply OrderCancelled { status = cancelled }",
                                                                              "apply OrderCancelled { status = OrderStatus.«» }\n  apply X { «» }"))
        func labels(_ mark: Int) -> [String] {
            (client.result("textDocument/completion", client.at("/ws/orders.evdl", mark: mark))["items"]?.array ?? []).compactMap { $0["label"]?.string }
        }
        #expect(labels(0) == ["draft", "placed", "cancelled"])
        let inBody = labels(1)
        #expect(inBody.contains("let") && inBody.contains("emit") && inBody.contains("status") && inBody.contains("OrderStatus"))
        #expect(!inBody.contains("aggregate"))
    }

    @Test func completionOfEventFieldsAndOfMessageLabels() {
        let client = Fixture.client(orders: Fixture.orders)
        client.replace("/ws/orders.evdl", Fixture.orders.replacingOccurrences("items = event.items", "items = event.«it»")
            .replacingOccurrences("emit OrderCancelled { reason }", "emit OrderCancelled { «» }"))
        let fields = client.result("textDocument/completion", client.at("/ws/orders.evdl", mark: 1, offset: 2))["items"]?.array ?? []
        #expect(fields.compactMap { $0["label"]?.string } == ["items"])
        #expect(fields.first?["detail"] == "items: [LineItem]")
        let labels = client.result("textDocument/completion", client.at("/ws/orders.evdl", mark: 0))["items"]?.array ?? []
        #expect(labels.first?["label"] == "reason" && labels.first?["insertText"] == "reason: ")
    }

    @Test func completionAtTheTopLevelOffersDeclarationKeywords() {
        let client = Fixture.client(orders: Fixture.orders + "\n«ag»")
        let labels = (client.result("textDocument/completion", client.at("/ws/orders.evdl", offset: 2))["items"]?.array ?? []).compactMap { $0["label"]?.string }
        #expect(labels == ["aggregate"])
    }

    @Test func quickFixFromADidYouMeanHelp() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("require count > 0", "require «cout» > 0"))
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": "file:///ws/orders.evdl"],
                                                                "range": client.range("/ws/orders.evdl").json, "context": ["diagnostics": []]])
        let action = try #require(actions.array?.first)
        #expect(action["title"] == "replace `cout` with `count`")
        #expect(action["kind"] == "quickfix")
        let changes = edits(action["edit"] ?? .null)["file:///ws/orders.evdl"] ?? []
        #expect(changes.map(\.0) == [client.range("/ws/orders.evdl")] && changes.map(\.1) == ["count"])
        // Elsewhere there is nothing to fix.
        let none = client.result("textDocument/codeAction", ["textDocument": ["uri": "file:///ws/orders.evdl"],
                                                             "range": TextRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 1)).json])
        #expect(none == [])
    }

    @Test func formattingReplacesTheDocumentWithTheFormattersText() {
        let client = Fixture.client(orders: Fixture.orders, formatter: { bytes in bytes.contains(UInt8(ascii: "@")) ? nil : Array("formatted\n".utf8) })
        let edits = client.result("textDocument/formatting", ["textDocument": ["uri": "file:///ws/orders.evdl"], "options": ["tabSize": 2, "insertSpaces": true]])
        #expect(edits.array?.first?["newText"] == "formatted\n")
        #expect(TextRange(json: edits.array?.first?["range"])?.start == Position(line: 0, character: 0))
        client.replace("/ws/orders.evdl", "@")
        #expect(client.request("textDocument/formatting", ["textDocument": ["uri": "file:///ws/orders.evdl"]])["error"]?["code"] == -32803)
    }
}

/// Formatting with the formatter `evdlc format` uses.
@Suite struct FormattingTests {
    @Test func formattingUsesTheSpecFormatter() throws {
        let client = ScriptedClient(formatter: LanguageServer.specFormatter)
        client.initialize()
        client.open("/ws/t.evdl", "type   T {\n    n:Int\n}\n")
        let edits = try #require(client.result("textDocument/formatting", ["textDocument": ["uri": "file:///ws/t.evdl"], "options": [:]]).array)
        #expect(edits.first?["newText"] == "type T {\n  n: Int\n}\n")
        #expect(TextRange(json: edits.first?["range"]) == TextRange(start: Position(line: 0, character: 0), end: Position(line: 3, character: 0)))
        // Formatted text needs no edit.
        client.replace("/ws/t.evdl", "type T {\n  n: Int\n}\n")
        #expect(client.result("textDocument/formatting", ["textDocument": ["uri": "file:///ws/t.evdl"]]) == [])
    }
}
