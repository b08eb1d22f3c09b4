import EVDLSyntax

/// `evdlc explain CODE` prints the long explanation of a diagnostic code; `evdlc explain --list` lists them all.
enum ExplainCommand {
    /// The command line of `explain`.
    static let definition = CommandDefinition(
        name: "explain", summary: "Print the long explanation of a diagnostic code.",
        argumentsSynopsis: "<code>", minimumArguments: 0, maximumArguments: 1,
        options: [OptionDefinition("list", help: "List every code with its title.")],
        discussion: """
            Codes are written as printed (`EVDL0102`); the prefix and letter case are optional (`0102`, `evdl0102`).
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        if arguments.flag("list") {
            guard arguments.positionals.isEmpty else {
                Driver.reportUsageError(.unexpectedArgument(arguments.positionals[0]), command: definition, context: context)
                return .usage
            }
            context.standardOutput.write(list())
            return .success
        }
        guard let written = arguments.positionals.first else {
            Driver.reportUsageError(.missingArgument("<code>"), command: definition, context: context)
            return .usage
        }
        let code = normalize(written)
        guard let explanation = DiagnosticRegistry.explanation(for: code) else {
            let close = closeCodes(to: code)
            var message = "error: no diagnostic code `\(written)`"
            if !close.isEmpty { message += "; did you mean " + close.map { "`\($0)`" }.joined(separator: " or ") + "?" }
            context.standardError.write(message + "\nsee `evdlc explain --list` for every code\n")
            return .usage
        }
        context.standardOutput.write(render(explanation))
        return .success
    }

    /// `0102`, `evdl0102` and `EVDL0102` all mean `EVDL0102`.
    static func normalize(_ written: String) -> DiagnosticCode {
        let upper = written.uppercased()
        if upper.hasPrefix("EVDL") { return DiagnosticCode(upper) }
        if !upper.isEmpty, upper.allSatisfy(\.isNumber) {
            return DiagnosticCode("EVDL" + String(repeating: "0", count: max(0, 4 - upper.count)) + upper)
        }
        return DiagnosticCode(upper)
    }

    /// Up to three registered codes of the same range (`EVDL09xx`), numerically closest; otherwise the codes within a
    /// small edit distance.
    static func closeCodes(to code: DiagnosticCode) -> [String] {
        let known = DiagnosticRegistry.all.map(\.code.rawValue)
        let digits = { (text: String) in Int(text.dropFirst(4)) }
        if let number = digits(code.rawValue), code.rawValue.count == 8 {
            let sameRange = known.compactMap { candidate in
                digits(candidate).flatMap { $0 / 100 == number / 100 ? (candidate, abs($0 - number)) : nil }
            }
            if !sameRange.isEmpty {
                return sameRange.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
            }
        }
        return Suggestions.closeMatches(to: code.rawValue, among: known)
    }

    /// One line per code: `EVDL0102  title`.
    static func list() -> String {
        DiagnosticRegistry.all.map { "\($0.code)  \($0.title)\n" }.joined()
    }

    /// The explanation as printed: title, paragraphs, the failing example and the fixed one, indented.
    static func render(_ explanation: DiagnosticExplanation) -> String {
        func indented(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
        }
        return """
            \(explanation.code): \(explanation.title)

            \(explanation.explanation)

            Example of the error:

            \(indented(explanation.failingExample))

            Fixed:

            \(indented(explanation.fixedExample))

            """
    }
}
