import EVDLSyntax

/// The EVDL language server: takes framed input, returns the messages to send. It keeps no thread of its own and
/// does no I/O but reading workspace files, so that tests and the fuzz harness drive it directly; ``StdioTransport``
/// connects it to a process's standard input and output.
///
/// Every input gets an answer or is dropped as the protocol says; nothing a client sends ends the server except
/// `exit`. Requests before `initialize` get -32002, after `shutdown` -32600; unknown requests -32601, unknown
/// notifications are ignored.
public final class LanguageServer {
    /// Where the server is in the protocol's life cycle.
    public enum Phase: Hashable, Sendable {
        /// Waiting for `initialize`.
        case waiting
        /// Answering requests.
        case running
        /// `shutdown` was received; only `exit` matters now.
        case shutDown
    }

    /// The life-cycle phase.
    public private(set) var phase = Phase.waiting
    /// The exit status once `exit` arrived: 0 after `shutdown`, 1 without it.
    public private(set) var exitCode: Int32?
    /// The name and version reported in `initialize`.
    public static let serverInfo: JSON = ["name": "evdlc", "version": "0.1.0"]

    let files: any WorkspaceFiles
    /// Formats a document's text, or returns `nil` when it does not parse (`nil` when there is no formatter).
    let formatter: (@Sendable ([UInt8]) -> [UInt8]?)?
    var folders: [SpecModule] = []
    /// Modules of one document each, for documents outside every workspace folder, by normalized URI.
    var loose: [String: SpecModule] = [:]
    /// The URI the client last used for each normalized URI, so answers name files as the client does.
    var clientURIs: [String: String] = [:]
    /// The URIs whose last published diagnostics were not empty.
    var published: Set<String> = []

    /// Creates a server reading workspace folders through `files`, formatting with `formatter` when given.
    public init(files: any WorkspaceFiles, formatter: (@Sendable ([UInt8]) -> [UInt8]?)? = nil) {
        self.files = files
        self.formatter = formatter
    }

    /// Handles raw content bytes (one message): parses, classifies and answers.
    public func handle(content: [UInt8]) -> [JSON] {
        let json: JSON
        do {
            json = try JSONParser.parse(content)
        } catch {
            return [Outgoing.error(id: .null, ResponseError(ResponseError.parseError, "the message is not JSON: \(error.message) at byte \(error.offset)"))]
        }
        return handle(json)
    }

    /// Handles one framed input.
    public func handle(_ input: FramedInput) -> [JSON] {
        switch input {
        case .message(let content): handle(content: content)
        case .malformedHeader(let problem):
            [Outgoing.error(id: .null, ResponseError(ResponseError.parseError, "malformed message header: \(problem)"))]
        }
    }

    /// Handles one parsed message.
    public func handle(_ json: JSON) -> [JSON] {
        switch IncomingMessage.classify(json) {
        case .failure(let rejected):
            return [Outgoing.error(id: rejected.id, ResponseError(ResponseError.invalidRequest, rejected.message))]
        case .success(.response):
            return []
        case .success(.notification(let method, let params)):
            return notification(method, params)
        case .success(.request(let id, let method, let params)):
            var out: [JSON] = []
            do {
                let result = try request(method, params, notifications: &out)
                out.insert(Outgoing.response(id: id, result: result), at: 0)
            } catch {
                out.insert(Outgoing.error(id: id, error), at: 0)
            }
            return out
        }
    }

    private func request(_ method: String, _ params: JSON?, notifications: inout [JSON]) throws(ResponseError) -> JSON {
        switch phase {
        case .waiting:
            guard method == "initialize" else { throw ResponseError(ResponseError.serverNotInitialized, "the server is not initialized") }
            return try initialize(params)
        case .shutDown:
            throw ResponseError(ResponseError.invalidRequest, "the server is shut down")
        case .running:
            break
        }
        switch method {
        case "initialize": throw ResponseError(ResponseError.invalidRequest, "`initialize` was already received")
        case "shutdown":
            phase = .shutDown
            return .null
        case "textDocument/hover": return try hover(DocumentPosition(params))
        case "textDocument/definition": return try definition(DocumentPosition(params))
        case "textDocument/references": return try references(DocumentPosition(params), includeDeclaration: params?["context"]?["includeDeclaration"]?.bool ?? true)
        case "textDocument/prepareRename": return try prepareRename(DocumentPosition(params))
        case "textDocument/rename":
            guard let newName = params?["newName"]?.string else { throw .params("`newName` must be a string") }
            return try rename(DocumentPosition(params), to: newName)
        case "textDocument/completion": return try completion(DocumentPosition(params))
        case "textDocument/documentSymbol": return try documentSymbols(documentURI(params))
        case "textDocument/formatting": return try formatting(documentURI(params))
        case "textDocument/codeAction":
            guard let range = TextRange(json: params?["range"]) else { throw .params("`range` must be a range") }
            return try codeActions(documentURI(params), range)
        default:
            throw ResponseError(ResponseError.methodNotFound, "unknown method `\(method)`")
        }
    }

    private func notification(_ method: String, _ params: JSON?) -> [JSON] {
        if method == "exit" {
            exitCode = phase == .shutDown ? 0 : 1
            return []
        }
        guard phase == .running else { return [] }
        switch method {
        case "textDocument/didOpen": return didOpen(params)
        case "textDocument/didChange": return didChange(params)
        case "textDocument/didClose": return didClose(params)
        case "initialized": return folders.flatMap { publishDiagnostics(of: $0) }
        case "workspace/didChangeWatchedFiles", "textDocument/didSave": return reloadFolders()
        case "workspace/didChangeWorkspaceFolders": return changeFolders(params)
        default: return []  // `$/cancelRequest`, `$/setTrace` and unknown notifications need no answer
        }
    }

    // MARK: Life cycle

    private func initialize(_ params: JSON?) throws(ResponseError) -> JSON {
        guard let params, params.isObject else { throw .params("`initialize` needs an object of parameters") }
        var roots: [String] = []
        if let workspaceFolders = params["workspaceFolders"]?.array {
            roots = workspaceFolders.compactMap { $0["uri"]?.string.flatMap(FileURI.path(ofURI:)) }
        } else if let rootURI = params["rootUri"]?.string, let path = FileURI.path(ofURI: rootURI) {
            roots = [path]
        } else if let rootPath = params["rootPath"]?.string, rootPath.hasPrefix("/") {
            roots = [rootPath]
        }
        folders = roots.map { SpecModule(root: $0) }
        for folder in folders { folder.load(from: files) }
        phase = .running
        var capabilities: [(String, JSON)] = [
            ("positionEncoding", "utf-16"),
            ("textDocumentSync", ["openClose": true, "change": 2, "save": ["includeText": false]]),
            ("hoverProvider", true),
            ("definitionProvider", true),
            ("referencesProvider", true),
            ("renameProvider", ["prepareProvider": true]),
            ("completionProvider", ["triggerCharacters": ["."], "resolveProvider": false]),
            ("documentSymbolProvider", true),
            ("codeActionProvider", ["codeActionKinds": ["quickfix"]]),
            ("workspace", ["workspaceFolders": ["supported": true, "changeNotifications": true]]),
        ]
        if formatter != nil { capabilities.append(("documentFormattingProvider", true)) }
        return ["capabilities": .object(capabilities), "serverInfo": LanguageServer.serverInfo]
    }

    private func changeFolders(_ params: JSON?) -> [JSON] {
        let event = params?["event"]
        let removed = Set((event?["removed"]?.array ?? []).compactMap { $0["uri"]?.string.flatMap(FileURI.path(ofURI:)) })
        var out: [JSON] = []
        for folder in folders where removed.contains(folder.root ?? "") {
            for uri in folder.documents.keys where published.contains(uri) { out.append(publish(uri, [])) }
        }
        folders.removeAll { removed.contains($0.root ?? "") }
        for added in (event?["added"]?.array ?? []).compactMap({ $0["uri"]?.string.flatMap(FileURI.path(ofURI:)) }) {
            let module = SpecModule(root: added)
            module.load(from: files)
            folders.append(module)
            out += publishDiagnostics(of: module)
        }
        return out
    }

    private func reloadFolders() -> [JSON] {
        var out: [JSON] = []
        for folder in folders {
            folder.load(from: files)
            out += publishDiagnostics(of: folder)
        }
        return out
    }
}
