import EVDLDriver
import Foundation
import Testing

/// `evdlc format`: in place, `--check`, `--diff`, standard input, syntax errors.
@Suite struct FormatCommandTests {
    static let messy = "type Item{sku:String,quantity:Int=1}\n\n\n\nenum Color {red,green}\n"
    static let tidy = "type Item { sku: String, quantity: Int = 1 }\n\nenum Color { red, green }\n"

    @Test("format rewrites the files that change and leaves formatted ones untouched")
    func rewritesInPlace() throws {
        let directory = try TemporaryDirectory()
        try directory.write("specs/a.evdl", Self.messy)
        try directory.write("specs/b.evdl", Self.tidy)
        let before = try FileManager.default.attributesOfItem(atPath: directory.path + "/specs/b.evdl")[.modificationDate] as? Date
        let run = runDriver(["format", "specs"], in: directory.path)
        #expect(run.status == .success)
        #expect(run.output.isEmpty && run.errors.isEmpty)
        #expect(try String(contentsOfFile: directory.path + "/specs/a.evdl", encoding: .utf8) == Self.tidy)
        let after = try FileManager.default.attributesOfItem(atPath: directory.path + "/specs/b.evdl")[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test("--check lists the unformatted files, changes nothing and exits 1")
    func check() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.evdl", Self.messy)
        try directory.write("b.evdl", Self.tidy)
        let run = runDriver(["format", "--check", "."], in: directory.path)
        #expect(run.status == .findings)
        #expect(run.output == "./a.evdl\n")
        #expect(try String(contentsOfFile: directory.path + "/a.evdl", encoding: .utf8) == Self.messy)
        #expect(runDriver(["format", "--check", "b.evdl"], in: directory.path).status == .success)
    }

    @Test("--diff prints a unified diff, changes nothing and exits 1")
    func diff() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.evdl", Self.messy)
        let run = runDriver(["format", "--diff", "a.evdl"], in: directory.path)
        #expect(run.status == .findings)
        let expected = [
            "--- a.evdl", "+++ a.evdl (formatted)", "@@ -1,5 +1,3 @@",
            "-type Item{sku:String,quantity:Int=1}", "-", "-", "+type Item { sku: String, quantity: Int = 1 }", " ",
            "-enum Color {red,green}", "+enum Color { red, green }",
        ]
        #expect(run.output == expected.joined(separator: "\n") + "\n")
        #expect(try String(contentsOfFile: directory.path + "/a.evdl", encoding: .utf8) == Self.messy)
    }

    @Test("--diff gives each change its own hunk with three lines of context")
    func diffHunks() throws {
        let directory = try TemporaryDirectory()
        let fields = (1...12).map { "  f\($0): Int" }
        var messy = fields
        messy[0] = "  f1:Int"
        messy[11] = "  f12:Int"
        try directory.write("a.evdl", (["type T {"] + messy + ["}"]).joined(separator: "\n") + "\n")
        let run = runDriver(["format", "--diff", "a.evdl"], in: directory.path)
        let expected = [
            "--- a.evdl", "+++ a.evdl (formatted)",
            "@@ -1,5 +1,5 @@", " type T {", "-  f1:Int", "+  f1: Int", "   f2: Int", "   f3: Int", "   f4: Int",
            "@@ -10,5 +10,5 @@", "   f9: Int", "   f10: Int", "   f11: Int", "-  f12:Int", "+  f12: Int", " }",
        ]
        #expect(run.output == expected.joined(separator: "\n") + "\n")
    }

    @Test("`-` and --stdin format standard input to standard output")
    func standardInput() throws {
        for arguments in [["format", "-"], ["format", "--stdin"]] {
            let run = runDriver(arguments, in: "/", standardInput: Self.messy)
            #expect(run.status == .success)
            #expect(run.output == Self.tidy)
        }
        let check = runDriver(["format", "--check", "-"], in: "/", standardInput: Self.messy)
        #expect(check.status == .findings)
        #expect(check.output == "<stdin>\n")
        #expect(runDriver(["format", "--check", "-"], in: "/", standardInput: Self.tidy).status == .success)
    }

    @Test("standard input cannot be mixed with paths")
    func standardInputAlone() {
        let run = runDriver(["format", "-", "a.evdl"], in: "/", standardInput: Self.messy)
        #expect(run.status == .usage)
        #expect(run.errors.contains("unexpected argument `a.evdl`"))
    }

    @Test("a file with syntax errors is left as it is; its errors go to standard error with status 1")
    func syntaxErrors() throws {
        let directory = try TemporaryDirectory()
        let broken = "type Item {sku: }\n"
        try directory.write("bad.evdl", broken)
        try directory.write("good.evdl", Self.messy)
        let run = runDriver(["format", "."], in: directory.path)
        #expect(run.status == .findings)
        #expect(run.errors.contains("./bad.evdl:1:"))
        #expect(run.output.isEmpty)
        #expect(try String(contentsOfFile: directory.path + "/bad.evdl", encoding: .utf8) == broken)
        #expect(try String(contentsOfFile: directory.path + "/good.evdl", encoding: .utf8) == Self.tidy)
        let stdin = runDriver(["format", "-"], in: "/", standardInput: broken)
        #expect(stdin.status == .findings)
        #expect(stdin.output.isEmpty)
        #expect(stdin.errors.contains("<stdin>:1:"))
    }

    @Test("a missing path is exit status 2")
    func missingPath() throws {
        let directory = try TemporaryDirectory()
        let run = runDriver(["format", "nope.evdl"], in: directory.path)
        #expect(run.status == .usage)
        #expect(run.errors.contains("no such file or directory: `nope.evdl`"))
    }

    @Test("the help lists the options")
    func help() {
        let run = runDriver(["format", "--help"], in: "/")
        #expect(run.status == .success)
        for option in ["--check", "--diff", "--stdin"] { #expect(run.output.contains(option)) }
        #expect(runDriver(["--help"], in: "/").output.contains("format"))
    }
}
