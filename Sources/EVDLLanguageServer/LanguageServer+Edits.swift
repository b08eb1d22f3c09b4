import EVDLFormat
import EVDLSyntax

extension LanguageServer {
    /// The name a help line suggests (`did you mean `x`?`), if it suggests exactly one.
    static func suggestedReplacement(_ help: String?) -> String? {
        guard let help, help.hasPrefix("did you mean `"), help.hasSuffix("`?") else { return nil }
        let inner = help.dropFirst("did you mean `".count).dropLast(2)
        guard !inner.isEmpty, !inner.contains("`") else { return nil }
        return String(inner)
    }

    /// Quick fixes for the diagnostics in a range: a "did you mean" help becomes an edit replacing the diagnosed
    /// text (when that text is one word or operator) with the suggestion.
    func codeActions(_ uri: String, _ range: TextRange) throws(ResponseError) -> JSON {
        let module = try knownModule(uri)
        let analysis = module.analysis
        guard let file = analysis.file(of: uri), let document = module.documents[uri] else { return .array([]) }
        let wanted = document.byteRange(of: range)
        var actions: [JSON] = []
        for diagnostic in analysis.diagnostics[file.index] {
            guard let span = diagnostic.span, let replacement = Self.suggestedReplacement(diagnostic.help) else { continue }
            guard span.start <= wanted.upperBound, wanted.lowerBound <= span.end else { continue }
            let written = analysis.sources[file].text(of: span)
            guard !written.isEmpty, written.count <= 64, !written.contains(where: { $0.isWhitespace }) else { continue }
            guard let lsp = lspDiagnostic(diagnostic, in: document, analysis: analysis, module: module) else { continue }
            let edit: JSON = ["range": document.range(of: span).json, "newText": .string(replacement)]
            actions.append([
                "title": .string("replace `\(written)` with `\(replacement)`"), "kind": "quickfix", "diagnostics": [lsp],
                "isPreferred": true, "edit": ["changes": .object([(outgoing(uri), .array([edit]))])],
            ])
        }
        return .array(actions)
    }

    /// `evdlc format`'s layout (``SpecFormatter``): the formatted bytes, or `nil` when the text has syntax errors.
    public static let specFormatter: @Sendable ([UInt8]) -> [UInt8]? = { bytes in
        let result = SpecFormatter.format(SourceFile(id: FileID(index: 0), path: "<document>", bytes: bytes))
        return result.isFormatted ? Array(result.text.utf8) : nil
    }

    /// The whole document formatted, as one edit (none when it is already formatted). Refused while the document
    /// has syntax errors: the formatter keeps only what parses.
    func formatting(_ uri: String) throws(ResponseError) -> JSON {
        let module = try knownModule(uri)
        guard let formatter else { throw ResponseError(ResponseError.methodNotFound, "this server has no formatter") }
        guard let document = module.documents[uri] else { return .array([]) }
        guard let formatted = formatter(document.bytes) else {
            throw ResponseError(ResponseError.requestFailed, "`\(outgoing(uri))` has syntax errors; fix them before formatting")
        }
        guard formatted != document.bytes else { return .array([]) }
        return [["range": document.fullRange.json, "newText": .string(String(decoding: formatted, as: UTF8.self))]]
    }
}
