import EVDLGenerator
import EVDLSyntax

/// `evdlc generate [paths…] --output DIR [--access internal|public|package] [--scenario-tests MODULE]`: check, then
/// write one Swift file per spec file into DIR (or, with `--scenario-tests`, the Swift Testing tests of the specs'
/// scenarios), touching only files whose content changed.
enum GenerateCommand {
    /// The command line of `generate`.
    static let definition = CommandDefinition(
        name: "generate", summary: "Check specs, then write the Swift generated from them.",
        argumentsSynopsis: "[paths…]", minimumArguments: 0, maximumArguments: nil,
        options: [
            OptionDefinition("output", short: "o", value: "DIR", help: "The directory to write into (created if needed)."),
            OptionDefinition(
                "access", value: "LEVEL", allowed: AccessLevel.allCases.map(\.rawValue),
                help: "The access level of generated declarations (default: internal)."),
            OptionDefinition("config", value: "FILE", help: "A JSON configuration file, e.g. {\"access\": \"public\"}."),
            OptionDefinition(
                "scenario-tests", value: "MODULE",
                help: "Write only `Scenarios.swift`: a Swift Testing test per scenario, for a test target that imports MODULE."),
        ] + DiagnosticOutput.options,
        discussion: """
            Inputs are taken as by `evdlc check`. When checking finds errors, nothing is written. Each spec file \
            gives one Swift file; a file whose content did not change is not rewritten, so its modification date \
            stays and builds do not rerun.

            With `--scenario-tests MODULE`, the only file written is `Scenarios.swift` (none when the specs have no \
            scenarios): one Swift Testing test per scenario, run against the code generated into MODULE (imported \
            with `@testable import`), and `EVDLScenarios.scenarioOutcomes()`, every scenario's actual outcome as text.

            Exit status: 0 written, 1 errors found, 2 wrong command line, an unreadable input or an unwritable output.
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let output = DiagnosticOutput(arguments, context: context)
        guard let directory = arguments.values["output"] else {
            Driver.reportUsageError(.missingOption("output"), command: definition, context: context)
            return .usage
        }
        let outcome = CheckCommand.check(arguments.positionals, warningsAsErrors: arguments.flag("warnings-as-errors"), context: context)
        context.retainUntilExit(outcome)
        var sources = outcome.sources
        var diagnostics = outcome.diagnostics
        var configuration = GeneratorConfiguration()
        if let path = arguments.values["config"] {
            let (loaded, problems) = GeneratorConfiguration.load(path, context: context, sources: &sources)
            configuration = loaded
            diagnostics = problems + diagnostics
        }
        let access = arguments.values["access"].flatMap(AccessLevel.init(rawValue:)) ?? configuration.access ?? .internal
        if diagnostics.contains(where: { $0.severity == .error }) {
            context.standardOutput.write(output.render(diagnostics, sources: sources))
            let unreadable = diagnostics.contains { $0.severity == .error && DriverDiagnostics.accessCodes.contains($0.code) }
            return unreadable ? .usage : .findings
        }
        let files: [GeneratedFile]
        if let module = arguments.values["scenario-tests"] {
            files = SwiftGenerator.generateScenarioTests(
                model: outcome.semantic.model, sources: sources, module: module, options: GeneratorOptions(accessLevel: access)).map { [$0] } ?? []
        } else {
            files = SwiftGenerator.generate(model: outcome.semantic.model, sources: sources, options: GeneratorOptions(accessLevel: access))
        }
        var byName: [String: [String]] = [:]
        for (file, spec) in zip(files, outcome.specs) {
            byName[file.name, default: []].append(outcome.sources[spec.file].path)
        }
        let clashes = Dictionary(grouping: files, by: \.name).filter { $0.value.count > 1 }.keys.sorted()
        if !clashes.isEmpty {
            diagnostics += clashes.map { DriverDiagnostics.duplicateOutput($0, paths: byName[$0] ?? []) }
            context.standardOutput.write(output.render(diagnostics, sources: sources))
            return .findings
        }
        let report = GeneratedFileWriter(directory: context.absolute(directory), displayDirectory: directory).write(files)
        diagnostics += report.failures
        context.standardOutput.write(output.render(diagnostics, sources: sources))
        if !report.failures.isEmpty { return .usage }
        if output.format == .human {
            context.standardOutput.write(
                "generated \(files.count) file\(files.count == 1 ? "" : "s") into `\(directory)` "
                    + "(\(report.written.count) written, \(report.unchanged.count) unchanged)\n")
        }
        return .success
    }
}
