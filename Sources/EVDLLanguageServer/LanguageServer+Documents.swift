import EVDLSyntax

/// The document and position a request is about.
struct DocumentPosition {
    /// The normalized URI.
    var uri: String
    /// The position.
    var position: Position

    init(_ params: JSON?) throws(ResponseError) {
        guard let uri = params?["textDocument"]?["uri"]?.string else { throw .params("`textDocument.uri` must be a string") }
        guard let position = Position(json: params?["position"]) else { throw .params("`position` must be a position") }
        self.uri = FileURI.normalized(uri)
        self.position = position
    }
}

extension LanguageServer {
    /// The normalized URI of `textDocument.uri`.
    func documentURI(_ params: JSON?) throws(ResponseError) -> String {
        guard let uri = params?["textDocument"]?["uri"]?.string else { throw .params("`textDocument.uri` must be a string") }
        return FileURI.normalized(uri)
    }

    /// The URI to send for a normalized URI: as the client wrote it, when it did.
    func outgoing(_ uri: String) -> String { clientURIs[uri] ?? uri }

    /// The module a document belongs to: the innermost workspace folder holding it, or its own loose module.
    func module(for uri: String) -> SpecModule? {
        if let path = FileURI.path(ofURI: uri) {
            let holding = folders.filter { folder in
                guard let root = folder.root else { return false }
                return path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
            }
            if let innermost = holding.max(by: { ($0.root ?? "").count < ($1.root ?? "").count }) { return innermost }
        }
        return loose[uri]
    }

    /// The module holding a document the server knows, or an error naming the document.
    func knownModule(_ uri: String) throws(ResponseError) -> SpecModule {
        guard let module = module(for: uri), module.contains(uri) else {
            throw .params("`\(outgoing(uri))` is not an open document or a file of a workspace folder")
        }
        return module
    }

    func didOpen(_ params: JSON?) -> [JSON] {
        let item = params?["textDocument"]
        guard let rawURI = item?["uri"]?.string, let text = item?["text"]?.string else { return [] }
        let uri = FileURI.normalized(rawURI)
        clientURIs[uri] = rawURI
        let module: SpecModule
        if let found = self.module(for: uri) {
            module = found
        } else {
            module = SpecModule(root: nil)
            loose[uri] = module
        }
        module.didOpen(TextDocument(uri: uri, version: item?["version"]?.int ?? 0, text: text))
        return publishDiagnostics(of: module)
    }

    func didChange(_ params: JSON?) -> [JSON] {
        guard let rawURI = params?["textDocument"]?["uri"]?.string, let changes = params?["contentChanges"]?.array else { return [] }
        let uri = FileURI.normalized(rawURI)
        guard let module = module(for: uri), module.open.contains(uri) else { return [] }
        module.update(uri) { document in
            if let version = params?["textDocument"]?["version"]?.int { document.version = version }
            for change in changes {
                guard let text = change["text"]?.string else { continue }
                if change["range"] == nil {
                    document.apply(change: text, in: nil)
                } else if let range = TextRange(json: change["range"]) {
                    document.apply(change: text, in: range)
                }
            }
        }
        return publishDiagnostics(of: module)
    }

    func didClose(_ params: JSON?) -> [JSON] {
        guard let rawURI = params?["textDocument"]?["uri"]?.string else { return [] }
        let uri = FileURI.normalized(rawURI)
        guard let module = module(for: uri), module.open.contains(uri) else { return [] }
        module.didClose(uri, files: files)
        var out = publishDiagnostics(of: module)
        if module.root == nil {
            loose[uri] = nil
            out.append(publish(uri, []))
        }
        return out
    }

    /// `textDocument/publishDiagnostics` for every file of a module that has diagnostics, is open, or had some.
    func publishDiagnostics(of module: SpecModule) -> [JSON] {
        let analysis = module.analysis
        var out: [JSON] = []
        for (i, uri) in analysis.uris.enumerated() {
            let diagnostics = analysis.diagnostics[i]
            guard !diagnostics.isEmpty || published.contains(uri) || module.open.contains(uri) else { continue }
            let document = module.documents[uri]!
            out.append(publish(uri, diagnostics.compactMap { lspDiagnostic($0, in: document, analysis: analysis, module: module) },
                               version: module.open.contains(uri) ? document.version : nil))
        }
        return out
    }

    func publish(_ uri: String, _ diagnostics: [JSON], version: Int? = nil) -> JSON {
        if diagnostics.isEmpty { published.remove(uri) } else { published.insert(uri) }
        var params: [(String, JSON)] = [("uri", .string(outgoing(uri))), ("diagnostics", .array(diagnostics))]
        if let version { params.append(("version", .int(version))) }
        return Outgoing.notification("textDocument/publishDiagnostics", .object(params))
    }

    /// The LSP form of a compiler diagnostic: severity, stable code, message (with its label and help), and each
    /// note with a place as related information.
    func lspDiagnostic(_ diagnostic: Diagnostic, in document: TextDocument, analysis: ModuleAnalysis, module: SpecModule) -> JSON? {
        guard let span = diagnostic.span else { return nil }
        let severity: Int = switch diagnostic.severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
        var message = diagnostic.message
        if let label = diagnostic.label, !label.isEmpty { message += " (\(label))" }
        for note in diagnostic.notes where note.span == nil { message += "\nnote: \(note.message)" }
        if let help = diagnostic.help { message += "\nhelp: \(help)" }
        var related: [JSON] = []
        for note in diagnostic.notes {
            guard let noteSpan = note.span, noteSpan.file.index < analysis.uris.count else { continue }
            let uri = analysis.uris[noteSpan.file.index]
            guard let noteDocument = module.documents[uri] else { continue }
            related.append(["location": ["uri": .string(outgoing(uri)), "range": noteDocument.range(of: noteSpan).json],
                            "message": .string(note.message)])
        }
        var json: [(String, JSON)] = [
            ("range", document.range(of: span).json), ("severity", .int(severity)), ("code", .string(diagnostic.code.rawValue)),
            ("source", "evdlc"), ("message", .string(message)),
        ]
        if !related.isEmpty { json.append(("relatedInformation", .array(related))) }
        return .object(json)
    }

    /// A location (`uri` and `range`) of a span of a module.
    func location(of span: Span, in module: SpecModule) -> JSON? {
        let analysis = module.analysis
        guard span.file.index < analysis.uris.count, let document = module.documents[analysis.uris[span.file.index]] else { return nil }
        return ["uri": .string(outgoing(document.uri)), "range": document.range(of: span).json]
    }
}
