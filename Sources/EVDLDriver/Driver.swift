/// The `evdlc` command line as a library: parses the arguments, runs a command, returns the exit status.
/// `Sources/evdlc/main.swift` is a thin shell over ``run(_:context:)``; plugins and tests call it directly.
public enum Driver {
    /// Runs `evdlc` with `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], context: DriverContext) -> ExitStatus {
        guard let first = arguments.first else {
            context.standardError.write(Usage.toolHelp)
            return .usage
        }
        switch first {
        case "-h", "--help":
            context.standardOutput.write(Usage.toolHelp)
            return .success
        case "--version":
            context.standardOutput.write("evdlc \(Usage.version)\n")
            return .success
        case "help":
            return help(Array(arguments.dropFirst()), context: context)
        default:
            break
        }
        guard let subcommand = Subcommand(rawValue: first) else {
            let error: ArgumentError
            if first.hasPrefix("-") {
                error = .unknownOption(first, suggestions: Suggestions.closeMatches(to: first, among: ["--help", "--version"]))
            } else {
                error = .unknownCommand(first, suggestions: Suggestions.closeMatches(to: first, among: Usage.commands.map(\.name)))
            }
            reportUsageError(error, command: nil, context: context)
            return .usage
        }
        let command = subcommand.definition
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), for: command)
        } catch {
            reportUsageError(error, command: command, context: context)
            return .usage
        }
        if parsed.flag("help") {
            context.standardOutput.write(Usage.help(for: command))
            return .success
        }
        return subcommand.run(parsed, context: context)
    }

    /// `evdlc help [command]`.
    private static func help(_ arguments: [String], context: DriverContext) -> ExitStatus {
        guard let name = arguments.first else {
            context.standardOutput.write(Usage.toolHelp)
            return .success
        }
        guard let command = Usage.commands.first(where: { $0.name == name }) else {
            let suggestions = Suggestions.closeMatches(to: name, among: Usage.commands.map(\.name))
            reportUsageError(.unknownCommand(name, suggestions: suggestions), command: nil, context: context)
            return .usage
        }
        context.standardOutput.write(Usage.help(for: command))
        return .success
    }

    /// Prints `error: …`, the usage line and where to find help, on standard error.
    static func reportUsageError(_ error: ArgumentError, command: CommandDefinition?, context: DriverContext) {
        let usage = command?.usageLine ?? Usage.toolUsageLine
        let helpHint = command.map { "see `evdlc \($0.name) --help`" } ?? "see `evdlc --help`"
        context.standardError.write("error: \(error.message)\n\(usage)\n\(helpHint)\n")
    }
}

/// The subcommands of `evdlc`.
enum Subcommand: String, CaseIterable, Sendable {
    /// `evdlc check`.
    case check
    /// `evdlc generate`.
    case generate
    /// `evdlc explain`.
    case explain
    /// `evdlc lock`.
    case lock
    /// `evdlc test`.
    case test
    /// `evdlc format`.
    case format
    /// `evdlc graph`.
    case graph
    /// `evdlc lsp`.
    case lsp

    /// The command line the subcommand accepts.
    var definition: CommandDefinition {
        switch self {
        case .check: CheckCommand.definition
        case .generate: GenerateCommand.definition
        case .explain: ExplainCommand.definition
        case .lock: LockCommand.definition
        case .test: TestCommand.definition
        case .format: FormatCommand.definition
        case .graph: GraphCommand.definition
        case .lsp: LanguageServerCommand.definition
        }
    }

    /// Runs the subcommand with parsed arguments.
    func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        switch self {
        case .check: CheckCommand.run(arguments, context: context)
        case .generate: GenerateCommand.run(arguments, context: context)
        case .explain: ExplainCommand.run(arguments, context: context)
        case .lock: LockCommand.run(arguments, context: context)
        case .test: TestCommand.run(arguments, context: context)
        case .format: FormatCommand.run(arguments, context: context)
        case .graph: GraphCommand.run(arguments, context: context)
        case .lsp: LanguageServerCommand.run(arguments, context: context)
        }
    }
}
