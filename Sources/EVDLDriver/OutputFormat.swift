import EVDLSyntax

/// How diagnostics are printed (`--format`).
public enum OutputFormat: String, Sendable, CaseIterable {
    /// rustc-style snippets with carets, and a summary line.
    case human
    /// `path:line:col: error: message [CODE]`, the lines Xcode and SwiftPM parse.
    case plain
    /// A JSON array (documented in the README).
    case json
    /// GitHub Actions workflow annotations.
    case github
    /// A SARIF 2.1.0 log, for code-scanning services (see ``SARIFDiagnosticRenderer``).
    case sarif
}

/// When to colour human output (`--color`).
public enum ColorChoice: String, Sendable, CaseIterable {
    /// On a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    case auto
    /// Always.
    case always
    /// Never.
    case never
}

/// The format and colour options shared by `check` and `generate`, resolved against the context.
struct DiagnosticOutput {
    /// The chosen format.
    let format: OutputFormat
    /// Whether human output is coloured.
    let colors: Bool
    /// The directory SARIF locations are relative to.
    let currentDirectory: String

    /// Resolves `--format` and `--color` (already validated by the argument parser).
    init(_ arguments: ParsedArguments, context: DriverContext) {
        format = arguments.values["format"].flatMap(OutputFormat.init(rawValue:))
            ?? (context.outputIsTerminal ? .human : .plain)
        currentDirectory = context.currentDirectory
        switch arguments.values["color"].flatMap(ColorChoice.init(rawValue:)) ?? .auto {
        case .always: colors = true
        case .never: colors = false
        case .auto:
            let noColor = !(context.environment["NO_COLOR"] ?? "").isEmpty
            colors = context.outputIsTerminal && !noColor && context.environment["TERM"] != "dumb"
        }
    }

    /// The diagnostics as text, with the summary line in human format. JSON is printed even when empty.
    func render(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        switch format {
        case .human:
            return HumanDiagnosticRenderer(colors: colors).render(diagnostics, sources: sources)
                + DiagnosticSummary(diagnostics).line(colors: colors)
        case .plain:
            return PlainDiagnosticRenderer().render(diagnostics, sources: sources)
        case .json:
            return JSONDiagnosticRenderer().render(diagnostics, sources: sources)
        case .github:
            return GitHubDiagnosticRenderer().render(diagnostics, sources: sources)
        case .sarif:
            return SARIFDiagnosticRenderer(currentDirectory: currentDirectory).render(diagnostics, sources: sources)
        }
    }

    /// The options every diagnostic-printing command takes.
    static let options: [OptionDefinition] = [
        OptionDefinition(
            "format", value: "FORMAT", allowed: OutputFormat.allCases.map(\.rawValue),
            help: "How to print diagnostics (default: human on a terminal, else plain)."),
        OptionDefinition(
            "color", value: "WHEN", allowed: ColorChoice.allCases.map(\.rawValue),
            help: "Colour human output (default: auto, which honours NO_COLOR)."),
        OptionDefinition("warnings-as-errors", help: "Treat warnings as errors (exit status 1)."),
    ]
}
