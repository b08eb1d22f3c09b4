@testable import EVDLDriver
import Testing

@Suite("Argument parsing")
struct ArgumentParserTests {
    let check = CheckCommand.definition
    let generate = GenerateCommand.definition

    @Test("`--opt value`, `--opt=value`, `-o value`, `-ovalue` and flags")
    func spellings() throws {
        let a = try ArgumentParser.parse(["--format", "json", "a.evdl", "--warnings-as-errors"], for: check)
        #expect(a == ParsedArguments(positionals: ["a.evdl"], values: ["format": "json"], flags: ["warnings-as-errors"]))
        let b = try ArgumentParser.parse(["--format=github", "--color=never"], for: check)
        #expect(b.values == ["format": "github", "color": "never"])
        let c = try ArgumentParser.parse(["-o", "Out", "x"], for: generate)
        #expect(c.values["output"] == "Out" && c.positionals == ["x"])
        let d = try ArgumentParser.parse(["-oOut"], for: generate)
        #expect(d.values["output"] == "Out")
    }

    @Test("after `--` everything is a path, even what looks like an option")
    func doubleDash() throws {
        let parsed = try ArgumentParser.parse(["--format", "plain", "--", "--weird.evdl", "-"], for: check)
        #expect(parsed.positionals == ["--weird.evdl", "-"])
        #expect(parsed.values["format"] == "plain")
    }

    @Test("the last of a repeated option wins")
    func repeated() throws {
        #expect(try ArgumentParser.parse(["--format", "json", "--format", "plain"], for: check).values["format"] == "plain")
    }

    @Test("unknown options are reported with close matches")
    func unknownOption() {
        #expect(throws: ArgumentError.unknownOption("--formt", suggestions: ["--format"])) {
            try ArgumentParser.parse(["--formt", "json"], for: check)
        }
        #expect(throws: ArgumentError.unknownOption("-x", suggestions: [])) {
            try ArgumentParser.parse(["-x"], for: check)
        }
    }

    @Test("a missing value is reported, also when the next word is an option")
    func missingValue() {
        #expect(throws: ArgumentError.missingValue(option: "--format", valueName: "FORMAT")) {
            try ArgumentParser.parse(["--format"], for: check)
        }
        #expect(throws: ArgumentError.missingValue(option: "--output", valueName: "DIR")) {
            try ArgumentParser.parse(["--output", "--format", "json"], for: generate)
        }
        #expect(throws: ArgumentError.missingValue(option: "--output", valueName: "DIR")) {
            try ArgumentParser.parse(["--output="], for: generate)
        }
    }

    @Test("values outside the accepted ones, and values given to flags, are errors")
    func invalidValues() {
        #expect(throws: ArgumentError.invalidValue(option: "format", value: "xml", allowed: ["human", "plain", "json", "github", "sarif"])) {
            try ArgumentParser.parse(["--format=xml"], for: check)
        }
        #expect(throws: ArgumentError.unexpectedValue(option: "warnings-as-errors")) {
            try ArgumentParser.parse(["--warnings-as-errors=yes"], for: check)
        }
    }

    @Test("too many positional arguments")
    func tooMany() {
        #expect(throws: ArgumentError.unexpectedArgument("EVDL0002")) {
            try ArgumentParser.parse(["EVDL0001", "EVDL0002"], for: ExplainCommand.definition)
        }
    }

    @Test("messages name the problem")
    func messages() {
        #expect(ArgumentError.unknownCommand("chek", suggestions: ["check"]).message == "unknown command `chek`; did you mean `check`?")
        #expect(ArgumentError.missingValue(option: "--format", valueName: "FORMAT").message == "missing value for `--format` (expected FORMAT)")
    }
}
