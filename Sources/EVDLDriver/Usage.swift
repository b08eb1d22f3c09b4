/// The help texts of `evdlc` and its commands, made from the command definitions.
enum Usage {
    /// The version printed by `--version`.
    static let version = "0.1.0"

    /// Every subcommand's definition, in the order `--help` lists them.
    static var commands: [CommandDefinition] { Subcommand.allCases.map(\.definition) }

    /// The usage line of the tool.
    static let toolUsageLine = "usage: evdlc <command> [options] [arguments]"

    /// `evdlc --help`.
    static var toolHelp: String {
        let width = commands.map(\.name.count).max() ?? 0
        let list = commands.map { "  " + $0.name.padding(to: width) + "   " + $0.summary }.joined(separator: "\n")
        return """
            evdlc \(version): the EVDL compiler. Checks event-driven system specs (`.evdl`), generates Swift, formats
            specs and draws them.

            \(toolUsageLine)

            commands:
            \(list)

            options:
              -h, --help     Show this help (or `evdlc <command> --help` for a command).
              --version      Print the version.

            exit status: 0 success, 1 errors found in the specs, 2 wrong command line or unreadable input.

            """
    }

    /// `evdlc <command> --help`.
    static func help(for command: CommandDefinition) -> String {
        let options = command.allOptions
        let width = options.map(\.synopsis.count).max() ?? 0
        let list = options.map { "  " + $0.synopsis.padding(to: width) + "   " + $0.help }.joined(separator: "\n")
        return """
            \(command.summary)

            \(command.usageLine)

            options:
            \(list)

            \(command.discussion)

            """
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
