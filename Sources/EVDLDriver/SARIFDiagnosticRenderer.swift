import EVDLSyntax

/// Renders diagnostics as a SARIF 2.1.0 log (`--format sarif`), the format code-scanning services (GitHub code
/// scanning, Azure DevOps, SonarQube, IDE viewers) read.
///
/// One run of the tool `evdlc`. Each result's `ruleId` is the diagnostic's code (`EVDL0201`), stable across
/// versions; the run's rules describe the codes that occur, with the title and explanation of `evdlc explain`.
/// Locations are relative to the working directory (`uriBaseId` `%SRCROOT%`, given in `originalUriBaseIds`),
/// columns count Unicode scalars (`columnKind` `unicodeCodePoints`), ends are exclusive. Notes become related
/// locations. `partialFingerprints["evdlFingerprint/v1"]` hashes the code, the file, the message and the text of the
/// line, with a count for repeats, so that a result keeps its identity when lines above it move.
struct SARIFDiagnosticRenderer: DiagnosticRenderer {
    /// The directory relative paths are relative to (the working directory of the run).
    let currentDirectory: String

    func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        let codes = Array(Set(diagnostics.map(\.code))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let rules = codes.map(rule)
        var seen: [String: Int] = [:]
        let results = diagnostics.map { diagnostic -> String in
            var members = [
                "\"ruleId\":" + json(diagnostic.code.rawValue),
                "\"ruleIndex\":\(ruleIndex[diagnostic.code] ?? -1)",
                "\"level\":" + json(level(diagnostic.severity)),
                "\"message\":{\"text\":" + json(text(of: diagnostic)) + "}",
            ]
            if let span = diagnostic.span {
                members.append("\"locations\":[{" + physicalLocation(span, sources) + "}]")
            }
            let related = diagnostic.notes.enumerated().compactMap { index, note -> String? in
                guard let span = note.span else { return nil }
                return "{\"id\":\(index),\"message\":{\"text\":" + json(note.message) + "}," + physicalLocation(span, sources) + "}"
            }
            if !related.isEmpty { members.append("\"relatedLocations\":[" + related.joined(separator: ",") + "]") }
            let identity = fingerprint(diagnostic, sources)
            let occurrence = seen[identity, default: 0] + 1
            seen[identity] = occurrence
            members.append("\"partialFingerprints\":{\"evdlFingerprint/v1\":" + json("\(identity):\(occurrence)") + "}")
            return "        {" + members.joined(separator: ",") + "}"
        }
        let root = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return """
            {
              "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {"driver": {"name": "evdlc", "version": \(json(Usage.version)), "semanticVersion": \(json(Usage.version)), "rules": [
            \(rules.joined(separator: ",\n"))
                  ]}},
                  "originalUriBaseIds": {"%SRCROOT%": {"uri": \(json("file://" + Self.percentEncoded(root)))}},
                  "columnKind": "unicodeCodePoints",
                  "results": [
            \(results.joined(separator: ",\n"))
                  ]
                }
              ]
            }

            """
    }

    /// The rule of a code: its title and explanation from the registry (what `evdlc explain` prints).
    private func rule(_ code: DiagnosticCode) -> String {
        var members = ["\"id\":" + json(code.rawValue)]
        if let explanation = DiagnosticRegistry.explanation(for: code) {
            members.append("\"shortDescription\":{\"text\":" + json(explanation.title) + "}")
            members.append("\"fullDescription\":{\"text\":" + json(explanation.explanation) + "}")
            let markdown = explanation.explanation + "\n\nFailing:\n\n```\n" + explanation.failingExample + "\n```\n\nFixed:\n\n```\n"
                + explanation.fixedExample + "\n```\n\nMore: `evdlc explain \(code.rawValue)`."
            members.append("\"help\":{\"text\":" + json(explanation.explanation + " (evdlc explain \(code.rawValue))") + ",\"markdown\":" + json(markdown) + "}")
        }
        return "            {" + members.joined(separator: ",") + "}"
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// The message, with the help line after it when there is one.
    private func text(of diagnostic: Diagnostic) -> String {
        diagnostic.help.map { diagnostic.message + "\nhelp: " + $0 } ?? diagnostic.message
    }

    private func physicalLocation(_ span: Span, _ sources: SourceManager) -> String {
        let at = ResolvedLocation(span, in: sources)
        let region = "\"region\":{\"startLine\":\(at.start.line),\"startColumn\":\(at.start.column),\"endLine\":\(at.end.line),\"endColumn\":\(max(1, at.end.column))}"
        return "\"physicalLocation\":{\"artifactLocation\":" + artifactLocation(at.path) + "," + region + "}"
    }

    /// A relative path stays relative to `%SRCROOT%`; an absolute one inside the working directory is made relative;
    /// one outside it becomes a `file://` URI.
    private func artifactLocation(_ path: String) -> String {
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        if path.hasPrefix("/") {
            let root = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
            guard path.hasPrefix(root) else { return "{\"uri\":" + json("file://" + Self.percentEncoded(path)) + "}" }
            relative = String(path.dropFirst(root.count))
        }
        return "{\"uri\":" + json(Self.percentEncoded(relative)) + ",\"uriBaseId\":\"%SRCROOT%\"}"
    }

    /// A path as a URI reference: bytes other than unreserved characters and `/` percent-encoded (RFC 3986).
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// FNV-1a (64 bits, hex) of the code, the path, the message and the trimmed text of the diagnostic's first line.
    private func fingerprint(_ diagnostic: Diagnostic, _ sources: SourceManager) -> String {
        var line = ""
        var path = ""
        if let span = diagnostic.span {
            let at = ResolvedLocation(span, in: sources)
            path = at.path
            line = sources[span.file].lineText(at.start.line).trimmingSpaces
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in [diagnostic.code.rawValue, path, diagnostic.message, line].joined(separator: "\u{0}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func json(_ text: String) -> String { JSONDiagnosticRenderer.string(text) }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}
