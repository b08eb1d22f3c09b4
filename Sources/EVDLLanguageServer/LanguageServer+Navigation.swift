import EVDLSyntax

extension LanguageServer {
    /// The module, the file and the byte offset of a request's position.
    func locate(_ at: DocumentPosition) throws(ResponseError) -> (module: SpecModule, file: FileID, offset: Int) {
        let module = try knownModule(at.uri)
        guard let file = module.analysis.file(of: at.uri), let document = module.documents[at.uri] else {
            throw .params("`\(outgoing(at.uri))` is not a file of its module")
        }
        return (module, file, document.offset(of: at.position))
    }

    /// The occurrences under the cursor, the declaration-like ones first (for a shorthand argument, the field).
    func occurrences(at position: DocumentPosition) throws(ResponseError) -> (SpecModule, [Occurrence]) {
        let (module, file, offset) = try locate(position)
        let found = module.index.occurrences(in: file, at: offset).filter { module.index.symbols[$0.key] != nil }
        return (module, found)
    }

    func hover(_ at: DocumentPosition) throws(ResponseError) -> JSON {
        let (module, found) = try occurrences(at: at)
        guard let first = found.first else { return .null }
        let index = module.index
        var sections: [String] = []
        for occurrence in found {
            guard let symbol = index.symbols[occurrence.key] else { continue }
            var text = "```evdl\n\(symbol.detail)"
            let members = index.children(of: symbol.key).filter { $0.category == .field || $0.category == .identity || $0.category == .enumCase }
            if symbol.category != .enumeration, !members.isEmpty {
                text += " {\n" + members.map { "  " + $0.detail }.joined(separator: "\n") + "\n}"
            }
            text += "\n```"
            if !symbol.doc.isEmpty { text += "\n\n" + symbol.doc.joined(separator: "\n") }
            sections.append(text)
        }
        guard let range = location(of: first.span, in: module)?["range"] else { return .null }
        return ["contents": ["kind": "markdown", "value": .string(sections.joined(separator: "\n\n---\n\n"))], "range": range]
    }

    func definition(_ at: DocumentPosition) throws(ResponseError) -> JSON {
        let (module, found) = try occurrences(at: at)
        let targets = found.compactMap { module.index.symbols[$0.key] }.compactMap { location(of: $0.span, in: module) }
        switch targets.count {
        case 0: return .null
        case 1: return targets[0]
        default: return .array(targets)
        }
    }

    func references(_ at: DocumentPosition, includeDeclaration: Bool) throws(ResponseError) -> JSON {
        let (module, found) = try occurrences(at: at)
        guard let key = found.first?.key else { return .null }
        let index = module.index
        let spans = index.occurrences(of: key).filter { includeDeclaration || $0.role != .declaration }.map(\.span)
        var seen = Set<Span>()
        return .array(spans.filter { seen.insert($0).inserted }.compactMap { location(of: $0, in: module) })
    }

    func documentSymbols(_ uri: String) throws(ResponseError) -> JSON {
        let module = try knownModule(uri)
        guard let file = module.analysis.file(of: uri), let document = module.documents[uri] else { return .array([]) }
        let index = module.index
        let inFile = index.order.compactMap { index.symbols[$0] }.filter { $0.span.file == file && $0.category != .local }
        func node(_ symbol: SymbolInfo) -> JSON {
            let children = inFile.filter { child in child.parent == symbol.key }
            // The selection range must lie inside the range: a declaration's span holds its name.
            let full = symbol.fullSpan.start <= symbol.span.start && symbol.span.end <= symbol.fullSpan.end ? symbol.fullSpan : symbol.span
            var json: [(String, JSON)] = [
                ("name", .string(symbol.name)), ("detail", .string(symbol.detail)), ("kind", .int(Self.symbolKind(symbol.category))),
                ("range", document.range(of: full).json), ("selectionRange", document.range(of: symbol.span).json),
            ]
            if !children.isEmpty { json.append(("children", .array(children.map(node)))) }
            return .object(json)
        }
        let keys = Set(inFile.map(\.key))
        return .array(inFile.filter { symbol in symbol.parent.map { !keys.contains($0) } ?? true }.map(node))
    }

    /// The LSP `SymbolKind` of a category.
    static func symbolKind(_ category: SymbolCategory) -> Int {
        switch category {
        case .type: 23  // Struct
        case .enumeration: 10  // Enum
        case .aggregate, .projection, .saga, .service: 5  // Class
        case .policy: 12  // Function
        case .command: 6  // Method
        case .event: 24  // Event
        case .field, .identity: 8  // Field
        case .enumCase: 22  // EnumMember
        case .query: 6  // Method
        case .parameter, .local: 13  // Variable
        case .step: 12  // Function
        }
    }
}
