import EVDLInterpreter
import EVDLSyntax

/// `evdlc test [paths…]`: check the specs, then run every scenario in the interpreter (no Swift is built) and report
/// each failing one at its place, with the expected and actual outcome and the fields that differ.
enum TestCommand {
    /// The command line of `test`.
    static let definition = CommandDefinition(
        name: "test", summary: "Run the specs' scenarios without building Swift.",
        argumentsSynopsis: "[paths…]", minimumArguments: 0, maximumArguments: nil,
        options: [
            OptionDefinition("filter", value: "TEXT", help: "Run only the scenarios whose title or subject contains TEXT."),
            OptionDefinition("junit", value: "FILE", help: "Also write the results as JUnit XML into FILE."),
        ] + DiagnosticOutput.options,
        discussion: """
            Inputs are taken as by `evdlc check`; a module with errors is not run. Every scenario is evaluated over \
            the checked spec with the generated Swift's semantics (`now` is date(0) in scenarios). A failing \
            scenario is an EVDL1001 error at its `when`, with notes at the expected value; one that stops (a \
            command with a result that no reply answers) is EVDL1002; one the interpreter cannot run (a command decided in Swift) is \
            skipped with the warning EVDL1003 and never counted as passed.

            The same scenarios also run as Swift Testing tests of the generated code; see the README, "Scenarios".

            Exit status: 0 every scenario passed (or was skipped), 1 a scenario failed or the specs have errors, \
            2 wrong command line, an unreadable input or an unwritable --junit file.
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let output = DiagnosticOutput(arguments, context: context)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = CheckCommand.check(arguments.positionals, warningsAsErrors: arguments.flag("warnings-as-errors"), context: context)
        context.retainUntilExit(outcome)
        if outcome.hasErrors {
            context.standardOutput.write(output.render(outcome.diagnostics, sources: outcome.sources))
            return outcome.exitStatus
        }
        let interpreter = ScenarioInterpreter(model: outcome.semantic.model)
        let filter = arguments.values["filter"]
        let results = interpreter.run(filter: filter)
        let elapsed = clock.now - started
        var diagnostics = outcome.diagnostics + results.compactMap(\.diagnostic)
        if arguments.flag("warnings-as-errors") {
            diagnostics = diagnostics.map { d in var p = d; if p.severity == .warning { p.severity = .error }; return p }
        }
        let report = TestReport(results: results, diagnostics: diagnostics, sources: outcome.sources, elapsed: elapsed)
        context.standardOutput.write(report.render(output))
        if let path = arguments.values["junit"] {
            if let problem = FileSystem.writeAtomically(Array(report.junit().utf8), to: context.absolute(path)) {
                context.standardError.write("error: cannot write the JUnit report to \(path): \(problem)\n")
                return .usage
            }
        }
        return diagnostics.contains { $0.severity == .error } ? .findings : .success
    }
}
