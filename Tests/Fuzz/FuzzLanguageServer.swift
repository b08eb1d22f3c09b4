// libFuzzer harness for the language server (`evdlc lsp`): random message sequences and random bytes. Not part of
// the package; built by Tests/Fuzz/build-language-server.sh (see Tests/Fuzz/README.md).

import EVDLLanguageServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The workspace folder every structured session starts with: a small module of two files that checks clean.
private struct SeedFiles: WorkspaceFiles {
    static let texts: [String: String] = [
        "/ws/a.evdl": """
        enum S { draft, placed }
        type L { sku: String, n: Int }
        aggregate A {
          id aId: UUID
          state { s: S = draft, items: [L] = [] }
          command Place creates { items: [L] }
          event Placed { items: [L] }
          decide Place { require s == draft else "x"; let c = items.count; require c > 0 else "e"; emit Placed { items } }
          apply Placed { s = placed; items = event.items }
        }
        """,
        "/ws/b.evdl": "projection P {\n  key aId: UUID\n  row { n: Int = 0 }\n  on A.Placed { n = event.items.count }\n}\n",
    ]
    func specFiles(under directory: String) -> [String] { Self.texts.keys.filter { $0.hasPrefix(directory + "/") }.sorted() }
    func contents(of path: String) -> [UInt8]? { Self.texts[path].map { Array($0.utf8) } }
}

/// Reads the fuzzer's bytes as choices.
private struct Choices {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var isEmpty: Bool { at >= bytes.count }
    mutating func byte() -> Int {
        guard at < bytes.count else { return 0 }
        defer { at += 1 }
        return Int(bytes[at])
    }
    mutating func text(_ limit: Int) -> String {
        let n = min(byte() % limit, bytes.count - at)
        defer { at += n }
        return String(decoding: bytes[at..<(at + n)], as: UTF8.self)
    }
    mutating func position() -> JSON { ["line": .int(byte() % 24), "character": .int(byte() % 48)] }
}

private func fail(_ message: String) -> Never {
    print("invariant failed: \(message)")
    abort()
}

/// Every `range` in an answer must have a start no later than its end.
private func checkRanges(_ json: JSON) {
    switch json {
    case .object(let members):
        for (key, value) in members {
            if key == "range", let s = value["start"], let e = value["end"] {
                guard let sl = s["line"]?.int, let sc = s["character"]?.int, let el = e["line"]?.int, let ec = e["character"]?.int,
                      sl >= 0, sc >= 0, (sl, sc) <= (el, ec) else { fail("a bad range \(value.serialized)") }
            }
            checkRanges(value)
        }
    case .array(let elements): for e in elements { checkRanges(e) }
    case .null, .bool, .int, .double, .string: break
    }
}

/// Sends one message and checks the answers: they survive serializing and parsing, ranges are ordered, and a request
/// gets exactly one response with its id (until `exit`).
private func send(_ server: LanguageServer, _ message: JSON, id: Int?) {
    let wasRunning = server.exitCode == nil
    let answers = server.handle(content: Array(message.serialized.utf8))
    for answer in answers {
        guard let reparsed = try? JSONParser.parse(answer.serialized), reparsed == answer else { fail("an answer does not round-trip: \(answer.serialized)") }
        checkRanges(answer)
    }
    if let id, wasRunning {
        let responses = answers.filter { $0["id"] == .int(id) }
        guard responses.count == 1 else { fail("\(responses.count) responses to request \(id): \(message.serialized)") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguageServer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var choices = Choices(bytes: UnsafeBufferPointer(start: data, count: size))
    let server = LanguageServer(files: SeedFiles(), formatter: { bytes in bytes.count % 2 == 0 ? bytes : nil })
    let mode = choices.byte()
    if mode % 4 == 0 {
        // Raw bytes: the stream itself, framing included, after an initialize (or not).
        if mode & 4 != 0 { send(server, ["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["capabilities": [:]]], id: 0) }
        var reader = MessageReader()
        reader.append(UnsafeBufferPointer(rebasing: choices.bytes[choices.at...]))
        while let framed = reader.next() { _ = server.handle(framed) }
        return 0
    }
    send(server, ["jsonrpc": "2.0", "id": 0, "method": "initialize",
                  "params": ["capabilities": [:], "workspaceFolders": [["uri": "file:///ws", "name": "ws"]]]], id: 0)
    let uris = ["file:///ws/a.evdl", "file:///ws/b.evdl", "file:///ws/new.evdl", "file:///elsewhere/c.evdl"]
    var id = 1
    var version = 1
    var steps = 0
    while !choices.isEmpty, steps < 64 {
        steps += 1
        let op = choices.byte() % 16
        let uri = JSON.string(uris[choices.byte() % uris.count])
        let document: JSON = ["uri": uri]
        version += 1
        func request(_ method: String, _ params: JSON) {
            id += 1
            send(server, ["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params], id: id)
        }
        func notify(_ method: String, _ params: JSON) { send(server, ["jsonrpc": "2.0", "method": .string(method), "params": params], id: nil) }
        switch op {
        case 0: notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "evdl", "version": .int(version), "text": .string(choices.text(256))]])
        case 1:
            let range: JSON = ["start": choices.position(), "end": choices.position()]
            notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": .int(version)],
                                              "contentChanges": [["range": range, "text": .string(choices.text(32))]]])
        case 2: notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": .int(version)], "contentChanges": [["text": .string(choices.text(256))]]])
        case 3: request("textDocument/hover", ["textDocument": document, "position": choices.position()])
        case 4: request("textDocument/definition", ["textDocument": document, "position": choices.position()])
        case 5: request("textDocument/references", ["textDocument": document, "position": choices.position(), "context": ["includeDeclaration": .bool(choices.byte() % 2 == 0)]])
        case 6: request("textDocument/rename", ["textDocument": document, "position": choices.position(), "newName": .string(choices.text(12))])
        case 7: request("textDocument/prepareRename", ["textDocument": document, "position": choices.position()])
        case 8: request("textDocument/completion", ["textDocument": document, "position": choices.position()])
        case 9: request("textDocument/documentSymbol", ["textDocument": document])
        case 10: request("textDocument/codeAction", ["textDocument": document, "range": ["start": choices.position(), "end": choices.position()]])
        case 11: request("textDocument/formatting", ["textDocument": document, "options": [:]])
        case 12: notify("textDocument/didClose", ["textDocument": document])
        case 13:
            // A message whose content is the fuzzer's bytes.
            _ = server.handle(content: Array(choices.text(128).utf8))
        case 14: notify("workspace/didChangeWatchedFiles", ["changes": []])
        default:
            if choices.byte() % 8 == 0 { request("shutdown", .null) } else { notify(choices.byte() % 2 == 0 ? "exit" : "$/cancelRequest", ["id": .int(id)]) }
        }
    }
    return 0
}
