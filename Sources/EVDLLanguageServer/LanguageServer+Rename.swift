import EVDLSyntax

extension LanguageServer {
    func prepareRename(_ at: DocumentPosition) throws(ResponseError) -> JSON {
        let (module, found) = try occurrences(at: at)
        guard let first = found.first, let symbol = module.index.symbols[first.key],
              let range = location(of: first.span, in: module)?["range"] else { return .null }
        return ["range": range, "placeholder": .string(symbol.name)]
    }

    /// Whether a name can be written where a declared name stands: an identifier that is not a keyword.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        let allowed = name.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
        }
        return allowed && Keyword(rawValue: name) == nil
    }

    /// Renames a symbol in every file of its module. Refused (-32803) when the name is not a plain name, when a
    /// symbol of the same namespace already has it, or when the renamed module would have an error the current one
    /// does not (a name that a nearer declaration hides, for example).
    func rename(_ at: DocumentPosition, to newName: String) throws(ResponseError) -> JSON {
        let (module, found) = try occurrences(at: at)
        guard let key = found.first?.key, let symbol = module.index.symbols[key] else {
            throw ResponseError(ResponseError.requestFailed, "there is no declared name at this place to rename")
        }
        guard LanguageServer.isValidName(newName) else {
            throw ResponseError(ResponseError.requestFailed, "`\(newName)` is not a valid name (letters, digits and `_`, not a keyword)")
        }
        let analysis = module.analysis
        if let clash = module.index.symbols(inNamespace: symbol.namespace).first(where: { $0.name == newName && $0.key != key }) {
            let place = analysis.sources.describe(clash.span)
            throw ResponseError(ResponseError.requestFailed, "cannot rename `\(symbol.name)` to `\(newName)`: \(clash.detail) already has that name (\(place))")
        }
        var edits: [String: [(Range<Int>, String)]] = [:]
        var seen = Set<Span>()
        for occurrence in module.index.occurrences(of: key) where seen.insert(occurrence.span).inserted {
            let replacement = switch occurrence.role {
            case .declaration, .reference: newName
            case .shorthandLabel: "\(newName): \(symbol.name)"
            case .shorthandValue: "\(symbol.name): \(newName)"
            }
            let uri = analysis.uris[occurrence.span.file.index]
            edits[uri, default: []].append((occurrence.span.start..<occurrence.span.end, replacement))
        }
        try verify(edits, in: module, renaming: symbol.name, to: newName)
        var changes: [(String, JSON)] = []
        for uri in edits.keys.sorted() {
            guard let document = module.documents[uri] else { continue }
            let textEdits: [JSON] = edits[uri]!.map { range, text in
                ["range": TextRange(start: document.position(of: range.lowerBound), end: document.position(of: range.upperBound)).json,
                 "newText": .string(text)]
            }
            changes.append((outgoing(uri), .array(textEdits)))
        }
        return ["changes": .object(changes)]
    }

    /// Checks the module as it would be after the edits; refuses when that brings an error the module does not have.
    private func verify(_ edits: [String: [(Range<Int>, String)]], in module: SpecModule, renaming old: String, to new: String) throws(ResponseError) {
        let trial = SpecModule(root: nil)
        for (uri, document) in module.documents {
            var bytes = document.bytes
            for (range, text) in (edits[uri] ?? []).sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
                bytes.replaceSubrange(range, with: Array(text.utf8))
            }
            trial.didOpen(TextDocument(uri: uri, version: 0, bytes: bytes))
        }
        func errors(_ m: SpecModule) -> [String: Int] {
            var counts: [String: Int] = [:]
            for diagnostic in m.analysis.diagnostics.joined() where diagnostic.severity == .error {
                counts[diagnostic.code.rawValue, default: 0] += 1
            }
            return counts
        }
        let before = errors(module), after = errors(trial)
        let trialAnalysis = trial.analysis
        for diagnostic in trialAnalysis.diagnostics.joined() where diagnostic.severity == .error {
            if after[diagnostic.code.rawValue, default: 0] > before[diagnostic.code.rawValue, default: 0] {
                let place = diagnostic.span.map { trialAnalysis.sources.describe($0) } ?? ""
                throw ResponseError(ResponseError.requestFailed,
                                    "cannot rename `\(old)` to `\(new)`: the spec would not check (\(place): \(diagnostic.message))")
            }
        }
    }
}
