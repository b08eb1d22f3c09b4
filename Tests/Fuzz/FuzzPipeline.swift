// libFuzzer harness for the whole compiler: lexer → parser → checker → generator, and the scenario interpreter
// (`evdlc test`). Not part of the package; see Tests/Fuzz/README.md for the build command (the package modules it
// imports compiled as separate modules).

import EVDLGenerator
import EVDLInterpreter
import EVDLSema
import EVDLSyntax

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Input files are separated by a NUL byte, so one input can hold a spec module of several files.
private let fileSeparator: UInt8 = 0
/// At most this many files per input (the rest of the input stays in the last file).
private let maximumFiles = 8
/// With `FUZZ_PIPELINE_VERBOSE` set, each input's diagnostics (or the generated file names) are printed: run the
/// binary on a few seed files to see how far they reach.
private let verbose = getenv("FUZZ_PIPELINE_VERBOSE") != nil

/// Splits the input into files, parses each, checks them all together and, when nothing is an error, generates Swift.
///
/// Invariants (a violation stops the fuzzer like a crash does):
/// - every diagnostic span and note span lies inside a file of the run;
/// - the checker's diagnostics are sorted by file and offset, and every code it emits has an explanation;
/// - every diagnostic renders in the human and JSON formats;
/// - checking twice gives the same diagnostics, and generating from each check gives byte-identical files, one per
///   spec file (two checks build their hash tables afresh, so output that follows hash order is caught);
/// - running the scenarios of each of the two checks gives the same results (and never traps: arithmetic saturates).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var sources = SourceManager()
    var start = 0
    for index in 0..<size where bytes[index] == fileSeparator && sources.files.count < maximumFiles - 1 {
        _ = sources.add(path: "fuzz\(sources.files.count).evdl", bytes: Array(bytes[start..<index]))
        start = index + 1
    }
    _ = sources.add(path: "fuzz\(sources.files.count).evdl", bytes: Array(bytes[start..<size]))

    var specs: [SpecFile] = []
    var syntaxErrors = false
    var parsedDiagnostics: [Diagnostic] = []
    for file in sources.files {
        let parsed = EVDLParser.parse(file)
        parsedDiagnostics += parsed.diagnostics
        checkSpans(parsed.diagnostics, sources: sources)
        if verbose { print(PlainDiagnosticRenderer().render(parsed.diagnostics, sources: sources), terminator: "") }
        syntaxErrors = syntaxErrors || parsed.diagnostics.contains { $0.severity == .error }
        specs.append(parsed.spec)
    }

    let first = SemanticAnalyzer.check(specs, sources: sources)
    checkSpans(first.diagnostics, sources: sources)
    checkSorted(first.diagnostics)
    checkExplained(first.diagnostics)
    let rendered = HumanDiagnosticRenderer().render(first.diagnostics, sources: sources)
    if verbose { print(rendered, terminator: "") }
    _ = JSONDiagnosticRenderer().render(first.diagnostics, sources: sources)

    let second = SemanticAnalyzer.check(specs, sources: sources)
    precondition(first.diagnostics == second.diagnostics, "checking must be deterministic")

    if syntaxErrors || first.diagnostics.contains(where: { $0.severity == .error }) {
        generatePruned(specs, syntax: parsedDiagnostics, semantic: first.diagnostics, sources: sources)
        return 0
    }
    generateTwice(first.model, second.model, files: specs.count, sources: sources)
    return 0
}

/// Generates from two checks of the same specs and expects byte-identical files, one per spec file.
private func generateTwice(_ first: SemanticModel, _ second: SemanticModel, files: Int, sources: SourceManager) {
    let options = GeneratorOptions(accessLevel: .public)
    let generated = SwiftGenerator.generate(model: first, sources: sources, options: options)
    let again = SwiftGenerator.generate(model: second, sources: sources, options: options)
    precondition(generated.count == files, "one generated file per spec file")
    precondition(generated == again, "generation must be deterministic")
    let results = ScenarioInterpreter(model: first).run()
    let rerun = ScenarioInterpreter(model: second).run()
    precondition(results.map(\.status) == rerun.map(\.status) && results.map(\.actual) == rerun.map(\.actual)
                 && results.map(\.differences) == rerun.map(\.differences), "running scenarios must be deterministic")
    if verbose { print("generated", generated.map { "\($0.name) (\($0.contents.utf8.count) bytes)" }) }
}

/// Mutated inputs almost never check clean, so the generator would see little but the seeds. This drops what the
/// errors point into and tries again (twice at most): files with syntax errors entirely (a partial tree is not what
/// any source parses to), and every top-level declaration that holds an error. A clean rest is generated from; it is
/// exactly what the input with those declarations deleted parses to (verbose mode prints that text, to reproduce).
private func generatePruned(_ specs: [SpecFile], syntax: [Diagnostic], semantic: [Diagnostic], sources: SourceManager) {
    let syntaxFiles = Set(syntax.filter { $0.severity == .error }.compactMap { $0.span?.file })
    var kept = specs.filter { !syntaxFiles.contains($0.file) }
    var errors = semantic.filter { $0.severity == .error }.compactMap(\.span)
    for _ in 0..<2 {
        kept = kept.map { spec in
            SpecFile(file: spec.file, declarations: spec.declarations.filter { declaration in
                let outer = declaration.span
                return !errors.contains { $0.file == outer.file && $0.start >= outer.start && $0.start < max(outer.end, outer.start + 1) }
            })
        }
        guard kept.contains(where: { !$0.declarations.isEmpty }) else { return }
        let first = SemanticAnalyzer.check(kept, sources: sources)
        checkSpans(first.diagnostics, sources: sources)
        checkSorted(first.diagnostics)
        errors = first.diagnostics.filter { $0.severity == .error }.compactMap(\.span)
        guard errors.isEmpty else { continue }
        if verbose {
            print("pruned to:")
            for spec in kept { for d in spec.declarations { print(sources[spec.file].text(of: d.span)) } }
        }
        let second = SemanticAnalyzer.check(kept, sources: sources)
        precondition(first.diagnostics == second.diagnostics, "checking must be deterministic")
        generateTwice(first.model, second.model, files: kept.count, sources: sources)
        return
    }
}

/// Every span of the diagnostics and their notes lies inside a file of the run.
private func checkSpans(_ diagnostics: [Diagnostic], sources: SourceManager) {
    for diagnostic in diagnostics {
        precondition(!diagnostic.message.isEmpty, "a diagnostic has a message")
        for span in [diagnostic.span] + diagnostic.notes.map(\.span) {
            guard let span else { continue }
            precondition(span.file.index >= 0 && span.file.index < sources.files.count, "span in an unknown file")
            let count = sources[span.file].bytes.count
            precondition(span.start >= 0 && span.start <= span.end && span.end <= count, "span outside its file")
        }
    }
}

/// The checker's diagnostics come sorted by file, then start offset; placeless ones first.
private func checkSorted(_ diagnostics: [Diagnostic]) {
    var previous: (file: Int, start: Int) = (-1, 0)
    for diagnostic in diagnostics {
        let place = diagnostic.span.map { ($0.file.index, $0.start) } ?? (-1, 0)
        precondition(place >= previous, "checker diagnostics must be sorted by place")
        previous = place
    }
}

/// The codes of the checker's explanations, for `evdlc explain`.
private let explainedCodes = Set(SemaDiagnosticCatalog.explanations.map(\.code))

/// Every code the checker emits has an explanation.
private func checkExplained(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
        precondition(explainedCodes.contains(diagnostic.code), "code \(diagnostic.code) has no explanation")
    }
}
