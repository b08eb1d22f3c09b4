import EVDLEvolution
import EVDLSema
import EVDLSyntax

/// Parses and checks spec texts as one module; the files are added to `sources`.
func model(_ text: String, path: String = "spec.evdl", sources: inout SourceManager) -> (SemanticModel, [Diagnostic]) {
    let id = sources.add(path: path, text: text)
    let parsed = EVDLParser.parse(sources[id])
    let result = SemanticAnalyzer.check([parsed.spec], sources: sources)
    return (result.model, (parsed.diagnostics + result.diagnostics).filter { $0.severity == .error })
}

/// The outcome of locking `old`, writing the lock as text, reading it back, and checking `new` against it.
struct Comparison {
    var sources: SourceManager
    var lockText: String
    var diagnostics: [Diagnostic]
    var specErrors: [Diagnostic]

    /// `CODE severity` of each finding, in order.
    var verdict: [String] { diagnostics.map { "\($0.code) \($0.severity.rawValue)" } }

    /// One line per finding with its place, for failure messages.
    var summary: String {
        (specErrors + diagnostics).map { d in
            "\(d.code) \(d.severity.rawValue) \(d.span.map { sources.describe($0) } ?? "-"): \(d.message)"
                + d.notes.map { "\n    note \($0.span.map { sources.describe($0) } ?? "-"): \($0.message)" }.joined()
        }.joined(separator: "\n") + "\n--- lock:\n" + lockText
    }
}

/// Locks `old` (with `accept` lines appended to the lock text), then checks `new` against the lock.
func compare(_ old: String, _ new: String, accepting acceptances: [String] = []) -> Comparison {
    var sources = SourceManager()
    let (oldModel, oldErrors) = model(old, path: "old.evdl", sources: &sources)
    let lockText = LockFile.render(Evolution.updatedLock(ContractExtractor.contracts(of: oldModel), previous: nil))
        + acceptances.map { $0 + "\n" }.joined()
    let lockID = sources.add(path: "evdl.lock", text: lockText)
    let (newModel, newErrors) = model(new, path: "new.evdl", sources: &sources)
    return Comparison(sources: sources, lockText: lockText, diagnostics: Evolution.check(newModel, against: sources[lockID]),
                      specErrors: oldErrors + newErrors)
}
