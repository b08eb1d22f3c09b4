import EVDLDriver
import Foundation
import Testing

@Suite("evdlc check")
struct CheckCommandTests {
    @Test("a missing path is a located EVDL0901 error and status 2; the other inputs are still read")
    func missingPath() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ok.evdl", "type A { x: Int }\n")
        let run = runDriver(["check", "--format", "plain", "nope.evdl", "ok.evdl"], in: dir.path)
        #expect(run.status == .usage)
        #expect(run.output.hasPrefix("nope.evdl:1:1: error: no such file or directory: `nope.evdl` [EVDL0901]\n"))
    }

    @Test("a directory that is not a regular file is unreadable (EVDL0902)")
    func notARegularFile() throws {
        let run = runDriver(["check", "--format", "plain", "/dev/null"], in: "/")
        #expect(run.status == .usage)
        #expect(run.output.hasPrefix("/dev/null:1:1: error: cannot read `/dev/null`: not a regular file [EVDL0902]\n"))
    }

    @Test("a spec file over 4 GiB is refused before it is read (positions are 32-bit offsets)")
    func tooLarge() throws {
        let dir = try TemporaryDirectory()
        try dir.write("big.evdl", "")
        let handle = try #require(FileHandle(forWritingAtPath: dir.path + "/big.evdl"))
        try handle.truncate(atOffset: UInt64(UInt32.max) + 1)  // sparse: nothing is written
        try handle.close()
        let run = runDriver(["check", "--format", "plain", "big.evdl"], in: dir.path)
        #expect(run.status == .usage)
        #expect(run.output.hasPrefix("big.evdl:1:1: error: cannot read `big.evdl`: it is 4294967296 bytes; a spec file can be at most 4294967295 bytes (4 GiB) [EVDL0902]\n"))
    }

    @Test("a directory without specs warns; --warnings-as-errors makes that status 1")
    func emptyDirectory() throws {
        let dir = try TemporaryDirectory()
        try dir.write("Specs/readme.txt", "not a spec")
        let warn = runDriver(["check", "Specs", "--format=plain"], in: dir.path)
        #expect(warn.status == .success)
        #expect(warn.output == "Specs:1:1: warning: no `.evdl` files found in `Specs` [EVDL0903]\nSpecs:1:1: note: help: spec files must end in `.evdl`; hidden directories (such as `.build`) are skipped\n")
        let strict = runDriver(["check", "Specs", "--format=plain", "--warnings-as-errors"], in: dir.path)
        #expect(strict.status == .findings)
        #expect(strict.output.hasPrefix("Specs:1:1: error: no `.evdl` files found in `Specs` [EVDL0903]\n"))
    }

    @Test("the default format is plain off a terminal and human on one; colour follows the terminal and NO_COLOR")
    func defaultFormatAndColour() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/Empty", withIntermediateDirectories: true)
        let plain = runDriver(["check", "Empty"], in: dir.path)
        #expect(plain.output.hasPrefix("Empty:1:1: warning:"))
        let human = runDriver(["check", "Empty"], in: dir.path, terminal: true)
        #expect(human.output.hasPrefix("\u{1B}[1;33mwarning[EVDL0903]"))
        #expect(human.output.hasSuffix("warning\u{1B}[0m\u{1B}[1m: 1 warning emitted\u{1B}[0m\n"))
        let noColor = runDriver(["check", "Empty"], in: dir.path, terminal: true, environment: ["NO_COLOR": "1"])
        #expect(noColor.output.hasPrefix("warning[EVDL0903]: no `.evdl` files found in `Empty`\n --> Empty:1:1\n"))
        let never = runDriver(["check", "Empty", "--color", "never"], in: dir.path, terminal: true)
        #expect(never.output == noColor.output)
        let always = runDriver(["check", "Empty", "--color=always", "--format", "human"], in: dir.path)
        #expect(always.output == human.output)
    }

    @Test("JSON output of a clean run is an empty array with status 0")
    func cleanJSON() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.evdl", "")
        let run = runDriver(["check", "--format", "json", "a.evdl"], in: dir.path)
        #expect(run.status == .success && run.output == "[]\n")
    }

    @Test("after `--` a path that starts with a dash is an input")
    func doubleDashPath() throws {
        let dir = try TemporaryDirectory()
        try dir.write("-odd.evdl", "")
        let run = runDriver(["check", "--format", "json", "--", "-odd.evdl"], in: dir.path)
        #expect(run.status == .success && run.output == "[]\n")
        let without = runDriver(["check", "-odd.evdl"], in: dir.path)
        #expect(without.status == .usage && without.errors.hasPrefix("error: unknown option `-odd.evdl`"))
    }
}

@Suite("evdlc check over the real parser and checker")
struct CheckPipelineTests {
    @Test("the checkout example checks clean")
    func example() {
        let run = runDriver(["check", "Examples/Checkout/Sources/Checkout", "--format", "plain"], in: packageRoot)
        #expect(run.status == .success)
        #expect(run.output.isEmpty, "\(run.output)")
    }

    @Test("a file with a syntax error is still checked: its partial tree's errors and another file's are all reported, by place")
    func partialTreesAreChecked() throws {
        let dir = try TemporaryDirectory()
        try dir.write("Specs/a.evdl", """
            type A { x: Strin }
            aggregate {
            """)
        try dir.write("Specs/b.evdl", """
            type B { y: Imt }
            """)
        let run = runDriver(["check", "Specs", "--format", "plain"], in: dir.path)
        #expect(run.status == .findings)
        let errors = run.output.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 3, "\(run.output)")
        #expect(errors.first?.hasPrefix("Specs/a.evdl:1:13: error: ") == true)
        #expect(errors.dropFirst().first?.hasPrefix("Specs/a.evdl:2:") == true)
        #expect(errors.last?.hasPrefix("Specs/b.evdl:1:13: error: ") == true)
    }
}
