import EVDLLanguageServer
import Testing

/// Hover, go to definition, find references and document symbols, at places marked in the spec text.
@Suite struct NavigationTests {
    @Test func hoverOnAMessageShowsItsSignatureFieldsAndDocComment() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("decide PlaceOrder", "decide «PlaceOrder»"))
        let hover = client.result("textDocument/hover", client.at("/ws/orders.evdl", offset: 3))
        let text = try #require(hover["contents"]?["value"]?.string)
        #expect(text == "```evdl\ncommand Order.PlaceOrder {\n  items: [LineItem]\n}\n```\n\nPlaces an order.")
        #expect(hover["contents"]?["kind"] == "markdown")
        #expect(TextRange(json: hover["range"]) == client.range("/ws/orders.evdl"))
    }

    @Test func hoverOnALocalShowsItsType() {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("require count > 0", "require «count» > 0"))
        let hover = client.result("textDocument/hover", client.at("/ws/orders.evdl"))
        #expect(hover["contents"]?["value"] == "```evdl\ncount: Int\n```")
    }

    @Test func hoverOnAnEnumCaseAndOnNothing() {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("status == draft", "status == «draft»")
            .replacingOccurrences("/// Where", "«»/// Where"))
        #expect(client.result("textDocument/hover", client.at("/ws/orders.evdl", mark: 1))["contents"]?["value"] == "```evdl\ncase OrderStatus.draft\n```")
        #expect(client.result("textDocument/hover", client.at("/ws/orders.evdl", mark: 0)) == .null)
    }

    @Test func definitionOfAStateFieldReadInDecide() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("state { status", "state { «status»")
            .replacingOccurrences("require status", "require «status»"))
        let location = try #require(client.result("textDocument/definition", client.at("/ws/orders.evdl", mark: 1)).location)
        #expect(location.uri == "file:///ws/orders.evdl")
        #expect(location.range == client.range("/ws/orders.evdl", mark: 0))
    }

    @Test func definitionAcrossFiles() throws {
        // From the projection (views.evdl, opened) to the event declared in orders.evdl.
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("event OrderPlaced", "event «OrderPlaced»"))
        client.open("/ws/views.evdl", Fixture.views.replacingOccurrences("on Order.OrderPlaced", "on «Order».«OrderPlaced»"))
        let event = try #require(client.result("textDocument/definition", client.at("/ws/views.evdl", mark: 1)).location)
        #expect(event.uri == "file:///ws/orders.evdl" && event.range == client.range("/ws/orders.evdl"))
        let aggregate = try #require(client.result("textDocument/definition", client.at("/ws/views.evdl", mark: 0)).location)
        #expect(aggregate.uri == "file:///ws/orders.evdl" && aggregate.range.start.line == 7)
    }

    @Test func definitionOfAnEventFieldAndOfATypeName() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("event OrderPlaced { items", "event OrderPlaced { «items»")
            .replacingOccurrences("items = event.items", "items = event.«items»").replacingOccurrences("type LineItem", "type «LineItem»")
            .replacingOccurrences("items: [LineItem] = []", "items: [«LineItem»] = []"))
        let field = try #require(client.result("textDocument/definition", client.at("/ws/orders.evdl", mark: 3)).location)
        #expect(field.range == client.range("/ws/orders.evdl", mark: 2))
        let type = try #require(client.result("textDocument/definition", client.at("/ws/orders.evdl", mark: 1)).location)
        #expect(type.range == client.range("/ws/orders.evdl", mark: 0))
    }

    @Test func referencesOfAnEventInEveryFile() throws {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("event OrderCancelled", "event «OrderCancelled»")
            .replacingOccurrences("emit OrderCancelled", "emit «OrderCancelled»").replacingOccurrences("apply OrderCancelled", "apply «OrderCancelled»"))
        var params = client.at("/ws/orders.evdl", mark: 1)
        let withDeclaration = client.result("textDocument/references", params).array ?? []
        let places = withDeclaration.compactMap(\.location)
        #expect(places.filter { $0.uri == "file:///ws/orders.evdl" }.map(\.range) == (0..<3).map { client.range("/ws/orders.evdl", mark: $0) })
        #expect(places.filter { $0.uri == "file:///ws/views.evdl" }.count == 1)
        if case .object(var members) = params { members.append(("context", ["includeDeclaration": false])); params = .object(members) }
        #expect((client.result("textDocument/references", params).array ?? []).count == 3)
    }

    @Test func referencesOfALocalStayInItsBody() {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("let count", "let «count»")
            .replacingOccurrences("require count", "require «count»"))
        let places = (client.result("textDocument/references", client.at("/ws/orders.evdl")).array ?? []).compactMap(\.location)
        #expect(places.map(\.range) == [client.range("/ws/orders.evdl", mark: 0), client.range("/ws/orders.evdl", mark: 1)])
    }

    @Test func documentSymbolsNestMembersUnderTheirDeclarations() throws {
        let client = Fixture.client(orders: Fixture.orders)
        let symbols = try #require(client.result("textDocument/documentSymbol", ["textDocument": ["uri": "file:///ws/orders.evdl"]]).array)
        #expect(symbols.compactMap { $0["name"]?.string } == ["OrderStatus", "LineItem", "Order"])
        let order = try #require(symbols.last)
        #expect(order["kind"] == 5)
        let children = order["children"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(children == ["orderId", "status", "items", "PlaceOrder", "CancelOrder", "OrderPlaced", "OrderCancelled"])
        let place = order["children"]?.array?[3]
        #expect(place?["children"]?.array?.compactMap { $0["name"]?.string } == ["items"])
        #expect(symbols[0]["children"]?.array?.compactMap { $0["name"]?.string } == ["draft", "placed", "cancelled"])
    }
}
