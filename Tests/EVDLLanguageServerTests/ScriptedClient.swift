import EVDLLanguageServer
import EVDLTestSupport
import Testing

/// Files of a workspace folder held in memory.
struct MemoryFiles: WorkspaceFiles {
    var files: [String: String]

    func specFiles(under directory: String) -> [String] {
        files.keys.filter { $0.hasPrefix(directory + "/") && $0.hasSuffix(".evdl") }.sorted()
    }

    func contents(of path: String) -> [UInt8]? { files[path].map { Array($0.utf8) } }
}

/// A language client driven by a test: it frames every message as an editor would, feeds the bytes to the server,
/// and keeps what the server sends (responses by id, the latest diagnostics of each file).
final class ScriptedClient {
    let server: LanguageServer
    private var reader = MessageReader()
    private var nextID = 1
    /// Every message the server sent, in order.
    private(set) var received: [JSON] = []
    /// The latest `publishDiagnostics` of each URI.
    private(set) var diagnostics: [String: [JSON]] = [:]
    /// The text of each document the client opened, with the markers' places.
    private(set) var documents: [String: MarkedSource] = [:]
    private var versions: [String: Int] = [:]

    /// A server over in-memory files (a workspace folder at `/ws`), not yet initialized.
    init(files: [String: String] = [:], formatter: (@Sendable ([UInt8]) -> [UInt8]?)? = nil) {
        server = LanguageServer(files: MemoryFiles(files: files), formatter: formatter)
    }

    /// Sends raw bytes and returns what the server answered to them.
    @discardableResult
    func send(bytes: [UInt8]) -> [JSON] {
        reader.append(bytes)
        var answers: [JSON] = []
        while let framed = reader.next() { answers += server.handle(framed) }
        // What the server sends goes through the framing too, and must be valid JSON.
        var back = MessageReader()
        for answer in answers { back.append(MessageReader.frame(answer.serialized)) }
        var reparsed: [JSON] = []
        while case .message(let content)? = back.next() { reparsed.append((try? JSONParser.parse(content)) ?? .null) }
        #expect(reparsed == answers, "the server's output does not survive framing and parsing")
        for message in answers {
            received.append(message)
            if message["method"]?.string == "textDocument/publishDiagnostics", let uri = message["params"]?["uri"]?.string {
                diagnostics[uri] = message["params"]?["diagnostics"]?.array ?? []
            }
        }
        return answers
    }

    /// Sends one message, framed.
    @discardableResult
    func send(_ message: JSON) -> [JSON] { send(bytes: MessageReader.frame(message.serialized)) }

    /// Sends a request and returns the response to it (the server answers every request at once).
    func request(_ method: String, _ params: JSON = [:]) -> JSON {
        let id = nextID
        nextID += 1
        let answers = send(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params])
        let response = answers.first { $0["id"] == .int(id) }
        #expect(response != nil, "no response to \(method)")
        return response ?? .null
    }

    /// The result of a request that must succeed.
    func result(_ method: String, _ params: JSON = [:]) -> JSON {
        let response = request(method, params)
        #expect(response["error"] == nil, "\(method) failed: \(response["error"]?.serialized ?? "")")
        return response["result"] ?? .null
    }

    /// Sends a notification.
    @discardableResult
    func notify(_ method: String, _ params: JSON = [:]) -> [JSON] {
        send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// `initialize` with a workspace folder (none when `root` is `nil`), then `initialized`.
    @discardableResult
    func initialize(root: String? = "/ws") -> JSON {
        var params: [(String, JSON)] = [("processId", .null), ("capabilities", [:])]
        if let root { params.append(("workspaceFolders", [["uri": .string("file://\(root)"), "name": "ws"]])) }
        let result = self.result("initialize", .object(params))
        notify("initialized")
        return result
    }

    /// Opens a document whose text may hold `«…»` marks.
    func open(_ path: String, _ marked: String) {
        let source = MarkedSource(marked)
        documents["file://\(path)"] = source
        versions["file://\(path)"] = 1
        notify("textDocument/didOpen", ["textDocument": ["uri": .string("file://\(path)"), "languageId": "evdl", "version": 1,
                                                         "text": .string(source.text)]])
    }

    /// Replaces a document's whole text (full sync).
    func replace(_ path: String, _ marked: String) {
        let uri = "file://\(path)"
        let source = MarkedSource(marked)
        documents[uri] = source
        versions[uri, default: 1] += 1
        notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": .int(versions[uri]!)],
                                          "contentChanges": [["text": .string(source.text)]]])
    }

    /// Sends an incremental change: `range` replaced by `text`.
    func edit(_ path: String, _ range: TextRange, _ text: String) {
        let uri = "file://\(path)"
        versions[uri, default: 1] += 1
        notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": .int(versions[uri]!)],
                                          "contentChanges": [["range": range.json, "text": .string(text)]]])
    }

    /// The LSP position of the start of mark `n` (or `offset` bytes into it) of an opened document.
    func position(_ path: String, mark n: Int = 0, offset: Int = 0) -> Position {
        let source = documents["file://\(path)"]!
        return TextDocument(uri: "", version: 0, text: source.text).position(of: source.marks[n].lowerBound + offset)
    }

    /// The LSP range of mark `n` of an opened document.
    func range(_ path: String, mark n: Int = 0) -> TextRange {
        let source = documents["file://\(path)"]!
        return TextDocument(uri: "", version: 0, text: source.text).range(ofBytes: source.marks[n])
    }

    /// `{textDocument, position}` at mark `n`.
    func at(_ path: String, mark n: Int = 0, offset: Int = 0) -> JSON {
        ["textDocument": ["uri": .string("file://\(path)")], "position": position(path, mark: n, offset: offset).json]
    }

    /// The messages of the latest diagnostics of a file.
    func messages(_ path: String) -> [String] { (diagnostics["file://\(path)"] ?? []).compactMap { $0["message"]?.string } }

    /// The codes of the latest diagnostics of a file.
    func codes(_ path: String) -> [String] { (diagnostics["file://\(path)"] ?? []).compactMap { $0["code"]?.string } }
}

extension TextDocument {
    /// The LSP range of a byte range.
    func range(ofBytes bytes: Range<Int>) -> TextRange { TextRange(start: position(of: bytes.lowerBound), end: position(of: bytes.upperBound)) }
}

extension JSON {
    /// A `Location`'s path, start and end (for comparing with marks).
    var location: (uri: String, range: TextRange)? {
        guard let uri = self["uri"]?.string, let range = TextRange(json: self["range"]) else { return nil }
        return (uri, range)
    }
}
