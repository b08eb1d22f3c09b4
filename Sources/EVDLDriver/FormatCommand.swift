import EVDLFormat
import EVDLSyntax

/// `evdlc format [paths…]`: rewrites specs in the canonical layout (``SpecFormatter``); `--check` and `--diff` only
/// report; `-` (or `--stdin`) formats standard input to standard output, for editors.
enum FormatCommand {
    /// The command line of `format`.
    static let definition = CommandDefinition(
        name: "format", summary: "Rewrite specs in the canonical layout.",
        argumentsSynopsis: "[paths…]", minimumArguments: 0, maximumArguments: nil,
        options: [
            OptionDefinition("check", help: "Change nothing; list the files that are not formatted (exit status 1 if any)."),
            OptionDefinition("diff", help: "Change nothing; print what formatting would change as a unified diff (exit status 1 if anything)."),
            OptionDefinition("stdin", help: "Format standard input and print the result (the same as the path `-`)."),
        ],
        discussion: """
            Paths are `.evdl` files, or directories searched recursively for them (hidden directories skipped); \
            with no path, the current directory. Files are rewritten only when formatting changes them. The layout \
            has no options: two-space indentation, one space around operators, at most one blank line, every \
            comment kept. Formatting never changes what a spec means: it keeps every token and every line break \
            between tokens. A file with syntax errors is left as it is and its errors are printed on standard error.

            Exit status: 0 formatted (or, with --check/--diff, nothing to change), 1 a file needs formatting \
            (--check/--diff) or has syntax errors, 2 wrong command line or an unreadable input.
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let check = arguments.flag("check")
        let diff = arguments.flag("diff")
        let stdin = arguments.flag("stdin") || arguments.positionals.contains("-")
        if stdin, arguments.positionals.count > (arguments.flag("stdin") ? 0 : 1) {
            // Standard input is formatted alone: its result goes to standard output, where nothing else may go.
            let extra = arguments.positionals.first { $0 != "-" } ?? "-"
            Driver.reportUsageError(.unexpectedArgument(extra), command: definition, context: context)
            return .usage
        }
        if stdin { return formatStandardInput(check: check, diff: diff, context: context) }
        let inputs = InputCollector(context: context).collect(arguments.positionals)
        var diagnostics = inputs.diagnostics
        var unformatted: [String] = []
        var output = ""
        for id in inputs.specFiles {
            let source = inputs.sources[id]
            let result = SpecFormatter.format(source)
            context.retainUntilExit(result.tree)
            guard result.isFormatted else {
                diagnostics += result.diagnostics
                continue
            }
            guard result.changed else { continue }
            unformatted.append(source.path)
            if diff {
                output += UnifiedDiff.render(old: String(decoding: source.bytes, as: UTF8.self), new: result.text, oldName: source.path, newName: source.path + " (formatted)")
            } else if check {
                output += source.path + "\n"
            } else if let reason = FileSystem.writeAtomically(Array(result.text.utf8), to: context.absolute(source.path)) {
                diagnostics.append(DriverDiagnostics.unwritable(source.path, reason: reason))
            }
        }
        context.standardOutput.write(output)
        report(diagnostics, sources: inputs.sources, context: context)
        if diagnostics.contains(where: { $0.severity == .error && DriverDiagnostics.accessCodes.contains($0.code) }) { return .usage }
        if diagnostics.contains(where: { $0.severity == .error }) { return .findings }
        return (check || diff) && !unformatted.isEmpty ? .findings : .success
    }

    /// Formats standard input: the formatted text on standard output (with --check, nothing; with --diff, the diff).
    private static func formatStandardInput(check: Bool, diff: Bool, context: DriverContext) -> ExitStatus {
        var sources = SourceManager()
        guard let bytes = context.readStandardInput() else {
            let id = sources.add(path: "<stdin>", bytes: [])
            report([DriverDiagnostics.unreadable("<stdin>", reason: "standard input could not be read", at: Span(file: id, start: 0, end: 0))], sources: sources, context: context)
            return .usage
        }
        let id = sources.add(path: "<stdin>", bytes: bytes)
        let result = SpecFormatter.format(sources[id])
        context.retainUntilExit(result.tree)
        guard result.isFormatted else {
            report(result.diagnostics, sources: sources, context: context)
            return .findings
        }
        if diff {
            context.standardOutput.write(UnifiedDiff.render(old: String(decoding: bytes, as: UTF8.self), new: result.text, oldName: "<stdin>", newName: "<stdin> (formatted)"))
        } else if check {
            if result.changed { context.standardOutput.write("<stdin>\n") }
        } else {
            context.standardOutput.write(result.text)
        }
        return (check || diff) && result.changed ? .findings : .success
    }

    /// Prints diagnostics on standard error (standard output may hold the formatted text).
    private static func report(_ diagnostics: [Diagnostic], sources: SourceManager, context: DriverContext) {
        guard !diagnostics.isEmpty else { return }
        context.standardError.write(PlainDiagnosticRenderer().render(diagnostics, sources: sources))
    }
}
