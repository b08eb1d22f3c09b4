import EVDLEvolution
import EVDLSyntax

/// `evdlc lock [paths…] [--lock FILE]`: check the specs, compare them with the lock file if there is one, and write
/// the lock (every contract that outlives a build) when nothing it holds would break.
enum LockCommand {
    /// The command line of `lock`.
    static let definition = CommandDefinition(
        name: "lock", summary: "Write the contract lock (evdl.lock) of the specs: what stored data and consumers rely on.",
        argumentsSynopsis: "[paths…]", minimumArguments: 0, maximumArguments: nil,
        options: [OptionDefinition("lock", value: "FILE", help: "The lock file to compare with and write (default: evdl.lock).")]
            + DiagnosticOutput.options,
        discussion: """
            Inputs are taken as by `evdlc check`. When the lock file exists, the specs are first checked against it \
            as by `evdlc check --against`: a break that no `accept` line of the lock accepts leaves the lock as it \
            was. The new lock keeps the older versions of each event (their payloads stay in the store), keeps an \
            event type whose removal was accepted as `retired` (a type declared again must still read its \
            payloads), and drops the `accept` lines. A lock whose content did not change is not rewritten.

            Exit status: 0 written or up to date, 1 errors found (nothing written), 2 wrong command line, an \
            unreadable input or an unwritable lock.
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let output = DiagnosticOutput(arguments, context: context)
        let path = arguments.values["lock"] ?? "evdl.lock"
        let warningsAsErrors = arguments.flag("warnings-as-errors")
        let outcome = CheckCommand.check(arguments.positionals, warningsAsErrors: warningsAsErrors, context: context)
        context.retainUntilExit(outcome)
        var sources = outcome.sources
        var diagnostics = outcome.diagnostics
        var previous: ContractLock?
        if outcome.modelIsComplete, FileSystem.kind(of: context.absolute(path)) != nil {
            let read = LockInput.read(path, context: context, sources: &sources)
            diagnostics += read.diagnostics
            if let file = read.file {
                diagnostics += CheckCommand.promoted(Evolution.check(outcome.semantic.model, against: sources[file]), warningsAsErrors)
                previous = LockFile.parse(sources[file]).lock
            }
        }
        let failed = diagnostics.contains { $0.severity == .error }
        let unreadable = diagnostics.contains { $0.severity == .error && DriverDiagnostics.accessCodes.contains($0.code) }
        guard !failed else {
            context.standardOutput.write(output.render(diagnostics, sources: sources))
            return unreadable ? .usage : .findings
        }
        let lock = Evolution.updatedLock(ContractExtractor.contracts(of: outcome.semantic.model), previous: previous)
        let bytes = Array(LockFile.render(lock).utf8)
        let absolute = context.absolute(path)
        let unchanged = FileSystem.kind(of: absolute) == .regular && FileSystem.contents(of: absolute) == bytes
        if !unchanged, let reason = FileSystem.writeAtomically(bytes, to: absolute) {
            diagnostics.append(DriverDiagnostics.unwritable(path, reason: reason))
            context.standardOutput.write(output.render(diagnostics, sources: sources))
            return .usage
        }
        context.standardOutput.write(output.render(diagnostics, sources: sources))
        if output.format == .human {
            let count = lock.contracts.count
            context.standardOutput.write(unchanged ? "`\(path)` is up to date (\(count) contracts)\n" : "wrote `\(path)` (\(count) contracts)\n")
        }
        return .success
    }
}

/// Reading a lock file given on the command line into the run's sources.
enum LockInput {
    /// The lock file added to `sources`, or the diagnostic that it does not exist or cannot be read (at a place
    /// naming the path, as for spec inputs).
    static func read(_ path: String, context: DriverContext, sources: inout SourceManager) -> (file: FileID?, diagnostics: [Diagnostic]) {
        let absolute = context.absolute(path)
        guard FileSystem.kind(of: absolute) == .regular, let bytes = FileSystem.contents(of: absolute) else {
            let id = sources.add(path: path, bytes: [])
            let at = Span(file: id, start: 0, end: 0)
            let exists = FileSystem.kind(of: absolute) != nil
            return (nil, [exists ? DriverDiagnostics.unreadable(path, reason: "the lock file could not be read", at: at) : DriverDiagnostics.notFound(path, at: at)])
        }
        return (sources.add(path: path, bytes: bytes), [])
    }
}
