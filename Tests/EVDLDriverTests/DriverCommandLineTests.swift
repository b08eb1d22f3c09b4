import EVDLDriver
import Testing

@Suite("evdlc command line")
struct DriverCommandLineTests {
    @Test("--version and --help succeed on standard output")
    func versionAndHelp() {
        let version = runDriver(["--version"], in: "/")
        #expect(version.status == .success && version.output == "evdlc 0.1.0\n")
        let help = runDriver(["--help"], in: "/")
        #expect(help.status == .success)
        #expect(help.output.contains("usage: evdlc <command> [options] [arguments]"))
        #expect(help.output.contains("  check      Check specs and report their diagnostics."))
        for command in ["check", "generate", "explain"] {
            let sub = runDriver([command, "--help"], in: "/")
            #expect(sub.status == .success)
            #expect(sub.output.contains("usage: evdlc \(command) [options]"))
            #expect(runDriver(["help", command], in: "/").output == sub.output)
        }
    }

    @Test("no command prints the help on standard error with status 2")
    func noCommand() {
        let run = runDriver([], in: "/")
        #expect(run.status == .usage && run.output.isEmpty && run.errors.contains("usage: evdlc"))
    }

    @Test("an unknown command gets a suggestion, the usage line and status 2")
    func unknownCommand() {
        let run = runDriver(["chekc", "x.evdl"], in: "/")
        #expect(run.status == .usage)
        #expect(run.errors == """
            error: unknown command `chekc`; did you mean `check`?
            usage: evdlc <command> [options] [arguments]
            see `evdlc --help`

            """)
    }

    @Test("an unknown option of a command prints that command's usage line")
    func unknownOption() {
        let run = runDriver(["check", "--warnings-as-error"], in: "/")
        #expect(run.status == .usage && run.output.isEmpty)
        #expect(run.errors == """
            error: unknown option `--warnings-as-error`; did you mean `--warnings-as-errors`?
            usage: evdlc check [options] [paths…]
            see `evdlc check --help`

            """)
    }

    @Test("a missing value and a missing required option are usage errors")
    func missingValues() {
        let run = runDriver(["check", "--format"], in: "/")
        #expect(run.status == .usage && run.errors.hasPrefix("error: missing value for `--format` (expected FORMAT)\n"))
        let generate = runDriver(["generate", "x.evdl"], in: "/")
        #expect(generate.status == .usage && generate.errors.hasPrefix("error: missing required option `--output`\nusage: evdlc generate"))
    }
}
