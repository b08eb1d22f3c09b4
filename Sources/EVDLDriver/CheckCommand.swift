import EVDLEvolution
import EVDLSema
import EVDLSyntax

/// What checking a set of inputs found: the files, their trees, the checked model and every diagnostic.
struct CheckOutcome {
    /// All files of the run (including placeholders for unreadable paths).
    let sources: SourceManager
    /// The parsed (possibly partial) trees of the readable files, in order.
    let specs: [SpecFile]
    /// The checker's result over all specs.
    let semantic: SemanticResult
    /// Driver, syntax and semantic diagnostics, in that order; warnings promoted when asked.
    let diagnostics: [Diagnostic]

    /// Whether the specs were read and checked without errors (before warnings are promoted), so that the model
    /// is complete: what `check --against` and `lock` compare with a lock.
    let modelIsComplete: Bool

    /// Whether an input could not be read.
    var inputFailed: Bool {
        diagnostics.contains { $0.severity == .error && DriverDiagnostics.accessCodes.contains($0.code) }
    }

    /// Whether anything is an error.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The exit status this outcome deserves: 2 for unreadable input, 1 for errors, else 0.
    var exitStatus: ExitStatus { inputFailed ? .usage : (hasErrors ? .findings : .success) }
}

/// `evdlc check [paths…]`: read, parse every file, check them all together (also the partial trees of files with
/// syntax errors), print the diagnostics.
enum CheckCommand {
    /// The command line of `check`.
    static let definition = CommandDefinition(
        name: "check", summary: "Check specs and report their diagnostics.",
        argumentsSynopsis: "[paths…]", minimumArguments: 0, maximumArguments: nil,
        options: [OptionDefinition("against", value: "LOCK", help: "Also report what the specs would break for the contracts of this lock file (evdl.lock).")]
            + DiagnosticOutput.options,
        discussion: """
            Paths are `.evdl` files, or directories searched recursively for them (hidden directories skipped); \
            with no path, the current directory. All files are checked together as one spec module. With \
            --against, specs without errors are compared with the lock written by `evdlc lock` (EVDL08xx).

            Exit status: 0 no errors, 1 errors found (or warnings with --warnings-as-errors), 2 wrong command \
            line or an unreadable input.
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let output = DiagnosticOutput(arguments, context: context)
        let warningsAsErrors = arguments.flag("warnings-as-errors")
        let outcome = check(arguments.positionals, warningsAsErrors: warningsAsErrors, context: context)
        context.retainUntilExit(outcome)
        guard let lockPath = arguments.values["against"] else {
            context.standardOutput.write(output.render(outcome.diagnostics, sources: outcome.sources))
            return outcome.exitStatus
        }
        var sources = outcome.sources
        var diagnostics = outcome.diagnostics
        let read = LockInput.read(lockPath, context: context, sources: &sources)
        diagnostics += read.diagnostics
        if let file = read.file, outcome.modelIsComplete {
            diagnostics += promoted(Evolution.check(outcome.semantic.model, against: sources[file]), warningsAsErrors)
        }
        context.standardOutput.write(output.render(diagnostics, sources: sources))
        if diagnostics.contains(where: { $0.severity == .error && DriverDiagnostics.accessCodes.contains($0.code) }) { return .usage }
        return diagnostics.contains { $0.severity == .error } ? .findings : .success
    }

    /// The diagnostics with warnings made errors when `warningsAsErrors` is set.
    static func promoted(_ diagnostics: [Diagnostic], _ warningsAsErrors: Bool) -> [Diagnostic] {
        guard warningsAsErrors else { return diagnostics }
        return diagnostics.map { diagnostic in
            var promoted = diagnostic
            if promoted.severity == .warning { promoted.severity = .error }
            return promoted
        }
    }

    /// The pipeline shared with `generate`: collect → parse each file → check all → (promote warnings).
    static func check(_ paths: [String], warningsAsErrors: Bool, context: DriverContext) -> CheckOutcome {
        let inputs = InputCollector(context: context).collect(paths)
        var diagnostics = inputs.diagnostics
        var specs: [SpecFile] = []
        specs.reserveCapacity(inputs.specFiles.count)
        for id in inputs.specFiles {
            let parsed = EVDLParser.parse(inputs.sources[id])
            specs.append(parsed.spec)
            diagnostics += parsed.diagnostics
        }
        let semantic = SemanticAnalyzer.check(specs, sources: inputs.sources)
        diagnostics += semantic.diagnostics
        diagnostics = sortedByPlace(diagnostics)
        let complete = !diagnostics.contains { $0.severity == .error }
        diagnostics = promoted(diagnostics, warningsAsErrors)
        return CheckOutcome(sources: inputs.sources, specs: specs, semantic: semantic, diagnostics: diagnostics, modelIsComplete: complete)
    }

    /// Orders diagnostics by file (in input order) and place, keeping the order of equal places; diagnostics
    /// without a place come first.
    static func sortedByPlace(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let left = a.element.span.map { ($0.file.index, $0.start) } ?? (-1, 0)
            let right = b.element.span.map { ($0.file.index, $0.start) } ?? (-1, 0)
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
    }
}
