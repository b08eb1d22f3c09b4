/// One option a command accepts: a flag (`--warnings-as-errors`) or an option with a value (`--format json`).
struct OptionDefinition: Sendable {
    /// The long name without dashes (`format`).
    let name: String
    /// The one-letter name, if any (`o` for `-o`).
    let short: Character?
    /// The value's placeholder in help (`DIR`), or `nil` for a flag.
    let valueName: String?
    /// The accepted values; empty means any value.
    let allowedValues: [String]
    /// One line of help.
    let help: String

    init(_ name: String, short: Character? = nil, value: String? = nil, allowed: [String] = [], help: String) {
        self.name = name
        self.short = short
        self.valueName = value
        self.allowedValues = allowed
        self.help = help
    }

    /// `-o, --output DIR` as shown in help.
    var synopsis: String {
        let names = (short.map { "-\($0), " } ?? "") + "--\(name)"
        if let valueName {
            return names + " " + (allowedValues.isEmpty ? valueName : allowedValues.joined(separator: "|"))
        }
        return names
    }
}

/// The shape of one subcommand's command line.
struct CommandDefinition: Sendable {
    /// The subcommand (`check`).
    let name: String
    /// One line saying what it does.
    let summary: String
    /// The positional arguments as shown in the usage line (`[paths…]`).
    let argumentsSynopsis: String
    /// The fewest positional arguments accepted.
    let minimumArguments: Int
    /// The most positional arguments accepted, if limited.
    let maximumArguments: Int?
    /// The options, besides `-h`/`--help` which every command has.
    let options: [OptionDefinition]
    /// Paragraphs printed after the options in `--help`.
    let discussion: String

    /// `evdlc check [options] [paths…]`.
    var usageLine: String {
        "usage: evdlc \(name) [options]" + (argumentsSynopsis.isEmpty ? "" : " \(argumentsSynopsis)")
    }

    /// The options including `--help`.
    var allOptions: [OptionDefinition] {
        options + [OptionDefinition("help", short: "h", help: "Show help for `evdlc \(name)`.")]
    }
}

/// A command line after parsing: the positional arguments, the options with values and the flags given.
struct ParsedArguments: Sendable, Equatable {
    /// Arguments that are not options, in order (everything after `--` included).
    var positionals: [String] = []
    /// The value of each option given (the last one wins when repeated).
    var values: [String: String] = [:]
    /// The flags given.
    var flags: Set<String> = []

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// What is wrong with a command line. Each becomes a message, the usage line, and exit status 2.
enum ArgumentError: Error, Equatable, Sendable {
    /// An option the command does not know, with close matches.
    case unknownOption(String, suggestions: [String])
    /// An option that needs a value was last, or followed by nothing usable.
    case missingValue(option: String, valueName: String)
    /// A flag was given a value (`--help=yes`).
    case unexpectedValue(option: String)
    /// A value outside the accepted ones.
    case invalidValue(option: String, value: String, allowed: [String])
    /// More positional arguments than the command takes.
    case unexpectedArgument(String)
    /// Fewer positional arguments than the command needs.
    case missingArgument(String)
    /// A subcommand that does not exist, with close matches.
    case unknownCommand(String, suggestions: [String])
    /// No subcommand was given.
    case missingCommand
    /// A required option was not given.
    case missingOption(String)

    /// The message printed after `error: `.
    var message: String {
        switch self {
        case let .unknownOption(option, suggestions):
            return "unknown option `\(option)`" + Self.didYouMean(suggestions)
        case let .missingValue(option, valueName):
            return "missing value for `\(option)` (expected \(valueName))"
        case let .unexpectedValue(option):
            return "option `--\(option)` does not take a value"
        case let .invalidValue(option, value, allowed):
            return "invalid value `\(value)` for `--\(option)` (expected one of: \(allowed.joined(separator: ", ")))"
        case let .unexpectedArgument(argument):
            return "unexpected argument `\(argument)`"
        case let .missingArgument(name):
            return "missing argument \(name)"
        case let .unknownCommand(command, suggestions):
            return "unknown command `\(command)`" + Self.didYouMean(suggestions)
        case .missingCommand:
            return "missing command"
        case let .missingOption(option):
            return "missing required option `--\(option)`"
        }
    }

    private static func didYouMean(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        return "; did you mean " + suggestions.map { "`\($0)`" }.joined(separator: " or ") + "?"
    }
}

/// Parses one subcommand's arguments by hand: `--opt value`, `--opt=value`, `-o value`, `-ovalue`, flags,
/// `--` (everything after is positional), and a lone `-` as a positional.
enum ArgumentParser {
    /// Parses `arguments` (without the tool and subcommand names) against `command`.
    static func parse(_ arguments: [String], for command: CommandDefinition) throws(ArgumentError) -> ParsedArguments {
        let options = command.allOptions
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            // Split `--name=value` / `-xvalue` into a name and an attached value.
            let option: OptionDefinition
            let spelled: String
            var attached: String?
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name: Substring
                if let equals = body.firstIndex(of: "=") {
                    name = body[..<equals]
                    attached = String(body[body.index(after: equals)...])
                } else {
                    name = body
                }
                spelled = "--" + name
                guard let found = options.first(where: { $0.name == name }) else {
                    let names = options.map { "--" + $0.name }
                    throw .unknownOption(spelled, suggestions: Suggestions.closeMatches(to: spelled, among: names))
                }
                option = found
            } else {
                let letter = argument.dropFirst().first!
                spelled = "-\(letter)"
                guard let found = options.first(where: { $0.short == letter }) else {
                    throw .unknownOption(argument, suggestions: [])
                }
                option = found
                let rest = argument.dropFirst(2)
                if !rest.isEmpty {
                    guard found.valueName != nil else { throw .unexpectedValue(option: found.name) }
                    attached = String(rest)
                }
            }
            guard let valueName = option.valueName else {
                if attached != nil { throw .unexpectedValue(option: option.name) }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let attached {
                value = attached
            } else if index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" {
                value = arguments[index]
                index += 1
            } else {
                throw .missingValue(option: spelled, valueName: valueName)
            }
            if value.isEmpty { throw .missingValue(option: spelled, valueName: valueName) }
            if !option.allowedValues.isEmpty, !option.allowedValues.contains(value) {
                throw .invalidValue(option: option.name, value: value, allowed: option.allowedValues)
            }
            parsed.values[option.name] = value
        }
        if parsed.flag("help") { return parsed }
        if let maximum = command.maximumArguments, parsed.positionals.count > maximum {
            throw .unexpectedArgument(parsed.positionals[maximum])
        }
        if parsed.positionals.count < command.minimumArguments {
            throw .missingArgument(command.argumentsSynopsis)
        }
        return parsed
    }
}
