import EVDLLanguageServer
import Testing

/// The protocol's life cycle and its errors: nothing a client sends ends the server but `exit`.
@Suite struct LifecycleTests {
    @Test func initializeAnnouncesEveryCapability() {
        let client = ScriptedClient(formatter: { $0 })
        let result = client.initialize()
        let capabilities = result["capabilities"]
        #expect(capabilities?["positionEncoding"] == "utf-16")
        #expect(capabilities?["textDocumentSync"]?["change"] == 2)
        for provider in ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "documentFormattingProvider"] {
            #expect(capabilities?[provider] == true, "\(provider)")
        }
        #expect(capabilities?["renameProvider"]?["prepareProvider"] == true)
        #expect(capabilities?["completionProvider"]?["triggerCharacters"] == ["."])
        #expect(capabilities?["codeActionProvider"]?["codeActionKinds"] == ["quickfix"])
        #expect(result["serverInfo"]?["name"] == "evdlc")
    }

    @Test func withoutAFormatterFormattingIsNotAnnounced() {
        let client = ScriptedClient()
        #expect(client.initialize()["capabilities"]?["documentFormattingProvider"] == nil)
    }

    @Test func requestsBeforeInitializeGetServerNotInitialized() {
        let client = ScriptedClient()
        let response = client.request("textDocument/hover", ["textDocument": ["uri": "file:///ws/a.evdl"], "position": ["line": 0, "character": 0]])
        #expect(response["error"]?["code"] == -32002)
        // Notifications before initialize are dropped without an answer.
        #expect(client.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///ws/a.evdl", "version": 1, "text": "type"]]).isEmpty)
        client.initialize()
        #expect(client.diagnostics.isEmpty)
    }

    @Test func shutdownThenExitEndsWithStatusZero() {
        let client = ScriptedClient()
        client.initialize()
        #expect(client.result("shutdown") == .null)
        #expect(client.request("textDocument/hover", [:])["error"]?["code"] == -32600)
        #expect(client.server.exitCode == nil)
        client.notify("exit")
        #expect(client.server.exitCode == 0)
    }

    @Test func exitWithoutShutdownEndsWithStatusOne() {
        let client = ScriptedClient()
        client.initialize()
        client.notify("exit")
        #expect(client.server.exitCode == 1)
    }

    @Test func aSecondInitializeIsRefused() {
        let client = ScriptedClient()
        client.initialize()
        #expect(client.request("initialize", ["capabilities": [:]])["error"]?["code"] == -32600)
    }

    @Test func contentThatIsNotJSONGetsAParseError() {
        let client = ScriptedClient()
        client.initialize()
        for bad in ["{", "{\"jsonrpc\": \"2.0\", \"id\": 1,}", "nul", "\"\\x\"", String(repeating: "[", count: 10_000)] {
            let answers = client.send(bytes: MessageReader.frame(bad))
            #expect(answers.count == 1)
            #expect(answers.first?["error"]?["code"] == -32700, "\(bad.prefix(20))")
            #expect(answers.first?["id"] == .null)
        }
        #expect(client.result("shutdown") == .null)
    }

    @Test func aMalformedHeaderGetsAParseErrorAndReadingGoesOn() {
        let client = ScriptedClient()
        client.initialize()
        let answers = client.send(bytes: Array("Content-Lenght: 10\r\n\r\nContent-Length: x\r\n\r\n".utf8))
        #expect(answers.map { $0["error"]?["code"] } == [-32700, -32700])
        #expect(client.result("shutdown") == .null)
    }

    @Test func messagesThatAreNotRequestsGetInvalidRequest() {
        let client = ScriptedClient()
        client.initialize()
        let cases: [JSON] = [
            [1, 2], "text", ["jsonrpc": "1.0", "id": 5, "method": "shutdown"], ["jsonrpc": "2.0", "id": 6],
            ["jsonrpc": "2.0", "id": 7, "method": 3], ["jsonrpc": "2.0", "id": ["x": 1], "method": "shutdown"],
            ["jsonrpc": "2.0", "id": 8, "method": "textDocument/hover", "params": 3],
        ]
        for message in cases {
            let answers = client.send(message)
            #expect(answers.first?["error"]?["code"] == -32600, "\(message.serialized)")
        }
        #expect(client.send(["jsonrpc": "2.0", "id": 5, "method": "x"]).first?["id"] == 5)
    }

    @Test func unknownMethodsAndWrongParameters() {
        let client = ScriptedClient()
        client.initialize()
        #expect(client.request("textDocument/semanticTokens/full")["error"]?["code"] == -32601)
        #expect(client.notify("workspace/somethingNew").isEmpty)
        #expect(client.request("textDocument/hover", ["textDocument": ["uri": 3]])["error"]?["code"] == -32602)
        #expect(client.request("textDocument/hover", ["textDocument": ["uri": "file:///ws/none.evdl"], "position": ["line": 0, "character": 0]])["error"]?["code"] == -32602)
        #expect(client.request("textDocument/hover", ["textDocument": ["uri": "file:///ws/a.evdl"], "position": ["line": -1, "character": 0]])["error"]?["code"] == -32602)
        #expect(client.request("textDocument/rename", ["textDocument": ["uri": "file:///ws/a.evdl"], "position": ["line": 0, "character": 0]])["error"]?["code"] == -32602)
    }

    @Test func cancellationAndResponsesFromTheClientAreTolerated() {
        let client = ScriptedClient()
        client.initialize()
        #expect(client.notify("$/cancelRequest", ["id": 1]).isEmpty)
        #expect(client.send(["jsonrpc": "2.0", "id": 99, "result": .null]).isEmpty)
        #expect(client.result("shutdown") == .null)
    }
}
